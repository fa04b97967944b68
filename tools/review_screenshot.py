"""Take the README's screenshot of a review page in headless Chromium.

    python tools/review_screenshot.py PAGE.html OUT.png [FRAGMENT]

FRAGMENT is where the page is opened (``#f3``, ``#filter:rule=…``); without it, at the top.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.browser import Browser, find_chromium


def main(argv: list[str]) -> int:
    page, out = Path(argv[0]), Path(argv[1])
    fragment = argv[2] if len(argv) > 2 else ""
    chromium = find_chromium()
    if chromium is None:
        print("no Chromium on this machine", file=sys.stderr)  # noqa: T201
        return 1
    with Browser(chromium, width=1200, height=820) as browser:
        browser.open(page.resolve().as_uri() + fragment)
        browser.evaluate("new Promise(function (done) { setTimeout(done, 200); })")
        out.write_bytes(browser.screenshot())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
