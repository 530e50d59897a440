"""Django's PostgreSQL backend, with the connection health check skipped for a connection proven good less than a
second ago (``DATABASE_URL=postgres://…`` uses this engine).

Django checks a kept connection (``CONN_HEALTH_CHECKS``) with a ``SELECT 1`` before the first query of every
request. Under a peak a server thread reuses its connection many times a second, so that check was one round trip
of every two to four a request makes (issue 12: the receipt check of a vote change makes two). Here a connection on
which the previous request's queries went through without a database error less than ``CHECK_AFTER_S`` seconds
ago is not checked again (pgbouncer's ``server_check_delay`` does the same, with 30 s). A connection idle for
longer is checked as before. If the database restarts within that second, the request that meets the broken
connection fails as a database error (the 503 page in the user's language, ``core.health``) and Django closes the
connection when that request ends, as it does for any request that hit a database error."""

from __future__ import annotations

import time

from django.db.backends.postgresql import base

CHECK_AFTER_S = 1.0


class DatabaseWrapper(base.DatabaseWrapper):
    _proven_at = float("-inf")  # when a request last ran queries on this connection without a database error

    def close_if_unusable_or_obsolete(self):
        # runs as each request starts and ends; ``health_check_done`` says the request took a cursor
        proven = self.connection is not None and self.health_check_done and not self.errors_occurred
        super().close_if_unusable_or_obsolete()
        if proven and self.connection is not None:
            self._proven_at = time.monotonic()

    def close_if_health_check_failed(self):
        if (self.connection is not None and self.health_check_enabled and not self.health_check_done
                and time.monotonic() - self._proven_at < CHECK_AFTER_S):
            self.health_check_done = True
            return
        super().close_if_health_check_failed()
