"""Typed environment-variable helpers: every setting comes from here, bad values are refused with a message."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse


class ConfigurationError(ValueError):
    """A setting's environment variable holds a value that cannot be used."""


def _raw(name: str) -> str | None:
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        try:
            return Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ConfigurationError(f"{name}_FILE points to {file_name!r}, which cannot be read: {exc}") from exc
    return os.environ.get(name)


def env_str(name: str, default: str) -> str:
    value = _raw(name)
    return default if value is None or value == "" else value


def env_bool(name: str, default: bool) -> bool:
    value = _raw(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ConfigurationError(f"{name} must be true or false (got {value!r}).")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    value = _raw(name)
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError as exc:
        raise ConfigurationError(f"{name} must be a whole number (got {value!r}).") from exc
    if minimum is not None and number < minimum:
        raise ConfigurationError(f"{name} must be at least {minimum} (got {number}).")
    return number


def env_list(name: str, default: list[str]) -> list[str]:
    value = _raw(name)
    if value is None or value == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def database_from_url(url: str, *, base_dir: Path) -> dict:
    """Translate a ``DATABASE_URL`` into a Django ``DATABASES['default']`` entry.

    Accepts ``sqlite:///relative/path``, ``sqlite:////absolute/path`` and
    ``postgres://user:password@host:port/name`` (also ``postgresql://``).
    """
    parsed = urlparse(url)
    scheme = parsed.scheme.lower()
    if scheme == "sqlite":
        path = unquote(parsed.path)
        if path.startswith("//"):
            name = path[1:]
        elif path in {"", "/"}:
            raise ConfigurationError("DATABASE_URL sqlite:/// needs a file name, e.g. sqlite:///var/yhteiso.sqlite3")
        else:
            name = str(base_dir / path.lstrip("/"))
        if name == "/:memory:":
            name = ":memory:"
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": name}
    if scheme in {"postgres", "postgresql"}:
        if not parsed.path.strip("/"):
            raise ConfigurationError("DATABASE_URL for PostgreSQL must name a database, e.g. postgres://u@host/yhteiso")
        options = {key: values[-1] for key, values in parse_qs(parsed.query).items()}
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parsed.path.strip("/")),
            "USER": unquote(parsed.username or ""),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": parsed.hostname or "",
            "PORT": str(parsed.port or ""),
            "OPTIONS": options,
            "CONN_MAX_AGE": 0,
        }
    raise ConfigurationError(
        f"DATABASE_URL scheme {scheme!r} is not supported: use sqlite:///path or postgres://user@host:port/name"
    )


_EMAIL_BACKENDS = {
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "smtps": "django.core.mail.backends.smtp.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "dummy": "django.core.mail.backends.dummy.EmailBackend",
}


def email_from_url(url: str) -> tuple[str, dict]:
    """Translate ``YHTEISO_EMAIL_URL`` into ``EMAIL_BACKEND`` and the backend's settings.

    ``smtp://user:password@host:587?tls=true`` (STARTTLS), ``smtps://user:password@host:465`` (implicit TLS),
    ``console:``, ``locmem:``, ``file:///absolute/dir``, ``dummy:``.
    """
    parsed = urlparse(url)
    scheme = parsed.scheme.lower()
    if scheme not in _EMAIL_BACKENDS:
        raise ConfigurationError(
            f"YHTEISO_EMAIL_URL scheme {scheme!r} is not supported: use smtp://, smtps://, console:, locmem:, "
            "file:///dir or dummy:")
    options: dict = {}
    if scheme in {"smtp", "smtps"}:
        if not parsed.hostname:
            raise ConfigurationError("YHTEISO_EMAIL_URL for SMTP must name a host, e.g. smtp://mail.example:587")
        query = {key: values[-1].lower() for key, values in parse_qs(parsed.query).items()}
        options = {
            "EMAIL_HOST": parsed.hostname,
            "EMAIL_PORT": parsed.port or (465 if scheme == "smtps" else 25),
            "EMAIL_HOST_USER": unquote(parsed.username or ""),
            "EMAIL_HOST_PASSWORD": unquote(parsed.password or ""),
            "EMAIL_USE_SSL": scheme == "smtps",
            "EMAIL_USE_TLS": scheme == "smtp" and query.get("tls") in {"1", "true", "yes", "on"},
        }
    elif scheme == "file":
        if not parsed.path or parsed.path == "/":
            raise ConfigurationError("YHTEISO_EMAIL_URL file:///dir needs a directory")
        options = {"EMAIL_FILE_PATH": unquote(parsed.path)}
    return _EMAIL_BACKENDS[scheme], options
