"""The served page's process as /proc sees it: its memory and CPU time, for
the load benchmark and the soak (Linux only)."""

from __future__ import annotations

import os
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")


def server_pids(base: str) -> list[int]:
    """The processes serving ``base`` (http://host:port), by their command line."""
    flag = f"--server.port {base.rsplit(':', 1)[1]} "
    pids = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().decode().replace("\0", " ")
        except OSError:
            continue
        if flag in cmdline and "streamlit" in cmdline:
            pids.append(int(proc.name))
    return pids


def rss_mb(*bases: str) -> float:
    """Resident memory of the servers at ``bases``, in MB."""
    total = 0
    for pid in (pid for base in bases for pid in server_pids(base)):
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def cpu_seconds(*bases: str) -> float:
    """User + system CPU time the servers at ``bases`` have used so far."""
    total = 0
    for pid in (pid for base in bases for pid in server_pids(base)):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / TICKS


def load_average() -> str:
    """The 1, 5 and 15 minute load averages."""
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])
