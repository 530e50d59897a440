"""The PostgreSQL engine (``core.postgresql``): a connection proven good by the previous request less than
``CHECK_AFTER_S`` ago is not checked again; one idle for longer is, and a connection the server dropped is then
replaced before the request's first query."""

from __future__ import annotations

import psycopg
import pytest
from django.db import OperationalError, connection

from yhteiso.core.postgresql import base

pytestmark = [pytest.mark.django_db(transaction=True),
              pytest.mark.skipif("connection.vendor != 'postgresql'", reason="PostgreSQL's engine")]


def _request(checks: list, sql: str = "SELECT 1") -> int:
    """What a request does to the connection: Django's checks as it starts, a query, the checks as it ends.
    Returns how many health checks it ran."""
    before = len(checks)
    connection.close_if_unusable_or_obsolete()  # request_started
    with connection.cursor() as cursor:
        cursor.execute(sql)
    connection.close_if_unusable_or_obsolete()  # request_finished
    return len(checks) - before


@pytest.fixture
def checks(monkeypatch):
    assert connection.settings_dict["CONN_HEALTH_CHECKS"]
    found: list = []
    real = connection.is_usable
    monkeypatch.setattr(connection, "is_usable", lambda: found.append(1) or real())
    connection.ensure_connection()
    return found


def test_a_connection_proven_a_moment_ago_is_not_checked_but_one_idle_for_longer_is(checks, monkeypatch):
    monkeypatch.setattr(base, "CHECK_AFTER_S", 3600.0)  # "a moment ago", however slow this machine is
    _request(checks)
    assert _request(checks) == 0  # the previous request's queries went through just now
    monkeypatch.setattr(base, "CHECK_AFTER_S", 0.0)
    assert _request(checks) == 1


def _drop_from_the_server() -> None:
    pid = connection.connection.info.backend_pid
    params = connection.get_connection_params()
    with psycopg.connect(**{k: v for k, v in params.items() if k != "cursor_factory"}, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s, 5000)", [pid])  # waits (up to 5 s) until it has ended


def test_a_connection_the_server_dropped_is_replaced_after_the_delay_and_fails_one_request_within_it(
        checks, monkeypatch):
    monkeypatch.setattr(base, "CHECK_AFTER_S", 3600.0)  # "within the second", however slow this machine is
    _request(checks)
    _drop_from_the_server()
    with pytest.raises(OperationalError):  # within the delay: this request meets the broken connection
        _request(checks)
    connection.close_if_unusable_or_obsolete()  # its end: the error makes Django check and close it
    assert connection.connection is None
    assert _request(checks) == 0  # a new connection needs no check
    _drop_from_the_server()
    monkeypatch.setattr(base, "CHECK_AFTER_S", 0.0)
    assert _request(checks) == 1  # checked, found broken, replaced: the query went through
