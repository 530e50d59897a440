"""Settings come from environment variables; bad values are refused with a message naming the variable."""

from pathlib import Path

import pytest

from yhteiso.config.env import ConfigurationError, database_from_url, env_bool, env_int


def test_a_postgres_url_becomes_a_django_database_entry():
    db = database_from_url("postgres://yh:s%40lt@db.example:5433/yhteiso?sslmode=require", base_dir=Path("/x"))
    assert db["ENGINE"] == "yhteiso.core.postgresql"
    assert (db["NAME"], db["USER"], db["PASSWORD"], db["HOST"], db["PORT"]) == ("yhteiso", "yh", "s@lt", "db.example", "5433")
    assert db["OPTIONS"] == {"sslmode": "require"}


def test_sqlite_urls_accept_relative_and_absolute_paths():
    assert database_from_url("sqlite:///var/db.sqlite3", base_dir=Path("/srv"))["NAME"] == "/srv/var/db.sqlite3"
    assert database_from_url("sqlite:////tmp/db.sqlite3", base_dir=Path("/srv"))["NAME"] == "/tmp/db.sqlite3"


@pytest.mark.parametrize("url", ["mysql://u@h/db", "postgres://u@h/", "sqlite:///"])
def test_unusable_database_urls_are_refused_with_a_message(url):
    with pytest.raises(ConfigurationError, match="DATABASE_URL"):
        database_from_url(url, base_dir=Path("/srv"))


def test_booleans_and_integers_are_validated(monkeypatch):
    monkeypatch.setenv("YHTEISO_X", "maybe")
    with pytest.raises(ConfigurationError, match="YHTEISO_X must be true or false"):
        env_bool("YHTEISO_X", False)
    monkeypatch.setenv("YHTEISO_X", "off")
    assert env_bool("YHTEISO_X", True) is False
    monkeypatch.setenv("YHTEISO_N", "3")
    with pytest.raises(ConfigurationError, match="at least 5"):
        env_int("YHTEISO_N", 10, minimum=5)


def test_secrets_can_come_from_a_file(monkeypatch, tmp_path):
    secret = tmp_path / "key"
    secret.write_text("from-file\n")
    monkeypatch.setenv("YHTEISO_N_FILE", str(secret))
    monkeypatch.setenv("YHTEISO_N", "ignored")
    from yhteiso.config.env import env_str

    assert env_str("YHTEISO_N", "default") == "from-file"
