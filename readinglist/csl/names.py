"""CSL-JSON names as other programs write them: a suffix in the given name."""

from __future__ import annotations

import re
from typing import Any

# The first comma of a given name, with the "!" that citeproc-js reads as "print the comma".
_SUFFIX_COMMA = re.compile(r"\s*,!*\s*")


def given_suffix(value: dict[str, Any]) -> dict[str, Any]:
    """A name whose given part holds its suffix after a comma ("Martin Luther, Jr.", as
    Zotero users write it in the first-name field; "John, III") with the suffix apart, as
    both reference processors read CSL-JSON: "King, M. L., Jr." in APA, "John Doe III" in
    Chicago's display order. A name with a suffix of its own, or whose given part ends in
    "et al.", is left as it is."""
    given = value.get("given")
    if value.get("suffix") or not isinstance(given, str) or "," not in given:
        return value
    m = _SUFFIX_COMMA.search(given)
    if m is None:
        return value
    suffix = given[m.end() :].strip()
    if suffix.replace(".", "").strip() == "et al":
        return value
    out = {**value, "given": given[: m.start()]}
    if suffix:
        out["suffix"] = suffix
    return out
