"""Dates: CSL 1.0.2, "Date", "Date-part", "Localized Date Formats" and "Date Ranges".

Stock citeproc-py's date rendering crashes on some ranges (a day range in Chicago, a month range
in IEEE), drops others (APA printed no date for "17-19 January 2013"), runs parts together
("17–192013 Jan." in NLM), mutates the locale's date-parts when a style overrides them, and
joins a localized date with the calling cs:date's delimiter ("1998Nov"). We render dates
ourselves, with citeproc-py's date-part elements for the text of each part:

- a localized date (``form="text"`` or ``"numeric"``) uses the locale's cs:date, its parts and
  delimiter, with the style's cs:date-part attributes overriding the locale's (but not the
  affixes), and ``date-parts`` choosing year-month-day, year-month or year;
- a range shows the parts both ends share once and the differing ones as a range joined by the
  ``range-delimiter`` of the largest differing part (en dash by default), as citeproc-js does:
  "January 17–19, 2013", "January 30–February 2, 2013", "November 3, 2012–February 1, 2013";
  the affixes next to the delimiter are left out; an open range ends on the delimiter ("2013–");
- a season stands in for a missing month (CSL-JSON's months 13–16 and 21–24 are seasons);
- a literal date is printed as it is, once: by a cs:date that shows the year.
"""

from __future__ import annotations

from typing import Any

from citeproc import model
from citeproc.source import DateRange, LiteralDate, VariableError
from citeproc.string import String

from readinglist.render.fixes.base import Element, current
from readinglist.render.fixes.ordinals import ordinal, term_gender
from readinglist.render.fixes.punctuation import AffixSeams, affix, join_seam
from readinglist.render.fixes.text_case import TextCase
from readinglist.render.formatter import Html

_LEVELS = ("year", "month", "day")
_OVERRIDABLE = (
    "form",
    "text-case",
    "strip-periods",
    "range-delimiter",
    *("font-style", "font-variant", "font-weight", "text-decoration", "vertical-align"),
)


class _Part(
    TextCase,
    AffixSeams,
    model.Formatted,  # type: ignore[misc]
    model.Affixed,  # type: ignore[misc]
    model.TextCased,  # type: ignore[misc]
    model.StrippedPeriods,  # type: ignore[misc]
):
    """A date part as a style uses it: the locale's cs:date-part with the style's overrides."""

    def __init__(self, element: Any, overrides: dict[str, str], terms: Any) -> None:
        self.name = str(element.get("name"))
        self.attributes = {**dict(element.attrib), **overrides}
        self.terms = terms  # the element whose locales give month, season and ordinal terms

    def get(self, name: str, default: Any = None) -> Any:
        return self.attributes.get(name, default)

    def get_formatter(self) -> Any:
        return Html

    def text(self, date: Any) -> str | None:
        """The part's text for `date`, formatted, without affixes (None when it has none)."""
        value = _value(date, self.name)
        if value is None:
            return None
        form = self.get("form")
        if self.name == "year":
            text = str(value)[-2:] if form == "short" else str(abs(value))
            if form != "short" and value < 0:
                text += str(self.terms.get_single_term("bc"))
            elif form != "short" and 0 < value < 1000:
                text += str(self.terms.get_single_term("ad"))
        elif self.name == "month" and isinstance(value, str):  # a season
            if form in ("numeric", "numeric-leading-zeros"):
                return None
            text = str(self.terms.get_single_term(f"season-0{value}")) if value.isdigit() else value
        elif self.name == "month":
            if form == "numeric":
                text = str(value)
            elif form == "numeric-leading-zeros":
                text = f"{value:02}"
            else:
                short = "short" if form == "short" else None
                text = str(self.terms.get_single_term(f"month-{value:02}", short))
        else:
            text = self._day(value, form, _value(date, "month"))
        if not text:
            return None
        return str(self.format(self.case(self.strip_periods(text))))

    def _day(self, value: int, form: str | None, month: Any = None) -> str:
        if form == "numeric-leading-zeros":
            return f"{value:02}"
        if form == "ordinal":
            limit = str(self.terms.get_locale_option("limit-day-ordinals-to-day-1")).lower()
            if limit != "true" or value == 1:
                return ordinal(value, self.terms, _month_gender(self.terms, month))
        return str(value)

    def affixed(self, text: str, prefix: bool = True, suffix: bool = True) -> str:
        """The part's text with its affixes, meeting under the seam rules of every other
        affix: a month term that ends in a period takes no second one from a suffix "."
        (pt-BR's "abr." + "." is "abr. 2002", as both reference processors print it)."""
        before = affix(self, "prefix") if prefix else ""
        after = affix(self, "suffix") if suffix else ""
        out = f"{before}{join_seam(before, text)}" if before else text
        return f"{out}{join_seam(out, after)}" if after else out


def _month_gender(terms: Any, month: Any) -> str | None:
    """The grammatical gender of a month's term ("masculine" for French "octobre")."""
    if not isinstance(month, int) or not 1 <= month <= 12:
        return None
    return term_gender(terms, f"month-{month:02}")


def _value(date: Any, name: str) -> Any:
    """A part of a citeproc-py date: int, or for a season in the month's place its number or
    name as text; None when the date has no such part."""
    year = date.get("year")
    if not isinstance(year, int) or year == 0:  # year 0 is the open end of a range
        return None
    if name == "year":
        return year
    month = date.get("month")
    if name == "month":
        if isinstance(month, int) and 1 <= month <= 12:
            return month
        season = date.get("season")
        return str(season) if season not in (None, "") else None
    day = date.get("day")
    if isinstance(month, int) and 1 <= month <= 12 and isinstance(day, int) and 1 <= day <= 31:
        return day
    return None


def _sort_form(value: Any, shown: set[str]) -> str:
    """CSL 1.0.2, "Sorting": a date a sort key's macro prints sorts as YYYYMMDD of the parts
    the macro shows, zeros for the others ("[2002]" as 20020000, before "[2002-11-30]" as
    20021130); a range sorts by its start, then its end."""

    def one(date: Any) -> str:
        digits = [
            int(date.get(name) or 0) if name in shown else 0 for name in ("year", "month", "day")
        ]
        return f"{digits[0]:04d}{digits[1]:02d}{digits[2]:02d}"

    if isinstance(value, DateRange):
        return one(value.begin) + one(value.end)
    return one(value)


class Dates(Element):
    """cs:date, rendered as the module describes."""

    def _parts(self) -> tuple[list[_Part], str]:
        """The parts this cs:date shows, in order, and the delimiter that joins them."""
        form = self.get("form")
        if form is None or self.xpath_search("./ancestor::cs:locale[1]"):
            return [_Part(p, {}, self) for p in self.iterchildren() if p.get("name")], str(
                self.get("delimiter", "")
            )
        localized = self.get_date(form)
        if localized is None:
            return [], ""
        overrides = {
            str(p.get("name")): {k: v for k, v in p.attrib.items() if k in _OVERRIDABLE}
            for p in self.iterchildren()
            if p.get("name")
        }
        shown = str(self.get("date-parts", "year-month-day")).split("-")
        parts = [
            _Part(p, overrides.get(str(p.get("name")), {}), self)
            for p in localized.iterchildren()
            if p.get("name") in shown
        ]
        return parts, str(localized.get("delimiter", ""))

    def _calls_year_suffix(self) -> bool:
        return bool(self.get_root().xpath_search(".//cs:text[@variable='year-suffix']"))

    def _implicit_year_suffix(self, item: Any, parts: list[_Part]) -> str:
        """CSL 1.0.2, "year-suffix": a style that never prints the variable gets it after the
        first year an entry, or a cite, prints through cs:date (as citeproc-js does): a
        cs:date that prints no year (ABNT's day and month before the year) leaves it for the
        next one. The first year of any date: an entry without an issued date takes it on the
        date it was accessed ("Accessed: 17 November 2021a"), as both reference processors
        print it."""
        state = current()
        entry = state.entry if state.entry is not None else state.cite
        suffix = item.reference.get("year_suffix")
        if not suffix or entry is None or entry.get("year-suffix"):
            return ""
        if not any(part.name == "year" for part in parts):
            return ""
        if self.answer("calls-year-suffix", self._calls_year_suffix):
            return ""
        entry["year-suffix"] = True
        return str(suffix)

    def process(self, item: Any, variable: Any = None, **kwargs: Any) -> Any:
        variable = variable or self.get("variable")
        value = item.reference[str(variable).replace("-", "_")]  # VariableError when empty
        if current().sorting and not isinstance(value, LiteralDate):
            parts, _ = self.answer("date-parts", self._parts)
            shown = {part.name for part in parts}
            dates = (value.begin, value.end) if isinstance(value, DateRange) else (value,)
            if not any(_value(d, name) is not None for d in dates for name in shown):
                # The date has none of the parts the macro shows (Chicago's month after a
                # volume, of a date with a year only): empty, as it prints, so that the
                # group around it is left out of the key too, as in the rendering.
                raise VariableError
            return String(_sort_form(value, shown))
        if isinstance(value, LiteralDate):
            # A literal stands for the whole date, printed where the year is: a cs:date that
            # shows no year (APA's month and day after the year of a newspaper article) prints
            # nothing, as citeproc-js has it ("Spring 2016", not "Spring 2016, Spring 2016").
            parts, _ = self.answer("date-parts", self._parts)
            text = value.text if any(part.name == "year" for part in parts) else ""
        else:
            parts, delimiter = self.answer("date-parts", self._parts)
            suffix = self._implicit_year_suffix(item, parts)
            if suffix:
                # The suffix joins the year as a part of the date would, with the date's
                # delimiter without its spaces: "2019.a" for delimiter=".", as both
                # reference processors print it (zeitschrift-fur-digitale-geisteswissenschaften).
                joined = delimiter.strip() + suffix
                parts = [_Suffixed(part, joined) if part.name == "year" else part for part in parts]
            if isinstance(value, DateRange):
                text = _range(value, parts, delimiter)
            else:
                text = _single(value, parts, delimiter)
        if not text:
            raise VariableError
        return self.wrap(self.format(text))

    def markup(self, text: Any) -> Any:
        return text


class _Suffixed:
    """A year part followed by the entry's year suffix ("2006a"), after the year's affixes:
    ABNT's year with suffix "." is "2017.a" (both reference processors print the suffix
    after the year's period), where inside them it was "2017a."."""

    def __init__(self, part: _Part, suffix: str) -> None:
        self.part, self.suffix, self.name = part, suffix, part.name

    def text(self, date: Any) -> str | None:
        text = self.part.text(date)
        return None if text is None else text + self.suffix

    def get(self, name: str, default: Any = None) -> Any:
        return self.part.get(name, default)

    def affixed(self, text: str, prefix: bool = True, suffix: bool = True) -> str:
        if text.endswith(self.suffix):
            year = text[: len(text) - len(self.suffix)]
            return self.part.affixed(year, prefix, suffix) + self.suffix
        return self.part.affixed(text, prefix, suffix)


def _rendered(date: Any, parts: list[_Part]) -> list[tuple[_Part, str]]:
    return [(part, text) for part in parts if (text := part.text(date)) is not None]


def _join(pieces: list[str], delimiter: str) -> str:
    return delimiter.join(piece for piece in pieces if piece)


def _single(date: Any, parts: list[_Part], delimiter: str) -> str:
    return _join([part.affixed(text) for part, text in _rendered(date, parts)], delimiter)


def _range(value: Any, parts: list[_Part], delimiter: str) -> str:
    begin = value.get("begin")
    end = value.get("end")
    begun = _rendered(begin, parts)
    if not begun:
        return ""
    names = [part.name for part, _ in begun]
    ended = _rendered(end, parts) if end is not None else []
    if not ended:  # an open range: "2013–"
        year = next((p for p in parts if p.name == "year"), begun[-1][0])
        pieces = [part.affixed(text) for part, text in begun]
        return _join(pieces, delimiter) + str(year.get("range-delimiter", "\u2013"))
    differing = next(
        (n for n in _LEVELS if n in names and _value(begin, n) != _value(end, n)), None
    )
    if differing is None:
        return _single(begin, parts, delimiter)
    varying = set(_LEVELS[_LEVELS.index(differing) :])
    positions = [i for i, name in enumerate(names) if name in varying]
    run_start, run_end = positions[0], positions[-1] + 1
    range_delimiter = str(begun[names.index(differing)][0].get("range-delimiter", "\u2013"))
    end_texts = {part.name: text for part, text in ended}
    if positions != list(range(run_start, run_end)) or any(
        name not in end_texts for name in names[run_start:run_end]
    ):  # an order the parts cannot be shared in: the whole dates
        return _single(begin, parts, delimiter) + range_delimiter + _single(end, parts, delimiter)
    first = [part.affixed(text) for part, text in begun[:run_start]]
    run = begun[run_start:run_end]
    begin_run = [part.affixed(text, suffix=i < len(run) - 1) for i, (part, text) in enumerate(run)]
    end_run = [part.affixed(end_texts[part.name], prefix=i > 0) for i, (part, _) in enumerate(run)]
    last = [part.affixed(text) for part, text in begun[run_end:]]
    middle = _join(begin_run, delimiter) + range_delimiter + _join(end_run, delimiter)
    return _join([*first, middle, *last], delimiter)


MIXINS: tuple[tuple[Any, type], ...] = ((model.Date, Dates),)
