"""The production files say what the balancer test runs: the same Streamlit
flags, the same health path, a non-root user, cookie affinity."""

from __future__ import annotations

from pathlib import Path

import yaml

from kzdash import balancer

ROOT = Path(__file__).resolve().parent.parent
DOCKERFILE = (ROOT / "Dockerfile").read_text()
HAPROXY = (ROOT / "deploy" / "haproxy.cfg").read_text()


def test_the_image_runs_the_tested_flags_as_a_non_root_user():
    cmd = next(line for line in DOCKERFILE.splitlines() if line.startswith("CMD"))
    flags = " ".join(balancer.REPLICA_FLAGS).replace(" ", '", "')
    assert f'"{flags}"' in cmd
    assert "FROM python:3.11-slim" in DOCKERFILE
    user = [line.split()[1] for line in DOCKERFILE.splitlines() if line.startswith("USER")]
    assert user and user[-1] not in ("root", "0")


def test_health_is_checked_on_the_same_path_everywhere():
    assert "/_stcore/health" in next(
        line for line in DOCKERFILE.splitlines() if "CMD python" in line)
    assert "option httpchk GET /_stcore/health" in HAPROXY


def test_the_balancer_keeps_a_reader_on_one_replica_and_holds_websockets():
    assert "cookie SERVERID insert indirect nocache" in HAPROXY
    assert "timeout tunnel" in HAPROXY
    cfg = balancer.config("*:8080", {"r1": "r1:8501"})
    assert "server r1 r1:8501 cookie r1" in cfg and "{" not in cfg


def test_compose_replicas_share_one_cookie_secret():
    compose = yaml.safe_load((ROOT / "deploy" / "compose.yaml").read_text())
    replicas = {k: v for k, v in compose["services"].items() if k != "haproxy"}
    assert len(replicas) >= 2
    secrets = {v["environment"]["STREAMLIT_SERVER_COOKIE_SECRET"] for v in replicas.values()}
    assert len(secrets) == 1


def test_the_balancer_config_for_compose_names_every_replica_and_its_port():
    compose = yaml.safe_load((ROOT / "deploy" / "compose.yaml").read_text())
    replicas = [k for k in compose["services"] if k != "haproxy"]
    cfg = balancer.compose_config()
    servers = [line.split()[1] for line in cfg.splitlines() if line.strip().startswith("server ")]
    assert servers == replicas
    assert all(f"server {r} {r}:8501 cookie {r}" in cfg for r in replicas)
    port = str(compose["services"]["haproxy"]["ports"][0]).rsplit(":", 1)[-1]
    assert f"bind *:{port}" in cfg and "{" not in cfg
    assert "EXPOSE 8501" in DOCKERFILE  # the port the servers above are given
