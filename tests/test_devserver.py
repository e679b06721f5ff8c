"""kzdash.devserver: the health check that the browser tests, the balancer
and the benchmarks wait on."""

from __future__ import annotations

import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

from kzdash.devserver import healthy


class _Health(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (http.server's name)
        self.send_response(200 if self.path == "/_stcore/health" else 404)
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


def test_a_server_that_answers_is_healthy():
    server = HTTPServer(("127.0.0.1", 0), _Health)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        assert healthy(f"http://127.0.0.1:{server.server_port}", alive, timeout=5)
    finally:
        alive.kill()
        server.shutdown()


def test_a_server_that_exited_is_not_waited_for():
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    server = HTTPServer(("127.0.0.1", 0), _Health)  # bound, never serving: no answer
    try:
        assert not healthy(f"http://127.0.0.1:{server.server_port}", dead, timeout=30)
    finally:
        server.server_close()
