"""How fast kzdash is at any size: ``make bench`` (never part of ``make test``).

For the embedded dataset and synthetic ones of the given sizes (quotes =
events / 5), each synthetic one also with its lists as Parquet (loads only),
measures in a fresh subprocess per dataset and part:

- loading, each in a fresh process: cold (``load_checked``, no cache), first
  (``load_cached`` with an empty cache: a cold load plus writing the entry) and
  warm (``load_cached`` again: a cache hit, as after a restart), each with its
  wall time and the process's peak resident memory;
- reruns: median and p95 of ``AppTest.run()`` over filter changes, for the
  dashboard and for ``minimal_app.py`` alternately (each script compiled
  once, as a server does), and the chart bytes
  (Vega-Lite spec + Arrow data) each dashboard rerun sends;
- browser: navigation to the first chart's marks drawn, then the date
  slider's end moved one day back, then a search (type, Enter), each to the
  chart redrawn, in headless Chromium, for both apps.

Then checks the budgets and exits 1 when one is missed (or could not be
measured in time). Nothing is extrapolated: what did not finish is printed
as "not measured" with the reason.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kzdash.devserver import SETTLED_JS, running

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DASHBOARD = ROOT / "dashboard.py"
MINIMAL = HERE / "minimal_app.py"
CHROMIUM = Path("/usr/bin/chromium")
WORKDIR = Path(os.environ.get("KZDASH_BENCH_DIR", "/tmp/kzdash-bench"))
RESULT = "RESULT "
MARKS = "[data-testid='stVegaLiteChart'] svg g.role-mark path, " \
        "[data-testid='stVegaLiteChart'] canvas"

LOAD_HEADERS = ["dataset", "events", "quotes", "cold (no cache)", "peak RSS",
                "first (cold + cache write)", "peak RSS", "warm (cache hit)", "peak RSS",
                "cache entry", "tracemalloc peak (cold)"]

MB = 1024 * 1024
NO_LIMIT = 1 << 40  # bytes: the synthetic datasets are trusted input
os.environ.setdefault("KZDASH_MAX_FILE_MB", str(NO_LIMIT // MB))


# ---------------------------------------------------------------------------
# Workers: each runs in its own subprocess and prints one RESULT line.


def _rss_now_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def worker_load(directory: str, mode: str, cache_dir: str, trace: bool) -> dict[str, Any]:
    """Load once in a clean process: ``cold`` without the cache, ``first`` and
    ``warm`` through it (the caller empties ``cache_dir`` before ``first``).
    Peak RSS is the process's, interpreter and imports included."""
    import resource
    import tracemalloc

    from kzdash import cache
    from kzdash.load import Limits, load_checked

    limits = Limits(max_file_bytes=NO_LIMIT)  # big synthetic files are meant to be read
    if mode == "warm":
        def miss(*args: Any) -> Any:
            raise RuntimeError("cache miss: the warm load had to load the dataset again")

        cache.load_checked = miss  # type: ignore[assignment]
    before = _rss_now_kb()
    if trace:
        tracemalloc.start()
    t0 = time.perf_counter()
    if mode == "cold":
        ds, _ = load_checked(directory, limits)
    else:
        ds, _ = cache.load_cached(directory, limits, cache_dir)
    seconds = time.perf_counter() - t0
    peak = tracemalloc.get_traced_memory()[1] if trace else None
    return {
        "seconds": seconds,
        "rss_before_mb": before / 1024,
        "rss_peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "traced_peak_mb": peak / MB if peak is not None else None,
        "events": len(ds.events),
        "quotes": len(ds.quotes),
        "cache_bytes": sum(p.stat().st_size for p in Path(cache_dir).glob("*.pickle")),
    }


def chart_bytes(at: Any) -> int:
    """Bytes of every chart's spec and Arrow data on the page."""
    total = 0
    for el in at.get("vega_lite_chart"):
        proto = el.proto
        total += len(proto.spec.encode()) + len(proto.data.data)
        total += sum(len(d.data.data) for d in proto.datasets)
    return total


def worst_payload(directory: str) -> int:
    """Chart bytes of the heaviest view the page can send, as Streamlit sends
    them (tabular data as Arrow, the rest as JSON): the timeline at its mark
    limit with the dataset's longest titles, the map, the events per day, and
    every claim of the metric with the most claims. Filter changes rarely hit
    this view; the payload budget holds "whatever the filters"."""
    from streamlit import dataframe_util  # noqa: TID251 (Streamlit's own Arrow writer)

    from kzdash import charts
    from kzdash.cache import load_cached
    from kzdash.frames import claims_frame, day_range, events_frame
    from kzdash.geo import POINT_REGIONS, load_shapes
    from kzdash.load import Limits
    from kzdash.tables import region_counts

    ds, _ = load_cached(directory, Limits(max_file_bytes=NO_LIMIT))
    events, claims = events_frame(ds), claims_frame(ds)
    first, last = day_range(events)
    longest = events.loc[events["title"].str.len().sort_values(ascending=False).index]
    marks = longest.iloc[:charts.MAX_MARKS]
    busiest = claims["metric"].value_counts().index[0] if len(claims) else None
    specs = [
        charts.timeline_spec(marks, first, last),
        charts.per_day_spec(marks, first, last),
        charts.map_spec(load_shapes()["features"], region_counts(events, ds), POINT_REGIONS),
    ]
    if busiest is not None:
        specs.append(charts.figures_spec(claims[claims["metric"] == busiest], busiest))
    total = 0
    for page in specs:
        for rows in page.pop("datasets", {}).values():
            total += len(dataframe_util.convert_anything_to_arrow_bytes(rows))
        total += len(json.dumps(page).encode())
    return total


def _compile_once() -> None:
    """Let AppTest compile each script once, as a server does.

    AppTest makes a new ``ScriptCache`` for every run, so it parses and
    compiles the page again each time; a server compiles it once and reuses
    the bytecode for every rerun of every session. Without this the bench
    would charge the dashboard ~10 ms a rerun for its length alone, a cost no
    reader pays."""
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache  # noqa: TID251
    from streamlit.testing.v1 import app_test, local_script_runner  # noqa: TID251

    shared = ScriptCache()
    app_test.ScriptCache = local_script_runner.ScriptCache = lambda: shared  # type: ignore[attr-defined]


def worker_rerun(directory: str, reruns: int, budget: float) -> dict[str, Any]:
    """Alternate filter changes between the dashboard and the minimal app."""
    os.environ["KZDASH_DATA"] = directory
    from streamlit.testing.v1 import AppTest  # noqa: TID251 (drives the page from outside)

    _compile_once()
    t0 = time.perf_counter()
    dash = AppTest.from_file(str(DASHBOARD), default_timeout=3600)
    dash.run()
    first = time.perf_counter() - t0
    if dash.exception:
        raise RuntimeError(f"dashboard failed: {dash.exception[0].message}")
    mini = AppTest.from_file(str(MINIMAL), default_timeout=600)
    mini.run()
    ranges = {id(at): at.slider(key="dates").value for at in (dash, mini)}

    def narrow(at: Any) -> None:  # the date slider's end one day back
        lo, hi = ranges[id(at)]
        at.slider(key="dates").set_value((lo, hi - dt.timedelta(days=1)))

    changes: list[Callable[[Any], None]] = [
        narrow,
        lambda at: at.slider(key="dates").set_value(ranges[id(at)]),
        lambda at: at.text_input(key="q").input("fire"),
        lambda at: at.multiselect(key="categories").select("unrest"),
        lambda at: at.text_input(key="q").input(""),
        lambda at: at.multiselect(key="categories").unselect("unrest"),
        lambda at: at.multiselect(key="categories").select("protest"),
        lambda at: at.multiselect(key="categories").unselect("protest"),
    ]
    times: dict[str, list[float]] = {"dash": [], "mini": []}
    payload: dict[str, list[int]] = {"dash": [], "mini": []}
    start = time.perf_counter()
    for i in range(reruns):
        for name, at in (("dash", dash), ("mini", mini)):
            changes[i % len(changes)](at)
            t = time.perf_counter()
            at.run()
            times[name].append(time.perf_counter() - t)
            if at.exception:
                raise RuntimeError(f"{name} failed: {at.exception[0].message}")
            payload[name].append(chart_bytes(at))
        if time.perf_counter() - start > budget:
            break
    return {"first_run": first, "times": times, "payload": payload,
            "worst": worst_payload(directory)}


def _marks_js() -> str:
    return ("() => { const c = document.querySelector(\"[data-testid='stVegaLiteChart']\");"
            " if (!c) return -1;"
            " if (c.querySelector('canvas')) return c.querySelector('canvas').width > 0 ? 1 : 0;"
            " return c.querySelectorAll('svg g.role-mark path').length; }")


def _settle(page: Any, timeout_ms: int) -> int:
    """Wait until the script run has ended and Vega has drawn every mark (it
    draws after the run, so the count must hold still for half a second);
    return the count."""
    page.wait_for_function(SETTLED_JS, timeout=timeout_ms)
    before = page.evaluate(f"({_marks_js()})()")
    while True:
        page.wait_for_timeout(500)
        now = page.evaluate(f"({_marks_js()})()")
        if now == before:
            return now
        before = now


def _redrawn(page: Any, before: int, timeout_ms: int) -> None:
    page.wait_for_function(f"({_marks_js()})() > 0 && ({_marks_js()})() != {before}",
                           polling="raf", timeout=timeout_ms)


# What "next" is on each page, and the text that says the step was made:
# story mode's position in the dashboard, the step's text in the minimal app.
NEXT = {"dash": (".st-key-story_next button", "{n} of "), "mini": (".st-key-next button",
                                                                   "Step {n}")}
FIRST_TEXT = {"dash": "[class*='st-key-open_'] button", "mini": "h1"}


BROWSER_TIMES = {"paint": "first paint", "first_text": "first text", "first_draw": "first chart",
                 "slider": "slider→redraw", "redraw": "search→redraw", "next": "next→event"}


def _next(page: Any, app: str, timeout_ms: int) -> float:
    """Time from a click on "next" to the next step's text on the page."""
    button, says = NEXT[app]
    page.locator(button).click()  # the dashboard: "Read from the first event"
    page.get_by_text(says.format(n=1 + (app == "mini"))).first.wait_for(timeout=timeout_ms)
    page.wait_for_function(SETTLED_JS, timeout=timeout_ms)
    t = time.perf_counter()
    page.locator(button).click()
    page.get_by_text(says.format(n=2 + (app == "mini"))).first.wait_for(timeout=timeout_ms)
    return time.perf_counter() - t


def _browser_one(browser: Any, base: str, q: str, timeout_ms: int,
                 app: str = "dash") -> dict[str, Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    try:
        t0 = time.perf_counter()
        page.goto(base + "/", wait_until="commit")
        page.locator(FIRST_TEXT[app]).first.wait_for(timeout=timeout_ms)
        first_text = time.perf_counter() - t0
        page.wait_for_function(f"({_marks_js()})() > 0", polling="raf", timeout=timeout_ms)
        first = time.perf_counter() - t0
        paint = page.evaluate("performance.getEntriesByName('first-contentful-paint')"
                              ".map(e => e.startTime)[0] ?? -1") / 1000
        # the date slider's end thumb one day back (the last day has events)
        before = _settle(page, timeout_ms)
        thumb = page.locator("[data-testid='stSidebar'] input[type='range']").nth(1)
        thumb.focus()
        t1 = time.perf_counter()
        thumb.press("ArrowLeft")
        _redrawn(page, before, timeout_ms)
        slider = time.perf_counter() - t1
        # a search, typed then sent with Enter
        before = _settle(page, timeout_ms)
        search = page.get_by_role("textbox", name="Search titles, summaries and quotes")
        search.fill(q)
        t2 = time.perf_counter()
        search.press("Enter")
        _redrawn(page, before, timeout_ms)
        redraw = time.perf_counter() - t2
        page.wait_for_function(SETTLED_JS, timeout=timeout_ms)
        return {"first_draw": first, "slider": slider, "redraw": redraw, "paint": paint,
                "first_text": first_text, "next": _next(page, app, timeout_ms)}
    finally:
        context.close()


def worker_browser(directory: str, q: str, timeout: float) -> dict[str, Any]:
    """Navigation and a search, timed in headless Chromium, for both apps."""
    from playwright.sync_api import sync_playwright

    out: dict[str, Any] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )
        try:
            with running(app=MINIMAL) as base:
                _browser_one(browser, base, "fire", int(timeout * 1000), "mini")  # warm-up
                out["mini"] = _browser_one(browser, base, "fire", int(timeout * 1000), "mini")
            with running(app=DASHBOARD, data=directory) as base:
                # the first visit pays for the load into the server's cache
                _browser_one(browser, base, q, int(timeout * 1000))
                out["dash"] = _browser_one(browser, base, q, int(timeout * 1000))
        finally:
            browser.close()
    return out


# ---------------------------------------------------------------------------
# The driver.


@dataclass
class Dataset:
    name: str
    directory: Path
    q: str  # a search that changes how many events the timeline draws
    loads_only: bool = False  # a Parquet twin: the page it makes is the YAML one's


def datasets(sizes: list[int], seed: int) -> list[Dataset]:
    """The embedded dataset and synthetic ones, generated once into WORKDIR."""
    from kzdash.load import DATA_DIR
    from kzdash.synth import Sizes, default_claims, generate

    out = [Dataset("embedded", DATA_DIR, "airport")]
    for n in sizes:
        directory = WORKDIR / f"synth-{n}-seed{seed}"
        marker = directory / ".complete"
        if not marker.exists():
            t = time.perf_counter()
            generate(directory, Sizes(n, n // 5, default_claims(n)), seed=seed)
            marker.write_text("ok\n")
            print(f"generated {n} events in {time.perf_counter() - t:.1f} s: {directory}",
                  file=sys.stderr)
        out.append(Dataset(f"synth {n}", directory, "fire"))
        # the same dataset with its lists as Parquet: YAML and Parquet side by side
        twin = WORKDIR / f"synth-{n}-seed{seed}-parquet"
        if not (twin / ".complete").exists():
            t = time.perf_counter()
            generate(twin, Sizes(n, n // 5, default_claims(n)), seed=seed, file_format="parquet")
            (twin / ".complete").write_text("ok\n")
            print(f"generated {n} events as Parquet in {time.perf_counter() - t:.1f} s: {twin}",
                  file=sys.stderr)
        out.append(Dataset(f"synth {n} parquet", twin, "fire", loads_only=True))
    return out


def sizes_arg(text: str) -> list[int]:
    """``1k,10k,100000`` as event counts."""
    out = []
    for part in filter(None, (p.strip().lower() for p in text.split(","))):
        number = part[:-1] if part.endswith("k") else part
        if not number.isdigit():
            raise argparse.ArgumentTypeError(f"not a count of events: {part!r} (say 1000 or 1k)")
        out.append(int(number) * (1000 if part.endswith("k") else 1))
    return out


def run_worker(args: list[str], timeout: float) -> dict[str, Any] | str:
    """Run this file as a worker; its result, or why there is none."""
    proc = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), *args], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        return f"not measured: did not finish within {timeout:.0f} s"
    for line in out.splitlines():
        if line.startswith(RESULT):
            return json.loads(line[len(RESULT):])
    tail = (err.strip().splitlines() or ["no output"])[-1]
    return f"not measured: worker failed ({tail[:120]})"


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def fmt(value: float | None, unit: str = "", digits: int = 0) -> str:
    return "n/a" if value is None else f"{value:,.{digits}f}{unit}"


def table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    line = "| " + " | ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)) + " |"
    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    body = ["| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |"
            for r in rows]
    return "\n".join([line, rule, *body])


@dataclass
class Budget:
    what: str
    limit: float
    unit: str
    value: float | None = None
    why_missing: str | None = None  # set when it could not be measured

    def verdict(self) -> tuple[bool, str]:
        """(passed, text)."""
        if self.value is None:
            if self.why_missing is None:
                return True, f"{self.what}: not checked (size not run)"
            return False, f"{self.what}: MISSED, {self.why_missing}"
        if self.value <= self.limit:
            return True, f"{self.what}: ok ({self.value:,.2f} {self.unit} ≤ {self.limit:,.2f})"
        over = self.value - self.limit
        return False, (f"{self.what}: MISSED by {over:,.2f} {self.unit} "
                       f"({self.value:,.2f} vs {self.limit:,.2f}, {self.value / self.limit:.1f}x)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=sizes_arg, default="1k,10k,100k",
                        help="synthetic event counts, comma-separated, 1000 or 1k "
                        "(default: 1k,10k,100k)")
    parser.add_argument("--skip-browser", action="store_true", help="no Chromium timings")
    parser.add_argument("--skip-rerun", action="store_true", help="no AppTest timings")
    parser.add_argument("--reruns", type=int, default=30, help="filter changes per app")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--trace", action="store_true",
                        help="also measure tracemalloc's peak (a second, slower load)")
    parser.add_argument("--timeout", type=float, default=900,
                        help="seconds allowed to each measurement subprocess")
    parser.add_argument("--rerun-budget", type=float, default=600,
                        help="stop the filter changes after this many seconds (n is shown)")
    parser.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker:
        kind, directory, *rest = args.worker
        if kind == "load":
            result = worker_load(directory, rest[0], rest[1], trace=len(rest) > 2)
        elif kind == "rerun":
            result = worker_rerun(directory, int(rest[0]), float(rest[1]))
        else:
            result = worker_browser(directory, rest[0], float(rest[1]))
        print(RESULT + json.dumps(result))
        return 0

    sets = datasets(args.sizes, args.seed)
    load_rows: list[list[str]] = []
    rerun_rows, browser_rows = [], []
    biggest = 100_000
    budgets = {
        "ratio": Budget("rerun, embedded dataset, vs minimal app (median ratio)", 1.2, "x"),
        "rerun": Budget(f"rerun median at {biggest:,} events", 300, "ms"),
        "payload": Budget(f"chart payload per rerun at {biggest:,} events (largest, or the "
                          "heaviest view if larger)",
                          300, "KB"),
        # Machine-made data at this size is Parquet (YAML is for people to
        # edit): the load budgets are the Parquet copy's; YAML is reported.
        "cold": Budget(f"cold load of {biggest:,} events from Parquet (no cache)", 2, "s"),
        "first": Budget(f"first load of {biggest:,} events from Parquet (cold, then the cache "
                        "written)", 10, "s"),
        "warm": Budget(f"warm load of {biggest:,} events (a cache hit, or it fails)", 10, "s"),
        "rss": Budget(f"peak resident memory at {biggest:,} events from Parquet (cold, first or "
                      "warm)", 1024, "MB"),
    }

    for ds in sets:
        is_big = ds.name == f"synth {biggest}"
        is_big_parquet = ds.name == f"synth {biggest} parquet"
        print(f"== {ds.name}: {ds.directory}", file=sys.stderr)
        cache_dir = WORKDIR / "cache" / ds.directory.name
        shutil.rmtree(cache_dir, ignore_errors=True)
        runs: dict[str, dict[str, Any] | str] = {}
        for mode in ("cold", "first", "warm"):
            runs[mode] = run_worker(["--worker", "load", str(ds.directory), mode,
                                     str(cache_dir)], args.timeout)
        traced = (run_worker(["--worker", "load", str(ds.directory), "cold", str(cache_dir),
                              "trace"], args.timeout) if args.trace else None)
        done = [run for run in runs.values() if isinstance(run, dict)]
        row = [ds.name, f"{done[0]['events']:,}" if done else "",
               f"{done[0]['quotes']:,}" if done else ""]
        for mode, run in runs.items():
            if isinstance(run, str):
                row += [run, ""]
                if is_big_parquet:
                    budgets[mode].why_missing = run
                    budgets["rss"].why_missing = budgets["rss"].why_missing or run
                continue
            row += [fmt(run["seconds"], " s", 2), fmt(run["rss_peak_mb"], " MB")]
            if is_big_parquet:
                budgets[mode].value = run["seconds"]
                budgets["rss"].value = max(budgets["rss"].value or 0, run["rss_peak_mb"])
        warm = runs["warm"]
        row.append(fmt(warm["cache_bytes"] / MB, " MB", 1) if isinstance(warm, dict) else "")
        tp = traced.get("traced_peak_mb") if isinstance(traced, dict) else None
        row.append(fmt(tp, " MB") if args.trace else "not run")
        load_rows.append(row)
        print(table(LOAD_HEADERS, load_rows[-1:]), file=sys.stderr)
        if ds.loads_only:
            continue

        if not args.skip_rerun:
            rerun = run_worker(["--worker", "rerun", str(ds.directory), str(args.reruns),
                                str(args.rerun_budget)], args.timeout)
            if isinstance(rerun, str):
                rerun_rows.append([ds.name, rerun, "", "", "", "", "", "", "", ""])
                if is_big:
                    budgets["rerun"].why_missing = budgets["payload"].why_missing = rerun
                if ds.name == "embedded":
                    budgets["ratio"].why_missing = rerun
            else:
                d = [t * 1000 for t in rerun["times"]["dash"]]
                m = [t * 1000 for t in rerun["times"]["mini"]]
                ratio = statistics.median(d) / statistics.median(m)
                pay = max(rerun["payload"]["dash"]) / 1024
                worst = rerun["worst"] / 1024
                rerun_rows.append([
                    ds.name, str(len(d)), fmt(rerun["first_run"] * 1000, " ms"),
                    fmt(statistics.median(d), " ms"), fmt(p95(d), " ms"),
                    fmt(statistics.median(m), " ms"), fmt(p95(m), " ms"), f"{ratio:.1f}x",
                    f"{fmt(statistics.median(rerun['payload']['dash']) / 1024, ' KB')} / "
                    f"{fmt(pay, ' KB')} (minimal "
                    f"{fmt(statistics.median(rerun['payload']['mini']) / 1024, ' KB', 1)})",
                    fmt(worst, " KB"),
                ])
                if ds.name == "embedded":
                    budgets["ratio"].value = ratio
                if is_big:
                    budgets["rerun"].value = statistics.median(d)
                    budgets["payload"].value = max(pay, worst)
            print(rerun_rows[-1], file=sys.stderr)

        if not args.skip_browser:
            if not CHROMIUM.exists():
                browser_rows.append([ds.name, "not measured: no /usr/bin/chromium",
                                     *[""] * (len(BROWSER_TIMES) - 1)])
                continue
            res = run_worker(["--worker", "browser", str(ds.directory), ds.q,
                              str(args.timeout / 3)], args.timeout)
            if isinstance(res, str):
                browser_rows.append([ds.name, res, *[""] * (len(BROWSER_TIMES) - 1)])
            else:
                browser_rows.append([ds.name] + [
                    f'{fmt(res["dash"][k] * 1000, " ms")} ({fmt(res["mini"][k] * 1000, " ms")})'
                    for k in BROWSER_TIMES])
            print(browser_rows[-1], file=sys.stderr)

    print("\nLoading (each in a fresh process)\n")
    print(table(LOAD_HEADERS, load_rows))
    cold = {row[0]: row[3] for row in load_rows}
    for n in args.sizes:
        print(f"cold load of {n:,} events: YAML {cold.get(f'synth {n}', 'not run')}, "
              f"Parquet {cold.get(f'synth {n} parquet', 'not run')}")
    if rerun_rows:
        print(f"\nReruns (AppTest, {args.reruns} filter changes requested, alternating apps)\n")
        print(table(["dataset", "n", "first run", "dash median", "dash p95", "minimal median",
                     "minimal p95", "ratio", "chart bytes/rerun: median / max",
                     "heaviest view"], rerun_rows))
    if browser_rows:
        print("\nBrowser (headless Chromium, second visit; dashboard (minimal app)): first "
              "contentful paint, first readable text (an event's title; the minimal app's "
              "title), first chart drawn; the slider's end one day back, then a search typed "
              "+ Enter, each to the chart redrawn; a click on Next to the next step's text\n")
        print(table(["dataset", *BROWSER_TIMES.values()], browser_rows))
    print("\nBudgets\n")
    failed = 0
    for budget in budgets.values():
        ok, text = budget.verdict()
        failed += not ok
        print(("  ok   " if ok else "  FAIL ") + text)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
