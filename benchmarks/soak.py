"""Readers one after another against one served page (issue 15): each opens
the shared link, walks (slider, event, tab, CSV download) and leaves, through
``benchmarks/wsclient.py``. The server's RSS is read after given readers have
left; the soak passes if every walk succeeded and the last reading is within
a tolerance of the first. Not part of `make test` (``tests/test_soak.py`` is
its short version).

    python benchmarks/soak.py                  # 200 readers, RSS after the 20th and 200th
    python benchmarks/soak.py --readers 30 --marks 10 30
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from procstats import load_average, rss_mb
from wsclient import visit

from kzdash import cache
from kzdash.devserver import DASHBOARD, running

#: Streamlit keeps a disconnected session (its session state, its deferred
#: downloads) for ``server.disconnectedSessionTTL`` seconds, in a store of at
#: most this many sessions (``MemorySessionStorage``'s maxsize in 1.67).
SESSION_STORE_MAX = 128
DEFAULT_SESSION_TTL = 120
TTL_ENV = "STREAMLIT_SERVER_DISCONNECTED_SESSION_TTL"  # the server reads it at start


@dataclass
class Soak:
    """What a soak saw: RSS after given readers, every failure, every reader's
    walk time and when each left."""

    rss: dict[int, float] = field(default_factory=dict)  # readers gone -> MB
    lingering: dict[int, int] = field(default_factory=dict)  # readers gone -> sessions kept
    failures: list[str] = field(default_factory=list)
    walks: list[float] = field(default_factory=list)
    left: list[float] = field(default_factory=list)  # monotonic times

    def growth(self) -> float:
        """The last reading over the first, minus one."""
        first, last = self.rss[min(self.rss)], self.rss[max(self.rss)]
        return last / first - 1


def soak(base: str, readers: int, marks: set[int], timeout: float = 60,
         ttl: float = DEFAULT_SESSION_TTL) -> Soak:
    """Send ``readers`` readers to ``base`` one after another; read the
    server's RSS after each reader counted in ``marks`` has left."""
    seen = Soak()
    for i in range(1, readers + 1):
        start = time.monotonic()
        try:
            asyncio.run(visit(base, timeout))
        except Exception as exc:  # noqa: BLE001 - a failed walk is counted, the soak goes on
            seen.failures.append(f"reader {i}: {type(exc).__name__}: {exc}")
        now = time.monotonic()
        seen.walks.append(now - start)
        seen.left.append(now)
        if i in marks:
            seen.rss[i] = rss_mb(base)
            seen.lingering[i] = min(SESSION_STORE_MAX,
                                    sum(1 for t in seen.left if now - t < ttl))
    return seen


def median(values: list[float]) -> float:
    return sorted(values)[len(values) // 2]


def session_ttl() -> int:
    """``server.disconnectedSessionTTL`` as the environment or the project's
    config sets it, else Streamlit's default."""
    if os.environ.get(TTL_ENV):
        return int(os.environ[TTL_ENV])
    config = DASHBOARD.parent / ".streamlit" / "config.toml"
    match = re.search(r"^\s*disconnectedSessionTTL\s*=\s*(\d+)", config.read_text(), re.M)
    return int(match.group(1)) if match else DEFAULT_SESSION_TTL


def bounds() -> list[str]:
    """Where the server's state is bounded, as the code says it."""
    lines = []
    source = DASHBOARD.read_text()
    for match in re.finditer(r"@st\.(cache_\w+)(\([^)]*\))?\s*\ndef (\w+)", source):
        kind, args, name = match.groups()
        found = re.search(r"max_entries=(\d+)", args or "")
        ttl = re.search(r"ttl=([^,)]+)", args or "")
        lines.append(f"{Path(DASHBOARD).name} {name}(): st.{kind}, max_entries="
                     f"{found.group(1) if found else 'unbounded'}, ttl="
                     f"{ttl.group(1) if ttl else 'none'}")
    lines.append(f"kzdash/cache.py: at most KEEP = {cache.KEEP} parsed datasets on disk")
    lines.append(f"disconnected sessions: kept {session_ttl()} s "
                 f"(server.disconnectedSessionTTL), at most {SESSION_STORE_MAX} of them")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--readers", type=int, default=200)
    parser.add_argument("--marks", type=int, nargs=2, default=[20, 200],
                        metavar=("FIRST", "LAST"), help="readers gone at each RSS reading")
    parser.add_argument("--tolerance", type=float, default=0.10)
    parser.add_argument("--session-ttl", type=int,
                        help="serve with this server.disconnectedSessionTTL (seconds) instead "
                             "of the configured one, to tell lingering sessions from a leak")
    args = parser.parse_args()
    if args.session_ttl is not None:
        os.environ[TTL_ENV] = str(args.session_ttl)
    print("state bounds:")
    for line in bounds():
        print(f"  {line}")
    ttl = session_ttl()
    with running() as base:
        print(f"load average before: {load_average()}; server at start: {rss_mb(base):.0f} MB")
        start = time.monotonic()
        seen = soak(base, args.readers, set(args.marks), ttl=ttl)
        took = time.monotonic() - start
        print(f"{args.readers} readers in {took:.0f} s (a reader's visit, median "
              f"{median(seen.walks):.2f} s: the first 20 {median(seen.walks[:20]):.2f} s, "
              f"the last 20 {median(seen.walks[-20:]):.2f} s; slowest {max(seen.walks):.2f} s); "
              f"load average after: {load_average()}")
        print("| readers gone | RSS MB | disconnected sessions that may linger |")
        print("|---|---|---|")
        for mark in sorted(seen.rss):
            print(f"| {mark} | {seen.rss[mark]:.0f} | {seen.lingering[mark]} |")
    for failure in seen.failures:
        print(f"FAILED {failure}")
    growth = seen.growth()
    ok = not seen.failures and abs(growth) <= args.tolerance
    print(f"RSS {growth:+.1%} from reader {min(seen.rss)} to reader {max(seen.rss)} "
          f"(tolerance {args.tolerance:.0%}); {len(seen.failures)} failed walks: "
          f"{'PASS' if ok else 'FAIL'}")
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()
