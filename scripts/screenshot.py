"""Take the screenshots of the seed event's page shown in the README.

    python scripts/screenshot.py

Builds the site into a temporary folder, opens the event page in headless Chromium (Debian's
package) and saves docs/event-page.png (APA, light), docs/event-page-dark.png (APA, dark mode)
and docs/event-page-ieee.png (IEEE, a numeric style: the citations in the description are the
list's numbers).
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

SHOTS = (
    ("apa", "light", "event-page.png"),
    ("apa", "dark", "event-page-dark.png"),
    ("ieee", "light", "event-page-ieee.png"),
)


def take() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        for style in dict.fromkeys(style for style, _, _ in SHOTS):
            site = f"{tmp}/{style}"
            argv = ["--root", str(ROOT), "build", site, "--style", style, "--today", "2024-01-01"]
            result = CliRunner().invoke(main, argv)
            if result.exit_code:
                print(result.output, file=sys.stderr)
                return 1
        with browser.serve(Path(tmp)) as base, browser.browser() as chromium:
            for style, scheme, name in SHOTS:
                page = chromium.new_page(
                    viewport={"width": 900, "height": 1400}, color_scheme=scheme
                )
                page.goto(f"{base}/{style}/ipt-refresher-2024/index.html")
                page.screenshot(path=str(ROOT / "docs" / name), full_page=True)
                print(f"wrote docs/{name}")
    return 0


if __name__ == "__main__":
    sys.exit(take())
