"""The parse cache: a .bib file is parsed once, and a cached parse is used only while it is
exactly the file's, made by this code, and signed by this user's key."""

from __future__ import annotations

import hashlib
import marshal
import multiprocessing
import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from readinglist import digest as stamps
from readinglist.bibtex import bibfile, cache, store
from readinglist.library import Library
from readinglist.model import Reference
from tests.test_properties import EXAMPLES, documents

MESSY = Path(__file__).parent / "data" / "messy.bib"

VARIED = r"""% a comment before anything
@string{jpsych = "Journal of Psychotherapy"}
@preamble{"\newcommand{\noop}[1]{}"}

@article{smith2020,
  author = {Smith, Ann and van der Berg, Jean-Paul},
  title = "A {DNA} study of \emph{meta}-analysis",
  journal = jpsych # { (Online)},
  year = 2020,
  month = jun,
  pages = {1--10},
  doi = {https://doi.org/10.1000/XYZ},
}

@book{broken, title = {Unbalanced}
@misc{twice, title = {One}, title = {Two}}
@misc{undefined, publisher = nomacro}
@comment{kept as is}
@incollection{child, crossref = {smith2020}, title = {Chapter}}
"""


def parse_and_restore(text: str, path: Path, cache_dir: Path) -> cache.ParsedFile:
    first = cache.load(text, path, cache_dir)
    assert not first.restored
    again = cache.load(text, path, cache_dir)
    assert again.restored
    return again


def test_a_restored_file_equals_the_parsed_one(tmp_path: Path) -> None:
    for text in (VARIED, MESSY.read_text(encoding="utf-8"), "", "\ufeffnot bibtex at all\x00"):
        path = tmp_path / "refs.bib"
        restored = parse_and_restore(text, path, tmp_path / "cache")
        parsed = bibfile.parse(text, path)
        assert restored.bibfile() == parsed
        assert restored.problems == parsed.problems
        assert [restored.reference(i) for i in range(len(restored))] == parsed.references
        for i, reference in enumerate(parsed.references):
            block = parsed.block_for(reference.key)
            assert block is not None
            assert restored.span(i) == (block.start, block.end)


@EXAMPLES
@given(documents(), st.integers(0, 2**32))
def test_generated_files_restore_equal_to_their_parse(
    tmp_path_factory: pytest.TempPathFactory, document: tuple[str, list[str]], salt: int
) -> None:
    folder = tmp_path_factory.mktemp("gen")
    text, _ = document
    restored = parse_and_restore(text, folder / f"{salt}.bib", folder / "cache")
    assert restored.bibfile() == bibfile.parse(text, folder / f"{salt}.bib")


def test_restored_entries_are_the_same_objects_in_the_index_and_the_file(tmp_path: Path) -> None:
    refs = tmp_path / "refs"
    refs.mkdir()
    (refs / "a.bib").write_text(VARIED, encoding="utf-8")
    Library.load([refs], cache_dir=tmp_path / "cache")
    library = Library.load([refs], cache_dir=tmp_path / "cache")
    smith = library.get("SMITH2020")
    assert smith is not None and smith.get("pages") == "1--10"
    assert library.files[0].references[0] is smith  # check --fix relies on this
    source = library.source_of("smith2020")
    assert source is not None and source.startswith("@article{smith2020,") and source.endswith("}")


def test_editing_one_file_rereads_that_file_only(tmp_path: Path) -> None:
    refs = tmp_path / "refs"
    refs.mkdir()
    (refs / "a.bib").write_text("@misc{a, title={A}}\n", encoding="utf-8")
    (refs / "b.bib").write_text("@misc{b, title={B}}\n", encoding="utf-8")
    Library.load([refs], cache_dir=tmp_path / "cache")
    (refs / "b.bib").write_text("@misc{b, title={B edited}}\n", encoding="utf-8")
    library = Library.load([refs], cache_dir=tmp_path / "cache")
    assert [p.restored for p in library._parsed] == [True, False]
    b = library.get("b")
    assert b is not None and b.get("title") == "B edited"
    library = Library.load([refs], cache_dir=tmp_path / "cache")
    assert [p.restored for p in library._parsed] == [True, True]


def test_a_new_code_version_parses_afresh(tmp_path: Path) -> None:
    path = tmp_path / "a.bib"
    cache.load(VARIED, path, tmp_path / "cache", version=b"1" * 32)
    assert cache.load(VARIED, path, tmp_path / "cache", version=b"1" * 32).restored
    assert not cache.load(VARIED, path, tmp_path / "cache", version=b"2" * 32).restored


def slot_of(cache_dir: Path) -> Path:
    [slot] = (cache_dir / "bib").iterdir()
    return slot


def test_a_corrupt_record_is_ignored_and_replaced(tmp_path: Path) -> None:
    path, cache_dir = tmp_path / "a.bib", tmp_path / "cache"
    cache.load(VARIED, path, cache_dir)
    slot = slot_of(cache_dir)
    data = slot.read_bytes()
    for damaged in (
        b"",
        data[: len(data) // 2],  # truncated
        data[:-10] + bytes(b ^ 0xFF for b in data[-10:]),  # bits flipped in the payload
        b"\x80\x04garbage" * 10,
    ):
        slot.write_bytes(damaged)
        parsed = cache.load(VARIED, path, cache_dir)
        assert not parsed.restored
        assert parsed.bibfile() == bibfile.parse(VARIED, path)
        assert cache.load(VARIED, path, cache_dir).restored  # and the record is whole again


def test_a_record_signed_with_another_key_or_for_another_file_is_ignored(tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    cache.load(VARIED, tmp_path / "a.bib", cache_dir)
    (cache_dir / "secret").unlink()  # another user's key, or a record from elsewhere
    assert not cache.load(VARIED, tmp_path / "a.bib", cache_dir).restored
    # a valid record moved to another file's slot fails its signature
    cache.load("@misc{b, title={B}}", tmp_path / "b.bib", cache_dir)
    slots = sorted((cache_dir / "bib").iterdir(), key=lambda p: p.stat().st_mtime_ns)
    slots[1].write_bytes(slots[0].read_bytes())
    b = cache.load("@misc{b, title={B}}", tmp_path / "b.bib", cache_dir)
    assert not b.restored and b.keys == ["b"]


def test_a_signed_record_of_the_wrong_shape_is_parsed_afresh(tmp_path: Path) -> None:
    path, cache_dir = tmp_path / "a.bib", tmp_path / "cache"
    first = cache.load(VARIED, path, cache_dir)
    assert first.store is not None
    body = first.store.read("", store.code_version())
    assert body is not None
    entries, others, problems, strings = marshal.loads(body)
    bad_entry = (*entries[0][:4], b"\x00not marshal")
    for wrong in (
        (1, 2),
        ("a", "b", "c", "d"),
        ([("k", 1)], others, problems, strings),
        (entries, [1], problems, strings),
        ((bad_entry, *entries[1:]), others, problems, strings),
    ):
        first.store.write("", store.code_version(), wrong)
        parsed = cache.load(VARIED, path, cache_dir)
        assert parsed.bibfile() == bibfile.parse(VARIED, path), wrong
        assert [parsed.reference(i) for i in range(len(parsed))] == parsed.bibfile().references


def test_an_unwritable_cache_folder_only_costs_speed(tmp_path: Path) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the folder should be")
    parsed = cache.load(VARIED, tmp_path / "a.bib", blocker)
    assert parsed.keys == [r.key for r in bibfile.parse(VARIED).references]


def _load_many(args: tuple[str, str, int]) -> list[str]:
    folder, name, rounds = args
    keys = []
    for _ in range(rounds):
        text = (Path(folder) / name).read_text(encoding="utf-8")
        parsed = cache.load(text, Path(folder) / name, Path(folder) / "cache")
        keys = [parsed.reference(i).key for i in range(len(parsed))]
    return keys


def test_concurrent_commands_share_the_cache_without_tearing_it(tmp_path: Path) -> None:
    text = "\n".join(f"@misc{{k{i}, title={{Title {i}}}}}" for i in range(300))
    (tmp_path / "a.bib").write_text(text, encoding="utf-8")
    with multiprocessing.get_context("spawn").Pool(4) as pool:
        results = pool.map(_load_many, [(str(tmp_path), "a.bib", 5)] * 8)
    expected = [f"k{i}" for i in range(300)]
    assert all(keys == expected for keys in results)
    assert cache.load(text, tmp_path / "a.bib", tmp_path / "cache").restored
    assert not list((tmp_path / "cache" / "bib").glob(".*.tmp"))  # no temporary file left


def test_values_derived_per_entry_are_kept_until_the_file_changes(tmp_path: Path) -> None:
    refs = tmp_path / "refs"
    refs.mkdir()
    (refs / "a.bib").write_text("@misc{a, title={A}}\n@misc{B, title={dup}}\n", encoding="utf-8")
    (refs / "b.bib").write_text("@misc{b, title={B}}\n", encoding="utf-8")
    calls: list[str] = []

    def title(reference: Reference) -> str:
        calls.append(reference.key)
        return str(reference.get("title"))

    def titles() -> list[str]:
        library = Library.load([refs], cache_dir=tmp_path / "cache")
        return [value for _, value in library.per_entry("title", title)]

    assert titles() == ["A", "dup"]  # b.bib's "b" is a duplicate of "B": left out
    assert titles() == ["A", "dup"] and calls == ["a", "B", "b"]
    (refs / "a.bib").write_text("@misc{a, title={A2}}\n", encoding="utf-8")
    assert titles() == ["A2", "B"] and calls == ["a", "B", "b", "a"]


def test_values_derived_from_the_whole_library_are_kept_until_any_file_changes(
    tmp_path: Path,
) -> None:
    refs = tmp_path / "refs"
    refs.mkdir()
    (refs / "a.bib").write_text("@misc{a, title={A}}\n", encoding="utf-8")
    (refs / "b.bib").write_text("@misc{b, title={B}}\n", encoding="utf-8")
    calls = 0

    def keys() -> list[str]:
        def compute() -> list[str]:
            nonlocal calls
            calls += 1
            return [r.key for r in library.references]

        library = Library.load([refs], cache_dir=tmp_path / "cache")
        return library.across("keys", compute)

    assert keys() == ["a", "b"] and keys() == ["a", "b"] and calls == 1
    (refs / "b.bib").write_text("@misc{b2, title={B}}\n", encoding="utf-8")
    assert keys() == ["a", "b2"] and calls == 2  # one file changed: computed again
    (refs / "c.bib").write_text("@misc{c, title={C}}\n", encoding="utf-8")
    assert keys() == ["a", "b2", "c"] and calls == 3  # a file more: computed again
    (refs / "c.bib").unlink()
    assert keys() == ["a", "b2"]
    assert Library.load([refs]).across("keys", lambda: ["no cache"]) == ["no cache"]


def test_the_code_stamp_changes_with_a_source_s_size_or_time_and_only_then(tmp_path: Path) -> None:
    source = tmp_path / "module.py"

    def stamp() -> bytes:
        digest = hashlib.sha256()
        stamps.stamp(digest, "module.py", source)
        return digest.digest()

    source.write_text("a = 1\n")
    os.utime(source, ns=(1_000_000_000, 1_000_000_000))
    first = stamp()
    assert stamp() == first
    source.write_text("a = 2\n")  # same size, edited a nanosecond later
    os.utime(source, ns=(1_000_000_000, 1_000_000_001))
    assert stamp() != first
    source.write_text("a = 10\n")  # another size, the first time back
    os.utime(source, ns=(1_000_000_000, 1_000_000_000))
    assert stamp() != first
    source.unlink()
    assert stamp() != first


def test_items_of_a_few_entries_are_mapped_once_and_kept_until_the_file_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A render of a few entries of a large file maps those entries to CSL-JSON once: not
    again in the same command, nor in the next one while the file is unchanged."""
    from readinglist.csl import from_bibtex

    refs = tmp_path / "refs"
    refs.mkdir()
    entries = "".join(f"@misc{{k{i}, title={{Title {i}}}, year={{2000}}}}\n" for i in range(40))
    bib = refs / "big.bib"
    bib.write_text(entries + "@misc{child, crossref={k1}, note={N}}\n", encoding="utf-8")
    mapped: list[str] = []
    real = from_bibtex.to_csl

    def counting(reference: Reference) -> dict[str, object]:
        mapped.append(reference.key)
        return real(reference)

    monkeypatch.setattr(from_bibtex, "to_csl", counting)

    def titles(*keys: str) -> list[str]:
        library = Library.load([refs], cache_dir=tmp_path / "cache")
        first = [str(item["title"]) for item in library.to_csl(list(keys))]
        assert [str(item["title"]) for item in library.to_csl(list(keys))] == first
        return first

    assert titles("k3", "child") == ["Title 3", "Title 1"]
    assert mapped == ["k3", "child"]  # the second call in the same library maps nothing
    assert titles("k3", "child") == ["Title 3", "Title 1"]
    # A crossref child depends on its parent, which may be in another file: mapped again.
    assert mapped == ["k3", "child", "child"]
    assert titles("k3", "k5") == ["Title 3", "Title 5"] and mapped[-1:] == ["k5"]
    bib.write_text(entries.replace("Title 3", "Changed"), encoding="utf-8")
    assert titles("k3") == ["Changed"] and mapped[-1:] == ["k3"]


def test_a_check_without_network_options_imports_no_http_client(tmp_path: Path) -> None:
    """What keeps a warm check quick: it reads the kept lint and duplicate answers and never
    loads the registry client or requests."""
    import subprocess
    import sys

    root = tmp_path / "lib"
    (root / "refs").mkdir(parents=True)
    (root / "events").mkdir()
    (root / "refs" / "a.bib").write_text("@misc{a, title={A}, year={2020}}\n", encoding="utf-8")
    probe = (
        "import sys\nfrom readinglist.cli import main\ntry:\n    main(['check'])\n"
        "except SystemExit:\n    pass\n"
        "print('@@', sorted(m for m in sys.modules if m.split('.')[0] in {'requests', 'urllib3'}"
        " or m.startswith('readinglist.registry.client')))"
    )
    env = dict(os.environ, READINGLIST_CACHE_DIR=str(tmp_path / "cache"))
    for _ in range(2):  # cold, then warm
        result = subprocess.run(
            [sys.executable, "-c", probe], capture_output=True, text=True, env=env, cwd=root
        )
        assert result.stdout.rsplit("@@", 1)[-1].strip() == "[]", result.stdout + result.stderr


def test_kept_items_of_the_wrong_shape_are_mapped_afresh(tmp_path: Path) -> None:
    """The single items kept for a file are read back only when they are items: a record of
    another shape (signed, but not what this code keeps) costs a mapping, never an error."""
    refs = tmp_path / "refs"
    refs.mkdir()
    entries = "".join(f"@misc{{k{i}, title={{Title {i}}}}}\n" for i in range(40))
    (refs / "big.bib").write_text(entries, encoding="utf-8")
    for odd in (["not", "a", "dict"], {3: "not an item"}, {"3": {"title": "Wrong key"}}):
        library = Library.load([refs], cache_dir=tmp_path / "cache")
        cache.keep(library._parsed[0], "csl-few", odd)
        again = Library.load([refs], cache_dir=tmp_path / "cache")
        assert [item["title"] for item in again.to_csl(["k3"])] == ["Title 3"]
