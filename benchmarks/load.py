"""N concurrent readers against one served page (issue 15). Not part of `make test`.

By default each reader speaks Streamlit's websocket protocol
(``benchmarks/wsclient.py``, no browser): it opens a shared link, then moves
the date slider, picks an event, opens the Map tab and downloads the events as
CSV. All N readers start together; each action is timed from the message sent
to the run finished. With every walk done and the N sessions still open, the
server's RSS is read; then the readers leave. Per N: time to first chart and
per-action latency (median, p95), errors, RSS, the server's and this client's
CPU time. ``--browser`` is the first cut instead: N Playwright contexts in one
Chromium opening the link (Chromium then shares the server's cores).

    python benchmarks/load.py 1 5 10 20 40
    python benchmarks/load.py --browser 1 5
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager

from procstats import cpu_seconds, load_average, rss_mb
from wsclient import Reader

from kzdash.devserver import running

BUDGET = 2.0  # seconds, p95 (README, issue 15)
KINDS = ("slider", "event", "tab", "download")


def p95(values: list[float]) -> float:
    """The 95th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[max(0, -(-len(ordered) * 95 // 100) - 1)] if ordered else float("nan")


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


async def one_reader(base: str, timeout: float, release: asyncio.Event,
                     walked: list[int]) -> Reader:
    """Open, walk, then hold the session open until ``release``."""
    reader = Reader(base, timeout)
    try:
        await reader.open()
        await reader.walk()
    except Exception as exc:  # noqa: BLE001 - every failure is counted, none stops the run
        reader.error = f"{type(exc).__name__}: {exc}"
    walked.append(1)
    try:
        await release.wait()
    finally:
        await reader.close()
    return reader


async def round_of(base: str, n: int, timeout: float, servers: tuple[str, ...] = ()) -> dict:
    """N readers at once on ``base``; their timings, errors and the cost of
    the servers (``servers``: the processes behind a balancer, else ``base``)."""
    servers = servers or (base,)
    release = asyncio.Event()
    walked: list[int] = []
    rss_before, cpu_before = rss_mb(*servers), cpu_seconds(*servers)
    client_before, wall_before = os.times(), time.monotonic()
    tasks = [asyncio.create_task(one_reader(base, timeout, release, walked)) for _ in range(n)]
    while len(walked) < n:
        await asyncio.sleep(0.05)
    wall = time.monotonic() - wall_before
    rss_open, cpu = rss_mb(*servers), cpu_seconds(*servers) - cpu_before
    client_after = os.times()
    release.set()
    readers = await asyncio.gather(*tasks)
    times: dict[str, list[float]] = defaultdict(list)
    for reader in readers:
        for action, took in reader.timings:
            times[action].append(took)
    return {
        "n": n, "times": times, "wall": wall, "server_cpu": cpu,
        "client_cpu": (client_after.user - client_before.user
                       + client_after.system - client_before.system),
        "rss_before": rss_before, "rss_open": rss_open,
        "errors": [r.error for r in readers if r.error],
    }


def report(result: dict, rest: float) -> bool:
    """Print one N's rows; whether it is within the budget with no errors."""
    n, times = result["n"], result["times"]
    actions = [t for kind in KINDS for t in times[kind]]
    first = times["first chart"]
    per_session = (result["rss_open"] - rest) / n
    per_round = (result["rss_open"] - result["rss_before"]) / n
    print(f"| {n} | {median(first):.2f} | {p95(first):.2f} | {median(actions):.2f} | "
          f"{p95(actions):.2f} | " + " | ".join(
              f"{median(times[k]):.2f} / {p95(times[k]):.2f}" for k in KINDS)
          + f" | {len(result['errors'])} | {result['rss_before']:.0f} | {result['rss_open']:.0f} | "
          f"{per_session:.1f} | {per_round:.1f} | "
          f"{result['wall']:.1f} | {result['server_cpu']:.1f} | {result['client_cpu']:.1f} |",
          flush=True)
    for error in sorted(set(result["errors"])):
        print(f"    error x{result['errors'].count(error)}: {error}", flush=True)
    return not result["errors"] and p95(first) <= BUDGET and p95(actions) <= BUDGET


@contextmanager
def serving(replicas: int) -> Iterator[tuple[str, tuple[str, ...]]]:
    """Where readers connect, and the server processes to measure: one
    server, or ``replicas`` behind HAProxy (kzdash.balancer, as tested)."""
    if replicas == 1:
        with running() as base:
            yield base, (base,)
    else:
        from kzdash.balancer import HAPROXY, cluster

        if HAPROXY is None:
            raise SystemExit("--replicas needs HAProxy: apt-get install haproxy")
        with cluster(replicas) as c:
            yield c.url, tuple(c.bases.values())


def main_ws(ns: list[int], timeout: float, replicas: int = 1) -> None:
    with serving(replicas) as (base, servers):
        for _ in servers:  # warm the caches (of each replica, behind a balancer)
            asyncio.run(round_of(base, 1, timeout, servers))
        rest = rss_mb(*servers)
        print(f"replicas: {len(servers)}" + (" behind HAProxy" if replicas > 1 else ""))
        print(f"load average before: {load_average()}")
        print(f"server at rest (warm, one reader has left): {rest:.0f} MB")
        print("times in s, median / p95; RSS in MB before the round and with its N "
              "sessions open (after every walk, before any leaves); per session = (RSS open "
              "- at rest) / N, and (RSS open - RSS before) / N: sessions of earlier rounds "
              "may linger (server.disconnectedSessionTTL, 120 s by default); CPU in s over "
              "the round, wall until the last walk ended")
        print("| N | first chart median | p95 | actions median | p95 | "
              + " | ".join(f"{k}" for k in KINDS)
              + " | errors | RSS before | RSS open | per session (rest) | per session (round)"
              " | wall | server CPU | client CPU |")
        print("|" + "---|" * 17)
        ceiling, failed = None, None
        for n in ns:
            ok = report(asyncio.run(round_of(base, n, timeout, servers)), rest)
            if ok and failed is None:
                ceiling = n
            elif not ok and failed is None:
                failed = n
        print(f"load average after: {load_average()}")
        print(f"first N with a p95 over {BUDGET:.0f} s or an error: {failed}; "
              f"largest N within the budget: {ceiling}")


def main_browser(ns: list[int]) -> None:
    from browserload import measure  # Playwright and Chromium only when asked for

    with running() as base:
        asyncio.run(measure(base, 1))  # warm the caches
        print(f"at rest: {rss_mb(base):.0f} MB")
        print("N | first chart median s | p95 s | errors | RSS MB")
        for n in ns:
            times, errors = asyncio.run(measure(base, n))
            print(f"{n} | {median(times):.2f} | {p95(times):.2f} | {errors} | "
                  f"{rss_mb(base):.0f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("ns", nargs="*", type=int, default=[1, 5, 10, 20, 40],
                        help="numbers of concurrent readers, one round each")
    parser.add_argument("--browser", action="store_true",
                        help="readers in headless Chromium (the first cut) instead")
    parser.add_argument("--replicas", type=int, default=1,
                        help="servers behind HAProxy (needs haproxy; the readers' cookies "
                        "keep each on one)")
    parser.add_argument("--timeout", type=float, default=120.0,
                        help="seconds an action may take before it counts as an error")
    args = parser.parse_args()
    if args.browser:
        main_browser(args.ns)
    else:
        main_ws(args.ns, args.timeout, args.replicas)


if __name__ == "__main__":
    main()
