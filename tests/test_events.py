"""Event files: the seed event, and clear errors with file and line for bad ones."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from readinglist.errors import EventError
from readinglist.events import find_event, load_event, parse_event, unknown_keys
from readinglist.model import EventEntry

from .conftest import PROJECT

GOOD = """title = "A Day"
date = 2024-01-15

[[sections]]
title = "Read first"
references = ["a2020", { key = "b2021", note = "Why." }]
"""


def test_the_seed_event_lists_the_pages_key_references_and_what_its_text_mentions() -> None:
    event = load_event(PROJECT / "events" / "ipt-refresher-2024.toml")
    assert event.title == "Interpersonal Therapy for Depression Refresher Day"
    assert event.date == dt.date(2024, 1, 15)
    assert event.cpd_hours == 5.5
    key_refs, also = event.sections
    assert [e.key for e in key_refs.entries] == [
        "wampold2015",
        "weissman-inpress",
        "pavlopoulou-inpress",
        "pearson2021",
    ]
    assert {"klerman1984", "frank2014", "law2013", "law2016", "law-rose-inpress"} == {
        e.key for e in also.entries
    }


def test_entries_may_carry_notes() -> None:
    event = parse_event(GOOD, Path("events/day.toml"))
    assert event.slug == "day"
    assert event.sections[0].entries == (EventEntry("a2020"), EventEntry("b2021", "Why."))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            GOOD.replace("date = 2024-01-15", 'date = "15 Jan"'),
            r"events/day.toml:2: 'date' in the event must be a date \(YYYY-MM-DD\), not str",
        ),
        (
            GOOD.replace("date =", "colour = 3\ndate ="),
            r"events/day.toml:2: unknown field 'colour' in the event \(known: cited_section, ",
        ),
        (GOOD + "colour = 3\n", r"events/day.toml:7: unknown field 'colour' in section 1"),
        (
            GOOD.replace('title = "Read first"', 'titel = "Read first"'),
            r"events/day.toml:5: unknown field 'titel' in section 1",
        ),
        (GOOD.replace("[[sections]]", "[[sections]\n"), r"events/day.toml:4: not valid TOML"),
        (GOOD.replace('"a2020"', "7"), r"events/day.toml:6: each reference in section 1 must be"),
    ],
)
def test_a_bad_event_file_is_refused_with_file_and_line(text: str, message: str) -> None:
    with pytest.raises(EventError, match=message):
        parse_event(text, Path("events/day.toml"))


def test_an_event_file_that_is_not_utf8_is_refused_at_the_line_of_its_first_bad_byte(
    tmp_path: Path,
) -> None:
    path = tmp_path / "day.toml"
    path.write_bytes(GOOD.replace('title = "Read first"', 'title = "Caf\u00e9"').encode("latin-1"))
    line = GOOD.splitlines().index('title = "Read first"') + 1
    with pytest.raises(EventError) as raised:
        load_event(path)
    assert str(raised.value) == (
        f"{path}:{line}: is not UTF-8 (byte 0xe9 at column 13); "
        "convert it, e.g. iconv -f latin1 -t utf-8"
    )


def test_unknown_keys_are_reported_at_their_line_with_the_nearest_keys(tmp_path: Path) -> None:
    path = tmp_path / "day.toml"
    path.write_text(GOOD)
    event = load_event(path)
    [problem] = unknown_keys(event, lambda k: k == "a2020", lambda k: ["b2012"])
    assert str(problem) == f"{path}:6: no entry with key 'b2021' (did you mean b2012?)"


def test_an_unknown_event_lists_the_known_ones(tmp_path: Path) -> None:
    (tmp_path / "spring-day.toml").write_text(GOOD)
    with pytest.raises(EventError, match="no event 'spring'; events: spring-day"):
        find_event(tmp_path, "spring")


def test_a_section_is_in_the_styles_order_unless_listed_otherwise(tmp_path: Path) -> None:
    listed = GOOD.replace('title = "Read first"', 'title = "Read first"\norder = "as-listed"')
    assert parse_event(GOOD, tmp_path / "e.toml").sections[0].order == "style"
    assert parse_event(listed, tmp_path / "e.toml").sections[0].order == "as-listed"
    with pytest.raises(EventError, match=r"e\.toml:6: 'order' in section 1 must be one of"):
        parse_event(listed.replace("as-listed", "by-date"), tmp_path / "e.toml")
