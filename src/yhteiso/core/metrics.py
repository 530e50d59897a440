"""Prometheus metrics at ``/metrics``: request latency by view, responses by status, background tasks by state.

``prometheus_client`` directly rather than django-prometheus: the platform needs three metric families, and under
the production server (several pre-forked processes) they must be summed across processes, which
``prometheus_client``'s multiprocess mode does (``yhteiso serve`` sets ``PROMETHEUS_MULTIPROC_DIR``). Task counts
are read from the task queue's database table when one is installed, at scrape time. Only addresses in
``YHTEISO_METRICS_ALLOW`` (addresses or networks; default the machine itself) may read the page."""

from __future__ import annotations

import ipaddress
import os
import time

from django.apps import apps
from django.conf import settings
from django.db import DatabaseError
from django.db.models import Count
from django.http import HttpResponse, HttpResponseForbidden
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector

REQUEST_LATENCY = Histogram(
    "yhteiso_request_duration_seconds", "Time to answer a request, by view.", ["view", "method"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60),
)
RESPONSES = Counter("yhteiso_responses", "Responses by status code class.", ["status"])


class RequestMetricsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        view = match.view_name if match and match.view_name else "<unmatched>"
        REQUEST_LATENCY.labels(view=view, method=request.method).observe(time.perf_counter() - started)
        RESPONSES.labels(status=f"{response.status_code // 100}xx").inc()
        return response


def _task_model():
    for model in apps.get_models():
        if model.__name__ == "DBTaskResult":
            return model
    return None


class TaskCollector:
    """Background tasks by state, counted in the queue's table (the same numbers from every process)."""

    def collect(self):
        family = GaugeMetricFamily("yhteiso_tasks", "Background tasks by state.", labels=["state"])
        model = _task_model()
        if model is not None:
            try:
                for row in model.objects.values("status").annotate(n=Count("pk")).order_by():
                    family.add_metric([str(row["status"]).lower()], row["n"])
            except DatabaseError:
                pass
        yield family


def address_allowed(address: str, allowed: list[str]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    for entry in allowed:
        try:
            if ip in ipaddress.ip_network(entry, strict=False):
                return True
        except ValueError:
            continue
    return False


def metrics(request):
    if not address_allowed(request.META.get("REMOTE_ADDR", ""), settings.YHTEISO_METRICS_ALLOW):
        return HttpResponseForbidden("Forbidden\n", content_type="text/plain")
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        MultiProcessCollector(registry)
    else:
        registry = REGISTRY
    tasks = CollectorRegistry()
    tasks.register(TaskCollector())
    return HttpResponse(generate_latest(registry) + generate_latest(tasks), content_type=CONTENT_TYPE_LATEST)
