"""Health of the running service: ``/healthz`` (the process answers), ``/readyz`` (it can do its work: database
reachable, every migration applied, a background worker alive) and the friendly 503 page shown to people while the
database is unreachable.

Worker heartbeat contract: the worker writes the cache key ``yhteiso:worker-heartbeat`` (Unix time as a float) at
least every 10 seconds; ``/readyz`` reports the worker as stale when the key is missing or older than
``YHTEISO_WORKER_HEARTBEAT_MAX_AGE`` seconds (default 120), and fails on it only when
``YHTEISO_READY_REQUIRE_WORKER`` is true (the default in production)."""

from __future__ import annotations

import logging
import sys
import time

from django.conf import settings
from django.core.cache import cache
from django.core.signals import got_request_exception
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.utils import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.views.decorators.cache import never_cache

HEARTBEAT_KEY = "yhteiso:worker-heartbeat"
logger = logging.getLogger("yhteiso.health")
_migrations_current = False  # once every migration this code knows is applied, it stays so for the process


def _check_database() -> dict:
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        return {"ok": False, "error": exc.__class__.__name__}
    return {"ok": True}


def _check_migrations() -> dict:
    global _migrations_current
    if _migrations_current:
        return {"ok": True, "pending": 0}
    try:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as exc:
        return {"ok": False, "error": exc.__class__.__name__}
    _migrations_current = not pending
    return {"ok": not pending, "pending": len(pending)}


def worker_heartbeat_age() -> float | None:
    value = cache.get(HEARTBEAT_KEY)
    try:
        return max(0.0, time.time() - float(value)) if value is not None else None
    except (TypeError, ValueError):
        return None


def _check_worker() -> dict:
    required = settings.YHTEISO_READY_REQUIRE_WORKER
    try:
        age = worker_heartbeat_age()
    except DatabaseError as exc:
        return {"ok": not required, "required": required, "error": exc.__class__.__name__}
    fresh = age is not None and age <= settings.YHTEISO_WORKER_HEARTBEAT_MAX_AGE
    result = {"ok": fresh or not required, "required": required, "fresh": fresh}
    if age is not None:
        result["age_seconds"] = round(age, 1)
    return result


@never_cache
def healthz(request):
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request):
    database = _check_database()
    checks = {"database": database}
    if database["ok"]:
        checks["migrations"] = _check_migrations()
        checks["worker"] = _check_worker()
    else:
        checks["migrations"] = {"ok": False, "error": "database unreachable"}
        checks["worker"] = {"ok": not settings.YHTEISO_READY_REQUIRE_WORKER,
                            "required": settings.YHTEISO_READY_REQUIRE_WORKER, "error": "database unreachable"}
    ready = all(check["ok"] for check in checks.values())
    return JsonResponse({"status": "ok" if ready else "unavailable", "checks": checks}, status=200 if ready else 503)


# --- database outage -> a friendly 503 page --------------------------------------------------------------------------
DATABASE_ERRORS = (OperationalError, InterfaceError)


def database_unavailable_response(request) -> HttpResponse:
    """The 503 page in the visitor's language, rendered without touching the database (no session, no user)."""
    language = translation.get_language_from_request(request)
    with translation.override(language):
        html = render_to_string("503.html", {"LANGUAGE_CODE": language})
    response = HttpResponse(html, status=503)
    response["Retry-After"] = "30"
    response["Cache-Control"] = "no-store"
    return response


def _mark_database_error(sender, request=None, **kwargs):
    error = sys.exc_info()[1]
    if request is not None and isinstance(error, DATABASE_ERRORS):
        request._yhteiso_database_unavailable = True


got_request_exception.connect(_mark_database_error, dispatch_uid="yhteiso-database-unavailable")


class DatabaseUnavailableMiddleware:
    """Near the outside of the middleware stack: a request that failed because the database could not be reached
    (in the view, in a template or in another middleware) answers the 503 page instead of a server error."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "_yhteiso_database_unavailable", False):
            logger.error("database unavailable", extra={"path": request.path})
            return database_unavailable_response(request)
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_ERRORS):
            request._yhteiso_database_unavailable = True
            return database_unavailable_response(request)
        return None
