"""DOIs, ISBNs, PubMed IDs and arXiv IDs as people type them -> one normal form, checked
before any request is made.

A DOI may come bare, as ``doi:10...``, as a ``https://doi.org/`` or ``dx.doi.org`` link,
URL-encoded, in any case; it is returned bare, with its case kept (DOIs compare ignoring case).
An ISBN may be ISBN-10 or ISBN-13, with or without hyphens or spaces; its check digit is
verified and it is returned as ISBN-13.

Copied from a web page, a DOI may also sit inside a publisher's link
(``https://onlinelibrary.wiley.com/doi/full/10.1002/wps.20238``,
``link.springer.com/article/10.1007/…``, ``/doi/abs/``, ``/doi/pdf/``) or end a sentence
(``10.1002/wps.20238.``, ``(10.1002/wps.20238)``): :func:`doi_in_text` finds it.

A PubMed ID is ``PMID: 12345678``, a pubmed.ncbi.nlm.nih.gov link or bare digits (at most 8:
an ISBN has 10 or 13). An arXiv ID, new (``2202.01037``) or old (``hep-th/9901001``), with
``arXiv:``, as an arxiv.org link, with or without a version, becomes arXiv's DataCite DOI
``10.48550/arXiv.ID``: arXiv registers one DOI per article, not per version.
"""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass

from readinglist.errors import InvalidDoiError, ReadingListError

# The forms a DOI is written in besides the bare one: ``doi:``, ``info:doi/``, and links
# to a resolver (doi.org, dx.doi.org, www.doi.org; http or https; through a proxy).
# "doi:", "info:doi/", a resolver link; and "DOI 10.…" or "DOI10.…" as reference lists and
# some exports write it (a word "doi" is taken off only before the "10." of a DOI).
# A resolver's host may come through a library's proxy, which keeps it as the first labels of
# its own host name ("dx.doi.org.proxy.example.edu", or with hyphens "doi-org.proxy.…",
# EZproxy's two forms) and may add a port: the path is still the DOI.
_RESOLVER = r"(?:https?://)?(?:(?:www|dx)[.-])?doi[.-]org(?:\.[a-z0-9-]+)*(?::\d+)?/"
_DOI_PREFIX = re.compile(
    rf"^\s*(?:doi:\s*|doi\s*(?=10\.)|info:doi/|{_RESOLVER})",
    re.IGNORECASE,
)
_DOI_LINK = re.compile(rf"^\s*{_RESOLVER}", re.IGNORECASE)
# Crossref's recommended pattern: a 10. directory, a 4-9 digit registrant, any printable suffix.
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
# TeX escapes of characters that a DOI may hold, as reference managers write them into .bib
# files (``10.1000/a\_b``, ``{\_}``, Mendeley's ``{\textunderscore }``). biblatex reads
# ``doi`` verbatim, so these are the only LaTeX undone in a DOI: never dashes, quotes or
# accents. A control word ends at a space, ``{}`` or a character that is no letter (TeX).
_TEX_ESCAPE = re.compile(r"\{\\([_%&#$~])\}|\\([_%&#$~])")
_TEX_WORDS = {
    "textunderscore": "_",
    "textasciitilde": "~",
    "textdollar": "$",
    "textless": "<",
    "textgreater": ">",
}
_TEX_WORD = re.compile(
    r"\{\\(%s)\s*\}|\\(%s)(?:\s*\{\}|\s+|(?![A-Za-z]))" % (("|".join(_TEX_WORDS),) * 2)
)
# The parameters the doi.org proxy reads from a link's query (its resolution documentation).
_PROXY_QUERY = re.compile(r"\?(?:locatt|noredirect|urlappend)\b.*$", re.IGNORECASE | re.DOTALL)
# DOI Handbook 2.5.2.4: in a URL, these characters of a DOI must (or should) be percent-encoded.
_URL_UNSAFE = frozenset('%"#? <>{}^[]`|\\+')


def normalize_doi(value: str) -> str:
    """The bare DOI that `value` writes, or `value` stripped when it is no DOI at all.

    Prefixes are removed; a resolver link loses the proxy's parameters and is percent-decoded
    (a link's DOI is percent-encoded); a bare DOI is kept byte for byte (``%25`` in it stays
    ``%25``). TeX escapes of ``_ % & # $ ~`` are undone, and the text commands of ``_ ~ $ <
    >`` (``{\\textunderscore }``). Case is kept: compare with :func:`doi_key`."""
    text = _TEX_ESCAPE.sub(lambda m: m.group(1) or m.group(2), value.strip())
    if "\\text" in text:
        text = _TEX_WORD.sub(lambda m: _TEX_WORDS[m.group(1) or m.group(2)], text)
    link = _DOI_LINK.match(text) is not None
    text = _DOI_PREFIX.sub("", text).strip()
    if link:
        # The doi.org proxy's own parameters in the link's query (``?locatt=label:…``, which
        # picks a landing page) are no part of the DOI; any other "?" or "#" may be (a SICI
        # DOI ends "CO;2-#"), as people paste links without percent-encoding.
        text = urllib.parse.unquote(_PROXY_QUERY.sub("", text)).strip()
    return text


def is_doi(value: str) -> bool:
    """Whether `value` is a bare DOI that is safe to put in a request path: the syntax of
    Crossref's pattern, no control characters, and no ``.`` or ``..`` path segment (which
    would make ``https://doi.org/10.1234/../../x`` ask for another path)."""
    if not _DOI.match(value) or any(ord(c) < 32 or ord(c) == 127 for c in value):
        return False
    return not any(segment in (".", "..") for segment in value.split("/"))


def parse_doi(text: str) -> str:
    """The bare DOI in `text`; raises InvalidDoiError when there is none."""
    doi = normalize_doi(text)
    if not is_doi(doi):
        raise InvalidDoiError(text)
    return doi


def doi_url(doi: str, resolver: str = "https://doi.org") -> str:
    """The resolver link for a bare DOI, percent-encoded as the DOI Handbook asks (a SICI
    DOI's ``<`` and ``>`` become ``%3C`` and ``%3E``)."""
    quoted = "".join(f"%{ord(c):02X}" if c in _URL_UNSAFE else c for c in doi)
    return f"{resolver.rstrip('/')}/{quoted}"


def doi_key(doi: str) -> str:
    """How two DOIs are compared: case does not matter."""
    return doi.casefold()


class InvalidIsbnError(ReadingListError):
    """Raised for a string that is not a valid ISBN-10 or ISBN-13."""

    def __init__(self, value: str, reason: str) -> None:
        self.value = value
        super().__init__(f"'{value}' is not an ISBN: {reason}")


@dataclass(frozen=True)
class Identifier:
    kind: str  # "doi", "isbn" or "pmid"
    value: str

    def __str__(self) -> str:
        return f"{self.kind.upper()} {self.value}"


def _isbn10_ok(digits: str) -> bool:
    total = sum((10 - i) * (10 if c in "Xx" else int(c)) for i, c in enumerate(digits))
    return total % 11 == 0


def _isbn13_check(first12: str) -> int:
    total = sum((1 if i % 2 == 0 else 3) * int(c) for i, c in enumerate(first12))
    return (10 - total % 10) % 10


def parse_isbn(text: str) -> str:
    """The ISBN-13 of `text`; raises InvalidIsbnError for a wrong length or check digit."""
    raw = re.sub(r"^\s*isbn(?:-1[03])?:?\s*", "", text.strip(), flags=re.IGNORECASE)
    digits = re.sub(r"[\s-]", "", raw)
    if re.fullmatch(r"\d{9}[\dXx]", digits):
        if not _isbn10_ok(digits):
            raise InvalidIsbnError(text, "the check digit is wrong")
        first12 = "978" + digits[:9]
        return first12 + str(_isbn13_check(first12))
    if re.fullmatch(r"97[89]\d{10}", digits):
        if _isbn13_check(digits[:12]) != int(digits[12]):
            raise InvalidIsbnError(text, "the check digit is wrong")
        return digits
    raise InvalidIsbnError(text, "expected 10 or 13 digits (978/979 for ISBN-13)")


_OPENING, _CLOSING = "([{<", ")]}>"
_TRAILING = ".,;:!?'\"\u201d\u2019\u00bb/"


def strip_trailing_punctuation(doi: str) -> str:
    """`doi` without the sentence punctuation that followed it: full stops, commas, quotes
    and closing brackets that open nowhere in the DOI (DOIs such as
    ``10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-0`` keep theirs)."""
    while doi:
        last = doi[-1]
        if last in _TRAILING:
            doi = doi[:-1]
        elif last in _CLOSING:
            opening = _OPENING[_CLOSING.index(last)]
            if doi.count(opening) >= doi.count(last):
                break
            doi = doi[:-1]
        else:
            break
    return doi


def doi_in_text(text: str) -> str | None:
    """The DOI in a link (doi.org or a publisher's: the path from its ``10.`` segment on) or
    in a phrase such as ``(doi:10.1002/wps.20238).``; None when there is none."""
    stripped = text.strip().lstrip("([{<'\"\u201c\u2018\u00ab")
    if re.match(r"(?i)(?:https?://)?(?:[\w-]+\.)+[a-z]{2,}(?::\d+)?/", stripped):
        link = stripped if re.match(r"(?i)https?://", stripped) else f"https://{stripped}"
        try:
            path = urllib.parse.unquote(urllib.parse.urlsplit(link).path)
        except ValueError:
            return None
        m = re.search(r"/(10\.\d{4,9}/.+)$", path)
    else:
        m = re.search(r"(10\.\d{4,9}/\S+)$", stripped)
    if not m:
        return None
    doi = strip_trailing_punctuation(m.group(1))
    return doi if _DOI.match(doi) else None


_ARXIV_NEW = r"(?P<new>(?P<yy>\d{2})(?P<mm>\d{2})\.\d{4,5})"
_ARXIV_OLD = r"(?P<old>[a-z]+(?:-[a-z]+)*)(?:\.[A-Z]{2})?/(?P<number>\d{7})"
_ARXIV = re.compile(
    r"(?i:arxiv:\s*|(?:https?://)?(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/)?"
    rf"(?:{_ARXIV_NEW}|{_ARXIV_OLD})(?:v\d+)?(?i:\.pdf)?/?"
)


def parse_arxiv(text: str) -> str | None:
    """arXiv's DataCite DOI for an arXiv ID in any of its forms, or None if `text` is none."""
    m = _ARXIV.fullmatch(text.strip())
    if not m:
        return None
    if m.group("new"):
        if not 1 <= int(m.group("mm")) <= 12:
            return None
        return f"10.48550/arXiv.{m.group('new')}"
    return f"10.48550/arXiv.{m.group('old').lower()}/{m.group('number')}"


_PMID = re.compile(
    r"(?i:pmid:?\s*|(?:https?://)?(?:pubmed\.ncbi\.nlm\.nih\.gov/|(?:www\.)?ncbi\.nlm\.nih"
    r"\.gov/pubmed/))?(?P<pmid>\d{1,8})/?"
)


def parse_pmid(text: str) -> str | None:
    """The PubMed ID in `text` (``PMID: 123``, a PubMed link, bare digits), or None."""
    m = _PMID.fullmatch(text.strip())
    if not m or int(m.group("pmid")) == 0:
        return None
    return str(int(m.group("pmid")))


def parse_identifier(text: str) -> Identifier:
    """A DOI, an ISBN, a PubMed ID or an arXiv ID (as its DOI), whichever `text` is; the
    error explains what was expected."""
    stripped = text.strip()
    arxiv = parse_arxiv(stripped)
    if arxiv is not None:
        return Identifier("doi", arxiv)
    pmid = parse_pmid(stripped)
    if pmid is not None:
        return Identifier("pmid", pmid)
    if "10." in stripped and "/" in stripped:
        return Identifier("doi", parse_doi(doi_in_text(stripped) or stripped))
    if re.fullmatch(r"(?i)(isbn(-1[03])?:?\s*)?[\d\s-]{9,17}[\dXx]", stripped):
        return Identifier("isbn", parse_isbn(stripped))
    raise InvalidDoiError(text)
