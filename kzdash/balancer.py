"""N Streamlit replicas behind HAProxy on loopback, with the settings of
deploy/haproxy.cfg, for the balancer test and the load benchmark. Nothing
here imports streamlit."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from kzdash.devserver import DASHBOARD, ROOT, free_port, healthy, stop

TEMPLATE = ROOT / "deploy" / "haproxy.cfg"
HAPROXY = shutil.which("haproxy") or ("/usr/sbin/haproxy" if Path("/usr/sbin/haproxy").exists()
                                      else None)
#: The flags every replica runs with; Dockerfile and compose.yaml say the same.
REPLICA_FLAGS = ("--server.headless", "true", "--browser.gatherUsageStats", "false",
                 "--server.enableXsrfProtection", "true")


@dataclass
class Cluster:
    url: str
    replicas: dict[str, subprocess.Popen] = field(default_factory=dict)
    bases: dict[str, str] = field(default_factory=dict)  # each replica's own http://host:port

    def kill(self, name: str) -> None:
        """Kill one replica at once, as a crash would."""
        proc = self.replicas[name]
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


def _wait_health(url: str, proc: subprocess.Popen, timeout: float) -> None:
    if not healthy(url, proc, timeout):
        raise RuntimeError(f"{url} did not answer its health check (exit {proc.poll()})")


def _spawn(cmd: list[str], **kw) -> subprocess.Popen:
    return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True, **kw)


def config(bind: str, servers: dict[str, str]) -> str:
    """deploy/haproxy.cfg with its listen address and ``name -> host:port``."""
    lines = "\n".join(f"    server {n} {a} cookie {n}" for n, a in servers.items())
    return TEMPLATE.read_text().replace("{bind}", bind).replace("{servers}", lines)


COMPOSE = ROOT / "deploy" / "compose.yaml"
BALANCER_SERVICE = "haproxy"
STREAMLIT_PORT = 8501  # the port the image's replicas listen on (Dockerfile)


def compose_config(compose: Path = COMPOSE) -> str:
    """deploy/haproxy.cfg for a compose file: a server for each replica
    service, and the balancer listening on the port its service publishes
    (``"8080:8080"``: the container's side). ``make deploy-config`` writes it
    where compose.yaml mounts it."""
    import yaml

    services = yaml.safe_load(compose.read_text(encoding="utf-8"))["services"]
    published = str(services[BALANCER_SERVICE]["ports"][0])
    replicas = {name: f"{name}:{STREAMLIT_PORT}" for name in services
                if name != BALANCER_SERVICE}
    return config(f"*:{published.rsplit(':', 1)[-1]}", replicas)


@contextmanager
def cluster(n: int = 2, timeout: float = 60) -> Iterator[Cluster]:
    """Yield a :class:`Cluster`: ``n`` replicas sharing one cookie secret,
    behind HAProxy on a free loopback port."""
    if HAPROXY is None:
        raise FileNotFoundError("haproxy")
    secret = os.urandom(16).hex()
    # Streamlit takes the secret only from its config or the environment
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "STREAMLIT_SERVER_COOKIE_SECRET": secret}
    with ExitStack() as stack, tempfile.TemporaryDirectory() as tmp:
        ports = {f"r{i + 1}": free_port() for i in range(n)}
        procs = {}
        for name, port in ports.items():
            proc = _spawn([sys.executable, "-m", "streamlit", "run", str(DASHBOARD),
                           "--server.port", str(port), "--server.address", "127.0.0.1",
                           *REPLICA_FLAGS],
                          cwd=ROOT, env=env)
            stack.callback(stop, proc)
            procs[name] = proc
        for name, port in ports.items():
            _wait_health(f"http://127.0.0.1:{port}", procs[name], timeout)
        front = free_port()
        cfg = Path(tmp) / "haproxy.cfg"
        cfg.write_text(config(f"127.0.0.1:{front}",
                              {k: f"127.0.0.1:{p}" for k, p in ports.items()}))
        lb = _spawn([HAPROXY, "-db", "-f", str(cfg)])
        stack.callback(stop, lb)
        url = f"http://127.0.0.1:{front}"
        _wait_health(url, lb, timeout)
        yield Cluster(url, procs, {k: f"http://127.0.0.1:{p}" for k, p in ports.items()})


if __name__ == "__main__":
    sys.stdout.write(compose_config())
