"""Starting the test OpenID Connect provider (django-oauth-toolkit, ``tests/oidc/provider_*``) as a second process on
a loopback port: shared by the staff sign-in tests (``test_oidc_signin``) and the Suomi.fi tests (``test_suomifi``),
which differ only in the setup module they run first and in the environment (validator, client key)."""

from __future__ import annotations

import contextlib
import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

REPO = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def pem(key) -> str:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()).decode()


@contextlib.contextmanager
def provider_process(workdir: Path, *, setup: list[str], env: dict[str, str] | None = None, port: int | None = None):
    """Prepare the provider's database (``python -m`` the ``setup`` command line), start it and wait until its
    discovery document answers; yields ``{"issuer", "op_key", "env", "run"}`` (``run(args)`` runs another
    ``python -m`` command in the provider's environment) and stops it afterwards."""
    op_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    (workdir / "op.pem").write_text(pem(op_key))
    port = port or free_port()
    issuer = f"http://127.0.0.1:{port}/o"
    full_env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    full_env.update({
        "DJANGO_SETTINGS_MODULE": "tests.oidc.provider_settings",
        "PYTHONPATH": os.pathsep.join([str(REPO), str(REPO / "src"), full_env.get("PYTHONPATH", "")]),
        "OIDC_TEST_SECRET_KEY": secrets.token_urlsafe(40),
        "OIDC_TEST_DB": str(workdir / "provider.sqlite3"),
        "OIDC_TEST_KEY_FILE": str(workdir / "op.pem"),
        "OIDC_TEST_ISSUER": issuer,
        **(env or {}),
    })

    def run(args: list[str], timeout: int = 120) -> None:
        subprocess.run([sys.executable, "-m", *args], env=full_env, cwd=REPO, check=True, timeout=timeout)

    run(setup)
    log = (workdir / "provider.log").open("wb")
    process = subprocess.Popen([sys.executable, "-m", "django", "runserver", f"127.0.0.1:{port}", "--noreload"],
                               env=full_env, cwd=REPO, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(f"{issuer}/.well-known/openid-configuration", timeout=2).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the test OpenID Connect provider did not start: "
                                   + (workdir / "provider.log").read_text(errors="replace")[-2000:])
            time.sleep(0.2)
        yield {"issuer": issuer, "op_key": op_key, "env": full_env, "run": run}
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()
