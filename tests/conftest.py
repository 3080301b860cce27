"""Shared test helpers: where the seed and ../shared are, and a CLI runner."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, settings

from readinglist.cli import main

PROJECT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
SHARED = PROJECT.parent / "shared"
CORPUS = SHARED / "corpus"

# Property tests assert what holds, not how fast: on a busy machine one example can take
# longer than hypothesis's default 200 ms deadline without anything being wrong.
settings.register_profile(
    "readinglist", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("readinglist")


def needs_corpus() -> pytest.MarkDecorator:
    return pytest.mark.skipif(
        not (CORPUS / "oracle").is_dir(),
        reason="../shared/corpus is absent (it is not part of a clone)",
    )


@pytest.fixture
def seed_repo(tmp_path: Path) -> Path:
    """A copy of the project's own reading-list repository: refs/, events/, styles/."""
    for name in ("refs", "events", "styles"):
        shutil.copytree(PROJECT / name, tmp_path / name)
    return tmp_path


Invoke = Callable[..., Result]


@pytest.fixture
def cli() -> Invoke:
    """Run the CLI in-process; stderr is kept apart from stdout."""
    runner = CliRunner()

    def invoke(*args: str, root: Path | None = None) -> Result:
        argv = [*(["--root", str(root)] if root else []), *args]
        return runner.invoke(main, argv, catch_exceptions=False)

    return invoke


@pytest.fixture(autouse=True)
def _fresh_caches(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No test sees a cache another test, or the user, filled."""
    monkeypatch.setenv("READINGLIST_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.setenv("READINGLIST_RENDER_CACHE", "off")
