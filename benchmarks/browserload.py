"""The first cut of the load benchmark (``load.py --browser``): each reader a
browser context in one Chromium opening a shared link, timed until a chart is
attached and the run has settled. Chromium shares the server's cores, so this
measures Chromium as much as the server."""

from __future__ import annotations

import asyncio
import time

from playwright.async_api import async_playwright

from kzdash.devserver import SETTLED_JS

LINK = "/?dates=2022-01-04&dates=2022-01-10"


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
    """Time to first chart of ``n`` readers at once, and how many failed."""
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path="/usr/bin/chromium",
                                          args=["--no-sandbox", "--disable-gpu"])
        results = await asyncio.gather(*(reader(browser, url) for _ in range(n)),
                                       return_exceptions=True)
        await browser.close()
    times = [r for r in results if isinstance(r, float)]
    return times, n - len(times)
