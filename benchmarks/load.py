"""N concurrent readers against one served page (issue 15, first cut): each a
browser context in one Chromium opening a shared link. Reports time to first
chart (median, p95), errors and the server's RSS. Not part of `make test`.

    python benchmarks/load.py 1 5 10
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from pathlib import Path

from playwright.async_api import async_playwright

from kzdash.devserver import SETTLED_JS, running

LINK = "/?dates=2022-01-04&dates=2022-01-10"


def rss_mb(port: str) -> float:
    """RSS of the streamlit process serving ``port``, in MB."""
    total = 0
    for proc in Path("/proc").iterdir():
        try:
            if port in (proc / "cmdline").read_bytes().decode().replace("\0", " "):
                for line in (proc / "status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except (OSError, ValueError):
            continue
    return total / 1024


async def reader(browser, url: str) -> float:
    context = await browser.new_context()
    page = await context.new_page()
    start = time.monotonic()
    await page.goto(url + LINK)
    await page.wait_for_selector("[data-testid='stVegaLiteChart']", state="attached",
                                 timeout=120_000)
    await page.wait_for_function(SETTLED_JS, timeout=120_000)
    took = time.monotonic() - start
    await context.close()
    return took


async def measure(url: str, n: int) -> tuple[list[float], int]:
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path="/usr/bin/chromium",
                                          args=["--no-sandbox", "--disable-gpu"])
        results = await asyncio.gather(*(reader(browser, url) for _ in range(n)),
                                       return_exceptions=True)
        await browser.close()
    times = [r for r in results if isinstance(r, float)]
    return times, n - len(times)


def main(ns: list[int]) -> None:
    with running() as url:
        port = url.rsplit(":", 1)[1]
        asyncio.run(measure(url, 1))  # warm the caches
        print(f"at rest: {rss_mb('--server.port ' + port):.0f} MB")
        print("N | first chart median s | p95 s | errors | RSS MB")
        for n in ns:
            times, errors = asyncio.run(measure(url, n))
            p95 = sorted(times)[max(0, int(len(times) * 0.95) - 1)] if times else float("nan")
            med = statistics.median(times) if times else float("nan")
            print(f"{n} | {med:.2f} | {p95:.2f} | {errors} | "
                  f"{rss_mb('--server.port ' + port):.0f}", flush=True)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1, 5, 10, 20])
