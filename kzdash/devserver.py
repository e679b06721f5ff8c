"""Serve a Streamlit page on a free loopback port, for browser tests, the
README screenshot and benchmarks. The page runs in its own process group and
is stopped by it, children included; nothing here imports streamlit."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DASHBOARD = ROOT / "dashboard.py"

#: A browser-side test that the page has finished its script run: Streamlit
#: marks its root with the run state. "No status widget" alone is not enough,
#: because that widget appears only some time after a run starts.
SETTLED_JS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return !!app && app.dataset.testScriptState === 'notRunning'
    && app.dataset.testConnectionState === 'CONNECTED'
    && !document.querySelector('[data-testid="stStatusWidget"]');
}"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def healthy(base: str, proc: subprocess.Popen, timeout: float) -> bool:
    """Whether the server ``proc`` at ``base`` answers Streamlit's health
    check within ``timeout`` seconds (False as soon as it has exited)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return True
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            return False
        time.sleep(0.3)


@contextmanager
def running(
    app: Path = DASHBOARD, data: Path | str | None = None, cwd: Path | None = None,
    timeout: float = 60,
) -> Iterator[str]:
    """Yield the address of ``app`` served on 127.0.0.1 (on the dataset
    ``data`` when given). Raises :class:`RuntimeError` with the server's
    output when it does not answer its health check within ``timeout``."""
    port = free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.pop("KZDASH_DATA", None)
    if data is not None:
        env["KZDASH_DATA"] = str(data)
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(app),
         "--server.port", str(port), "--server.address", "127.0.0.1",
         "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=cwd or ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        if not healthy(base, proc, timeout):
            os.killpg(proc.pid, signal.SIGKILL)
            out = proc.stdout.read().decode() if proc.stdout else ""
            raise RuntimeError(f"streamlit did not start on {base}:\n{out}")
        yield base
    finally:
        stop(proc)


def stop(proc: subprocess.Popen) -> None:
    """End a server started in its own session, and what it started: politely,
    then by force after 10 s."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
