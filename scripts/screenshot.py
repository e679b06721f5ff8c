"""Regenerate the README screenshot (docs/screenshot.png) from the real page:
the dashboard served on loopback, opened in Debian's headless Chromium on a
shared link (5-6 January, Almaty, the airport seizure open). Run by
``make screenshot``; pass ``--lang ru`` or ``--lang kk`` for another language
and ``--out PATH`` for another file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from kzdash.devserver import ROOT, SETTLED_JS, running

CHROMIUM = Path("/usr/bin/chromium")
LINK = ("/?dates=2022-01-05&dates=2022-01-06&regions=KZ-ALA&national=0"
        "&event=2022-01-05-almaty-airport-seized")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshot.png")
    parser.add_argument("--lang", choices=["en", "ru", "kk"], default=None)
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        print(f"{CHROMIUM} is missing: apt-get install chromium", file=sys.stderr)
        return 2
    link = LINK + (f"&lang={args.lang}" if args.lang else "")
    with running() as base, sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )
        page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="en-GB")
        page.goto(base + link)
        page.wait_for_selector("[data-testid='stVegaLiteChart']", state="attached",
                               timeout=60_000)
        page.wait_for_function(
            SETTLED_JS,
            timeout=60_000)
        page.wait_for_timeout(1500)  # let the charts finish drawing
        args.out.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(args.out))
        browser.close()
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
