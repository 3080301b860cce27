"""What must hold on Windows and macOS as on Linux: dates without glibc-only strftime flags."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from readinglist.model import Event
from readinglist.publish.listing import date_line, long_date

PACKAGE = Path(__file__).resolve().parents[1] / "readinglist"


def test_dates_are_written_the_same_on_every_platform() -> None:
    assert long_date(dt.date(2024, 1, 5)) == "5 January 2024"
    event = Event(
        "x", "X", (), date=dt.date(2024, 9, 3), end_date=dt.date(2024, 10, 1), cpd_hours=5.5
    )
    assert date_line(event) == "3 September – 1 October 2024 · 5.5 CPD hours"


def test_no_module_uses_a_strftime_flag_that_windows_lacks() -> None:
    # %-d, %-m and the like are glibc extensions: Windows' strftime raises ValueError on them.
    flagged = [
        f"{path.relative_to(PACKAGE)}:{number}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"%-[a-zA-Z]", line)
    ]
    assert flagged == []
