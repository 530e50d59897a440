"""Running as a service: health and readiness, request ids, metrics behind an address list, the security headers,
the database-outage page, production settings that refuse to start without their keys, and keys that stay put."""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db.utils import OperationalError
from django.test import RequestFactory

from yhteiso.core import health

ROOT = Path(__file__).resolve().parents[4]
SRC = ROOT / "src"


def _env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("YHTEISO_", "DJANGO_", "DATABASE_URL"))}
    env["PYTHONPATH"] = str(SRC) + os.pathsep + env.get("PYTHONPATH", "")
    env.update(extra)
    return env


# --- health and readiness ---------------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_healthz_answers_json_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_needs_a_recent_worker_heartbeat_when_required(client, settings):
    settings.YHTEISO_READY_REQUIRE_WORKER = True
    cache.delete(health.HEARTBEAT_KEY)
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["database"]["ok"] and body["checks"]["migrations"] == {"ok": True, "pending": 0}
    assert body["checks"]["worker"]["ok"] is False

    cache.set(health.HEARTBEAT_KEY, time.time() - 3, None)
    response = client.get("/readyz")
    assert response.status_code == 200, response.json()
    assert response.json()["checks"]["worker"]["fresh"] is True

    cache.set(health.HEARTBEAT_KEY, time.time() - 121, None)  # older than 120 s: stale
    assert client.get("/readyz").status_code == 503

    settings.YHTEISO_READY_REQUIRE_WORKER = False
    response = client.get("/readyz")
    assert response.status_code == 200 and response.json()["checks"]["worker"]["fresh"] is False
    cache.delete(health.HEARTBEAT_KEY)


@pytest.mark.django_db
def test_the_default_cache_is_the_shared_database_cache(settings):
    from django.db import connection

    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    cache.set("yhteiso:test-shared", 42, 30)
    table = settings.CACHES["default"]["LOCATION"]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)} WHERE cache_key LIKE %s",
                       ["%yhteiso:test-shared"])
        assert cursor.fetchone()[0] == 1  # in the database, seen by every process: not in this process's memory


# --- request ids and logs ---------------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_a_request_id_is_returned_and_a_given_one_honoured(client, caplog):
    caplog.set_level("INFO", logger="yhteiso.request")
    response = client.get("/healthz", HTTP_X_REQUEST_ID="lb-1234.abc")
    assert response["X-Request-ID"] == "lb-1234.abc"
    line = next(r for r in caplog.records if r.name == "yhteiso.request")
    assert line.status == 200 and line.view == "healthz" and line.path == "/healthz"
    assert not any("REMOTE_ADDR" in str(v) or "127.0.0.1" in str(v) for v in line.__dict__.values())

    bad = client.get("/healthz", HTTP_X_REQUEST_ID="<script>" + "x" * 300)
    assert re.fullmatch(r"[0-9a-f]{32}", bad["X-Request-ID"])  # an unsafe id is replaced


def test_log_lines_are_json_with_the_request_id():
    import logging

    from yhteiso.core.logs import JsonFormatter, request_id_var

    token = request_id_var.set("abc123")
    try:
        record = logging.LogRecord("yhteiso.test", logging.WARNING, __file__, 1, "hello %s", ("world",), None)
        record.status = 503
        line = json.loads(JsonFormatter().format(record))
    finally:
        request_id_var.reset(token)
    assert line["message"] == "hello world" and line["request_id"] == "abc123" and line["status"] == 503
    assert line["level"] == "WARNING"


# --- metrics ----------------------------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_metrics_only_for_allowed_addresses(client, settings):
    settings.YHTEISO_METRICS_ALLOW = ["127.0.0.1", "10.0.0.0/8"]
    client.get("/healthz")
    response = client.get("/metrics", REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 200
    text = response.content.decode()
    assert 'yhteiso_request_duration_seconds_bucket{' in text and 'view="healthz"' in text
    assert "yhteiso_tasks" in text
    assert client.get("/metrics", REMOTE_ADDR="192.0.2.10").status_code == 403
    assert client.get("/metrics", REMOTE_ADDR="not-an-address").status_code == 403


# --- security headers -------------------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_pages_carry_a_content_security_policy_without_inline_scripts(client):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'"
    assert response["X-Content-Type-Options"] == "nosniff" and response["Referrer-Policy"] == "same-origin"


def test_no_template_has_an_inline_script_or_event_handler():
    offenders = []
    for template in (ROOT / "src" / "yhteiso").rglob("templates/**/*.html"):
        text = template.read_text(encoding="utf-8")
        for match in re.finditer(r"<script\b([^>]*)>", text):
            if "src=" not in match.group(1):
                offenders.append(f"{template}: inline <script>")
        if re.search(r"\son[a-z]+\s*=\s*[\"']", text):
            offenders.append(f"{template}: inline event handler")
    assert not offenders, offenders


# --- database outage --------------------------------------------------------------------------------------------------
def test_a_database_error_gives_the_503_page_in_the_visitors_language():
    middleware = health.DatabaseUnavailableMiddleware(lambda request: None)
    request = RequestFactory().get("/kyselyt/", HTTP_ACCEPT_LANGUAGE="sv")
    response = middleware.process_exception(request, OperationalError("connection refused"))
    assert response.status_code == 503 and response["Retry-After"]
    html = response.content.decode()
    assert "Tjänsten är tillfälligt otillgänglig" in html and 'lang="sv"' in html
    assert "connection refused" not in html and "Traceback" not in html
    request = RequestFactory().get("/", HTTP_ACCEPT_LANGUAGE="fi")
    assert "Palvelu on tilapäisesti poissa käytöstä" in middleware.process_exception(
        request, OperationalError("x")).content.decode()


# --- production settings and keys -------------------------------------------------------------------------------------
def _key() -> str:
    return secrets.token_urlsafe(50)


@pytest.mark.parametrize("missing", ["YHTEISO_SECRET_KEY", "YHTEISO_VOTER_KEY"])
def test_production_refuses_to_start_without_its_keys(tmp_path, missing):
    env = _env(YHTEISO_ENV="production", YHTEISO_DATA_DIR=str(tmp_path / "data"),
               YHTEISO_KEYS_DIR=str(tmp_path / "keys"), YHTEISO_SECRET_KEY=_key(), YHTEISO_VOTER_KEY=_key())
    del env[missing]
    result = subprocess.run([sys.executable, "-m", "yhteiso.cli", "serve", "--port", "1"], env=env,
                            capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert result.returncode == 2
    assert f"{missing} is not set" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "keys").exists()  # nothing generated in production


def test_production_keys_can_come_from_files(tmp_path):
    (tmp_path / "secret").write_text(_key())
    (tmp_path / "voter").write_text(_key())
    env = _env(YHTEISO_ENV="production", YHTEISO_DATA_DIR=str(tmp_path / "data"),
               YHTEISO_SECRET_KEY_FILE=str(tmp_path / "secret"), YHTEISO_VOTER_KEY_FILE=str(tmp_path / "voter"),
               DJANGO_SETTINGS_MODULE="yhteiso.config.settings")
    code = "from django.conf import settings as s; print(s.SECRET_KEY == open(%r).read(), s.YHTEISO_VOTER_KEY == open(%r).read())"
    result = subprocess.run([sys.executable, "-c", "import django; django.setup(); " + code % (
        str(tmp_path / "secret"), str(tmp_path / "voter"))], env=env, capture_output=True, text=True, timeout=120)
    assert result.stdout.split() == ["True", "True"], result.stderr


def test_check_deploy_is_clean_with_the_production_settings(tmp_path):
    env = _env(YHTEISO_ENV="production", YHTEISO_DATA_DIR=str(tmp_path / "data"), YHTEISO_SECRET_KEY=_key(),
               YHTEISO_VOTER_KEY=_key(), YHTEISO_ALLOWED_HOSTS="yhteiso.espoo.fi",
               DJANGO_SETTINGS_MODULE="yhteiso.config.settings")
    result = subprocess.run([sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_development_keys_are_kept_apart_from_the_data_and_stable_from_any_directory(tmp_path):
    home = tmp_path / "home"
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    code = ("import django, json; django.setup(); from django.conf import settings as s; "
            "print(json.dumps([s.SECRET_KEY, s.YHTEISO_VOTER_KEY, str(s.DATA_DIR), str(s.KEYS_DIR), "
            "s.DATABASES['default']['NAME']]))")
    seen = []
    for cwd in (tmp_path / "a", tmp_path / "b"):
        env = _env(HOME=str(home), DJANGO_SETTINGS_MODULE="yhteiso.config.settings")
        env.pop("XDG_DATA_HOME", None)
        env.pop("XDG_CONFIG_HOME", None)
        result = subprocess.run([sys.executable, "-c", code], env=env, cwd=cwd, capture_output=True, text=True,
                                timeout=120)
        assert result.returncode == 0, result.stderr
        seen.append(json.loads(result.stdout))
    assert seen[0] == seen[1]  # another working directory: the same keys, the same database
    secret, voter, data_dir, keys_dir, database = seen[0]
    assert secret != voter and len(secret) >= 50
    assert data_dir == str(home / ".local" / "share" / "yhteiso") and database.startswith(data_dir)
    assert keys_dir == str(home / ".config" / "yhteiso" / "keys")
    assert not Path(keys_dir).is_relative_to(data_dir)  # a backup of the data folder holds no key
    assert oct((Path(keys_dir) / "voter_key").stat().st_mode & 0o777) == "0o600"


def test_a_command_on_a_database_that_does_not_exist_yet_explains_instead_of_a_traceback(tmp_path):
    env = _env(YHTEISO_DATA_DIR=str(tmp_path / "data"), YHTEISO_KEYS_DIR=str(tmp_path / "keys"))
    result = subprocess.run([sys.executable, "-m", "yhteiso.cli", "report", "council", "--as-of", "2026-12-31",
                             "--format", "html", "--lang", "fi", "--output", str(tmp_path / "r.html")],
                            env=env, capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert result.returncode == 1
    assert "is not ready" in result.stderr and "yhteiso demo" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_demo_refuses_a_production_installation(tmp_path):
    env = _env(YHTEISO_ENV="production", YHTEISO_SECRET_KEY=_key(), YHTEISO_VOTER_KEY=_key(),
               YHTEISO_DATA_DIR=str(tmp_path / "data"))
    result = subprocess.run([sys.executable, "-m", "yhteiso.cli", "demo", "--no-serve"], env=env,
                            capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert result.returncode == 2 and "published password" in result.stderr
    assert not (tmp_path / "data" / "yhteiso.sqlite3").exists() or not _tables(tmp_path / "data" / "yhteiso.sqlite3")


def _tables(path: Path) -> list[str]:
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    finally:
        conn.close()
