"""How long the take-away document takes: ``python benchmarks/docbench.py 10000``.

For a synthetic dataset of the given number of events (quotes = events / 5,
the usual claims; generated once into ``$KZDASH_BENCH_DIR``), with every
item in view, times :func:`kzdash.document.build`, ``to_markdown`` and
``to_html`` in each interface language given, best of ``--repeat`` runs.
The page data (built once per dataset and language, and cached by the
page) is not part of the time.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from kzdash import document
from kzdash.dataset.load import Limits
from kzdash.filters import Filters
from kzdash.i18n import translator
from kzdash.load import load_dataset
from kzdash.page import page_data
from kzdash.synth import Sizes, default_claims, generate

WORKDIR = Path(os.environ.get("KZDASH_BENCH_DIR", "/tmp/kzdash-bench"))
LINK = "https://kzdash.example/?start=2022-01-01"


def dataset(n: int, seed: int) -> Path:
    directory = WORKDIR / f"synth-{n}-seed{seed}"
    if not (directory / ".complete").exists():
        generate(directory, Sizes(n, n // 5, default_claims(n)), seed=seed)
        (directory / ".complete").write_text("ok\n")
    return directory


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("events", type=int, nargs="?", default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--languages", default="en,ru")
    args = parser.parse_args(argv)
    ds = load_dataset(dataset(args.events, args.seed), Limits(max_file_bytes=1 << 40))
    for lang in args.languages.split(","):
        tr = translator(lang)
        page = page_data(ds, tr)
        ids = list(page.events["id"]), list(page.quotes["id"]), list(page.claims["id"])
        best: dict[str, float] = {}
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            doc = document.build(ds, page, *ids, Filters(), LINK, tr)
            t1 = time.perf_counter()
            markdown = doc.to_markdown()
            t2 = time.perf_counter()
            page_html = doc.to_html()
            t3 = time.perf_counter()
            for part, seconds in (("build", t1 - t0), ("markdown", t2 - t1),
                                  ("html", t3 - t2), ("total", t3 - t0)):
                best[part] = min(best.get(part, float("inf")), seconds)
        times = ", ".join(f"{part} {seconds * 1000:.0f} ms" for part, seconds in best.items())
        print(f"{lang}: {len(ids[0]):,} events, {len(ids[1]):,} quotes, {len(ids[2]):,} claims, "
              f"{len(doc.footnotes)} sources: {times}; Markdown "
              f"{len(markdown.encode()) / 1e6:.1f} MB, HTML {len(page_html.encode()) / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
