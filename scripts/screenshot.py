"""Take the screenshots of the seed event's page shown in the README.

    python scripts/screenshot.py

Builds the site into a temporary folder, opens the event page in headless Chromium (Debian's
package) and saves docs/event-page.png (light) and docs/event-page-dark.png (dark mode).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from click.testing import CliRunner  # noqa: E402

from readinglist.cli import main  # noqa: E402
from tests import browser  # noqa: E402


def take() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        result = CliRunner().invoke(
            main, ["--root", str(ROOT), "build", tmp, "--today", "2024-01-01"]
        )
        if result.exit_code:
            print(result.output, file=sys.stderr)
            return 1
        with browser.serve(Path(tmp)) as base, browser.browser() as chromium:
            for scheme, name in (("light", "event-page.png"), ("dark", "event-page-dark.png")):
                page = chromium.new_page(
                    viewport={"width": 900, "height": 1400}, color_scheme=scheme
                )
                page.goto(f"{base}/ipt-refresher-2024/index.html")
                page.screenshot(path=str(ROOT / "docs" / name), full_page=True)
                print(f"wrote docs/{name}")
    return 0


if __name__ == "__main__":
    sys.exit(take())
