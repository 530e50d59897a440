"""Typed environment-variable helpers: every setting comes from here, bad values are refused with a message."""

from __future__ import annotations

import ipaddress
import os
import secrets
import time
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

from django.core.exceptions import ImproperlyConfigured


class ConfigurationError(ImproperlyConfigured, ValueError):
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
            "ENGINE": "yhteiso.core.postgresql",
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
def cache_from_url(url: str) -> dict:
    """Translate ``YHTEISO_CACHE_URL`` into a Django ``CACHES['default']`` entry.

    ``db://`` or ``db://TABLE`` (default; Django's database cache, shared by every process and machine using the same
    database), ``redis://host:port/N`` (Django's Redis cache; needs the ``redis`` package), ``locmem://`` (one
    process only: tests and experiments) and ``dummy://`` (no cache).
    """
    parsed = urlparse(url)
    scheme = parsed.scheme.lower()
    if scheme == "db":
        table = (parsed.netloc + parsed.path).strip("/") or "yhteiso_cache"
        if not table.replace("_", "").isalnum():
            raise ConfigurationError(f"YHTEISO_CACHE_URL: {table!r} is not a valid table name.")
        return {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": table,
                "OPTIONS": {"MAX_ENTRIES": 100_000}}
    if scheme in {"redis", "rediss"}:
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": parsed.netloc or "yhteiso"}
    if scheme == "dummy":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    raise ConfigurationError(
        f"YHTEISO_CACHE_URL scheme {scheme!r} is not supported: use db://, redis://host:port/0, locmem:// or dummy://"
    )


def proxy_ssl_header(value: str) -> tuple[str, str] | None:
    """``X-Forwarded-Proto=https`` -> ``("HTTP_X_FORWARDED_PROTO", "https")`` for ``SECURE_PROXY_SSL_HEADER``."""
    if not value:
        return None
    name, sep, expected = value.partition("=")
    if not sep or not name.strip() or not expected.strip():
        raise ConfigurationError(
            f"YHTEISO_PROXY_SSL_HEADER must look like X-Forwarded-Proto=https (got {value!r})."
        )
    return "HTTP_" + name.strip().upper().replace("-", "_"), expected.strip()


TrustedProxies = int | tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]


def trusted_proxies_value() -> str:
    """``YHTEISO_TRUSTED_PROXIES``, or its deprecated older name ``YHTEISO_PROXY_COUNT`` (a number of hops) when
    only that one is set."""
    return env_str("YHTEISO_TRUSTED_PROXIES", env_str("YHTEISO_PROXY_COUNT", ""))


def trusted_proxies(value: str) -> TrustedProxies:
    """The proxies in front of the server: ``""`` or ``"0"`` → 0 (none); ``"2"`` → 2 hops; ``"10.0.0.0/8, ::1"``
    → their networks.

    >>> trusted_proxies("1")
    1
    >>> trusted_proxies("10.0.0.0/8,::1")
    (IPv4Network('10.0.0.0/8'), IPv6Network('::1/128'))
    """
    value = (value or "").strip()
    if not value:
        return 0
    if value.isdigit():
        hops = int(value)
        if hops > 10:
            raise ConfigurationError(f"YHTEISO_TRUSTED_PROXIES: at most 10 proxy hops (got {hops}).")
        return hops
    try:
        return tuple(ipaddress.ip_network(part.strip(), strict=False) for part in value.split(",") if part.strip())
    except ValueError as exc:
        raise ConfigurationError(
            f"YHTEISO_TRUSTED_PROXIES must be a number of proxy hops or a comma-separated list of addresses or "
            f"CIDR networks: {exc}") from None


def local_key(keys_dir: Path, name: str) -> str:
    """A per-installation random key kept in ``keys_dir/name`` (created once, never changed; 0600). Two processes
    starting at once agree on one key: the file is created exclusively and the loser reads the winner's key."""
    path = keys_dir / name
    try:
        key = path.read_text(encoding="utf-8").strip()
        if key:
            return key
    except FileNotFoundError:
        pass
    keys_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        for _ in range(50):  # another process is writing it
            key = path.read_text(encoding="utf-8").strip()
            if key:
                return key
            time.sleep(0.02)
        raise ConfigurationError(f"The key file {path} is empty: delete it or set the key in the environment.") \
            from None
    key = secrets.token_urlsafe(50)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(key)
    return key
