"""``yhteiso serve``: the production server (gunicorn, pre-forked processes with a bounded thread pool each).

Why gunicorn (docs/deploy.md): a mature pre-fork WSGI server that finishes in-flight requests on SIGTERM
(``graceful_timeout``), restarts a worker that stops answering (``timeout``), bounds concurrency by processes x
threads (so the database's connection limit is never exceeded), and is a pure-Python wheel that runs wherever the
platform runs. Static files are served by WhiteNoise inside the application. New connections go to the least busy
process (``core/balance.py``), so kept-alive clients spread evenly over the processes.

Settings (environment): ``YHTEISO_WORKERS`` (processes, default 2), ``YHTEISO_THREADS`` (threads per process,
default 8), ``YHTEISO_REQUEST_TIMEOUT`` (seconds a worker may stay silent before it is restarted, default 60),
``YHTEISO_GRACEFUL_TIMEOUT`` (seconds in-flight requests get to finish on SIGTERM, default 30),
``YHTEISO_TRUSTED_PROXIES`` (when it lists the proxies' addresses, gunicorn takes the scheme from their
X-Forwarded-Proto too; ``YHTEISO_FORWARDED_ALLOW_IPS``, deprecated, still overrides that list for gunicorn).
Django's development server remains available as ``yhteiso manage runserver``."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile

from gunicorn.app.base import BaseApplication

from yhteiso.config.env import env_int, env_str, trusted_proxies, trusted_proxies_value
from yhteiso.core import balance

DEFAULT_WORKERS = 2  # processes: one per core of a two-core machine that runs one instance
DEFAULT_THREADS = 8  # threads per process
SHARED_MEMORY = "/dev/shm"  # noqa: S108 - gunicorn's per-process heartbeat files only
MIGRATION_LOCK = 7_202_604_129  # PostgreSQL advisory lock: one instance migrates at a time


def add_arguments(parser):
    parser.add_argument("--host", default=env_str("YHTEISO_HOST", "127.0.0.1"),
                        help="address to listen on (default 127.0.0.1; 0.0.0.0 in a container)")
    parser.add_argument("--port", type=int, default=env_int("YHTEISO_PORT", 8000, minimum=1),
                        help="port to listen on (default 8000)")
    parser.add_argument("--no-migrate", action="store_true",
                        help="do not apply migrations at start (when a separate step runs `yhteiso manage migrate`)")


def forwarded_allow_ips(proxies: str) -> str:
    """The peers gunicorn takes X-Forwarded-Proto from: the proxies' networks when ``YHTEISO_TRUSTED_PROXIES``
    lists them, else only this machine (a number of hops names no address).

    >>> forwarded_allow_ips("10.0.0.0/8, 192.0.2.7")
    '10.0.0.0/8,192.0.2.7/32'
    >>> forwarded_allow_ips("1")
    '127.0.0.1,::1'
    """
    trusted = trusted_proxies(proxies)
    if isinstance(trusted, int):
        return "127.0.0.1,::1"
    return ",".join(str(network) for network in trusted)


def server_options(host: str, port: int) -> dict:
    bind_host = f"[{host}]" if ":" in host and not host.startswith("[") else host
    workers = env_int("YHTEISO_WORKERS", DEFAULT_WORKERS, minimum=1)
    options = {
        "bind": f"{bind_host}:{port}",
        "workers": workers,
        "threads": env_int("YHTEISO_THREADS", DEFAULT_THREADS, minimum=1),
        "worker_class": "gthread",
        "timeout": env_int("YHTEISO_REQUEST_TIMEOUT", 60, minimum=1),
        "graceful_timeout": env_int("YHTEISO_GRACEFUL_TIMEOUT", 30, minimum=1),
        "keepalive": 5,
        "backlog": 2048,
        "preload_app": True,
        "accesslog": None,  # the application logs each request as JSON, without the client's address
        "errorlog": "-",
        "loglevel": env_str("YHTEISO_SERVER_LOG_LEVEL", "warning"),
        "forwarded_allow_ips": env_str("YHTEISO_FORWARDED_ALLOW_IPS", forwarded_allow_ips(trusted_proxies_value())),
        "proc_name": "yhteiso",
        "max_requests": env_int("YHTEISO_MAX_REQUESTS", 0, minimum=0),
        "max_requests_jitter": 100,
        "child_exit": _child_exit,
    }
    if os.path.isdir(SHARED_MEMORY):  # the heartbeat file of each process in memory, not on a slow disk
        options["worker_tmp_dir"] = SHARED_MEMORY
    # new connections to the least busy process (core/balance.py): kept-alive connections stay where they land
    balance.install(options, workers)
    return options


def _child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        # imported here, not at the top: prometheus_client fixes its storage mode when first imported, which must
        # happen after ensure_metrics_dir()
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)


class ProductionServer(BaseApplication):
    def __init__(self, options: dict):
        self.options = options
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        from django.core.wsgi import get_wsgi_application
        from django.urls import get_resolver

        application = get_wsgi_application()
        get_resolver().check()  # import every view before forking, not in each process's first request
        return application


def prepare(*, migrate: bool = True) -> None:
    """Apply migrations (one instance at a time on PostgreSQL), make sure the cache table and the static folder
    exist, and close the database connections so no forked process inherits one."""
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, connections

    if migrate:
        lock = connection.vendor == "postgresql"
        if lock:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_lock(%s)", [MIGRATION_LOCK])
        try:
            call_command("migrate", interactive=False, verbosity=0)
            call_command("createcachetable", verbosity=0)
        finally:
            if lock:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [MIGRATION_LOCK])
    # Static files are served from the apps through WhiteNoise's finders; the collected folder may stay empty.
    settings.STATIC_ROOT.mkdir(parents=True, exist_ok=True)
    connections.close_all()


def _start_worker() -> subprocess.Popen | None:
    from yhteiso.cli import COMMANDS

    if "worker" not in COMMANDS:
        return None
    print("Yhteisö: starting the background worker (yhteiso worker)", flush=True)
    return subprocess.Popen([sys.executable, "-m", "yhteiso.cli", "worker"])


def _stop(process: subprocess.Popen | None) -> None:
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def ensure_metrics_dir() -> str | None:
    """Give the server's processes one shared folder for their metrics (prometheus_client's multiprocess mode).
    Must run before anything imports prometheus_client. Returns the folder if this call made it."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return None
    folder = tempfile.mkdtemp(prefix="yhteiso-metrics-")
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = folder
    return folder


def remove_metrics_dir(folder: str | None) -> None:
    if folder:
        with contextlib.suppress(OSError):
            shutil.rmtree(folder)


def serve(host: str, port: int, *, with_worker: bool = False) -> int:
    """Run the production server in this process until SIGTERM (graceful) or SIGINT; with ``with_worker`` also a
    background worker as a child process, stopped together with the server."""
    options = server_options(host, port)
    worker = _start_worker() if with_worker else None
    print(f"Yhteisö: http://{host}:{port}/  ({options['workers']} processes x {options['threads']} threads; "
          "Ctrl+C stops)", flush=True)
    try:
        ProductionServer(options).run()
    except SystemExit as exc:
        return int(exc.code or 0)
    finally:
        _stop(worker)
    return 0


def run(args):
    metrics_dir = ensure_metrics_dir()
    try:
        prepare(migrate=not args.no_migrate)
        return serve(args.host, args.port)
    finally:
        remove_metrics_dir(metrics_dir)
