"""One rule for the client's address behind proxies (sign-in throttle and rate limits) and one setting for it."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.test import RequestFactory

from yhteiso.config.env import ConfigurationError, trusted_proxies, trusted_proxies_value
from yhteiso.core.clients import client_address
from yhteiso.core.commands.serve import forwarded_allow_ips, server_options

SRC = Path(__file__).resolve().parents[3]


def _request(remote: str, forwarded: str):
    return RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)


@pytest.mark.parametrize(("setting", "remote", "forwarded", "client"), [
    ("0", "10.0.0.1", "203.0.113.5", "10.0.0.1"),  # 0 hops is no proxy
    ("2", "10.0.0.1", "203.0.113.5", "10.0.0.1"),  # fewer entries than hops: not through the proxies
    ("1", "10.0.0.1", "203.0.113.5, <script>", "10.0.0.1"),  # never free text
    ("10.0.0.0/8", "10.0.0.1", "<script>, 10.0.0.9", "10.0.0.9"),  # the last hop a trusted proxy vouched for
    ("10.0.0.0/8", "10.0.0.1", "10.0.0.2, 10.0.0.9", "10.0.0.2"),  # only proxies: the farthest one
])
def test_the_client_address_is_always_an_address_someone_trusted_wrote(settings, setting, remote, forwarded, client):
    settings.YHTEISO_TRUSTED_PROXIES = setting
    assert client_address(_request(remote, forwarded)) == client


def test_the_old_proxy_count_variable_still_works_when_the_new_one_is_unset(monkeypatch):
    monkeypatch.delenv("YHTEISO_TRUSTED_PROXIES", raising=False)
    monkeypatch.setenv("YHTEISO_PROXY_COUNT", "2")
    assert trusted_proxies(trusted_proxies_value()) == 2
    monkeypatch.setenv("YHTEISO_TRUSTED_PROXIES", "10.0.0.0/8")
    assert trusted_proxies_value() == "10.0.0.0/8"


def test_a_bad_proxy_setting_stops_the_start_with_a_message_naming_it(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(SRC), "YHTEISO_DATA_DIR": str(tmp_path),
           "YHTEISO_KEYS_DIR": str(tmp_path / "keys"), "YHTEISO_TRUSTED_PROXIES": "proxy.example"}
    done = subprocess.run([sys.executable, "-m", "yhteiso.cli", "manage", "check"], env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 2 and "YHTEISO_TRUSTED_PROXIES" in done.stderr and "Traceback" not in done.stderr
    with pytest.raises(ConfigurationError, match="at most 10"):
        trusted_proxies("11")


def test_the_production_server_takes_the_scheme_header_from_the_same_proxies(monkeypatch):
    monkeypatch.delenv("YHTEISO_FORWARDED_ALLOW_IPS", raising=False)
    monkeypatch.setenv("YHTEISO_TRUSTED_PROXIES", "10.0.0.0/8, 192.0.2.7")
    assert server_options("127.0.0.1", 8000)["forwarded_allow_ips"] == "10.0.0.0/8,192.0.2.7/32"
    assert forwarded_allow_ips("1") == forwarded_allow_ips("") == "127.0.0.1,::1"
    monkeypatch.setenv("YHTEISO_FORWARDED_ALLOW_IPS", "192.0.2.9")  # the deprecated override
    assert server_options("127.0.0.1", 8000)["forwarded_allow_ips"] == "192.0.2.9"
