"""The container's commands, run outside a container (Docker is not available in CI): the entry point migrates and
starts the production server with the production settings; behind the TLS proxy header pages answer with HSTS,
plain HTTP is redirected, the probes are not; /readyz waits for a worker; SIGTERM stops it cleanly."""

from __future__ import annotations

import http.client
import json
import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from yhteiso.core.tests.test_server_process import free_port

ROOT = Path(__file__).resolve().parents[4]
ENTRYPOINT = ROOT / "docker" / "entrypoint.sh"

pytestmark = pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="runs in the SQLite pass only")


def _request(port: int, path: str, **headers) -> http.client.HTTPResponse:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path, headers={"Host": "127.0.0.1", **headers})
    response = conn.getresponse()
    response.body = response.read()
    return response


def test_the_container_entrypoint_serves_with_production_settings(tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("YHTEISO_", "DJANGO_", "DATABASE_URL"))}
    env.update(
        PYTHONPATH=str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", ""),
        YHTEISO_BIN=f"{sys.executable} -m yhteiso.cli", YHTEISO_ENV="production",
        YHTEISO_SECRET_KEY=secrets.token_urlsafe(50), YHTEISO_VOTER_KEY=secrets.token_urlsafe(50),
        YHTEISO_DATA_DIR=str(tmp_path / "data"), YHTEISO_KEYS_DIR=str(tmp_path / "keys"),
        YHTEISO_HOST="127.0.0.1", YHTEISO_PORT=str(port), YHTEISO_ALLOWED_HOSTS="127.0.0.1",
        YHTEISO_PROXY_SSL_HEADER="X-Forwarded-Proto=https", YHTEISO_WORKERS="1", YHTEISO_THREADS="2",
    )
    migrate = subprocess.run(["sh", str(ENTRYPOINT), "migrate"], env=env, capture_output=True, text=True,
                             timeout=300, cwd=tmp_path)
    assert migrate.returncode == 0, migrate.stderr
    log = (tmp_path / "server.log").open("w")
    server = subprocess.Popen(["sh", str(ENTRYPOINT)], env=env, stdout=log, stderr=subprocess.STDOUT, cwd=tmp_path)
    try:
        deadline = time.monotonic() + 180
        while True:
            assert server.poll() is None, (tmp_path / "server.log").read_text()
            try:
                if _request(port, "/healthz").status == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.3)
        ready = _request(port, "/readyz")
        body = json.loads(ready.body)
        # production requires a worker heartbeat: none is running here
        assert ready.status == 503 and body["checks"]["worker"] == {"ok": False, "required": True, "fresh": False}
        assert body["checks"]["database"]["ok"] and body["checks"]["migrations"]["ok"]

        plain = _request(port, "/")
        assert plain.status == 301 and plain.getheader("Location") == "https://127.0.0.1/"
        secure = _request(port, "/", **{"X-Forwarded-Proto": "https"})
        assert secure.status == 200
        assert secure.getheader("Strict-Transport-Security") == "max-age=31536000; includeSubDomains"
        assert "script-src 'self'" in secure.getheader("Content-Security-Policy")
        assert not (tmp_path / "keys").exists()  # production never generates keys
    finally:
        server.send_signal(signal.SIGTERM)  # sh exec'd the server: the signal reaches it directly
        code = server.wait(timeout=60)
        log.close()
    assert code == 0, (tmp_path / "server.log").read_text()
    assert "Traceback" not in (tmp_path / "server.log").read_text()
