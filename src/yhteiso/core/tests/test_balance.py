"""New connections go to the least busy server process (core/balance.py), tested on a real gunicorn master with two
processes of one thread each, serving a small WSGI application that answers its process id (``/slow`` after a
second). While one process is busy with a slow request, a new connection must be answered at once by the other
process: gunicorn's own worker lets whichever process wakes first take it, and the busy one queues it behind the
slow request (about half of the time, so six tries in a row catch it with probability 63/64)."""

from __future__ import annotations

import contextlib
import http.client
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from yhteiso.core import balance

pytestmark = pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="runs in the SQLite pass only")

SRC = Path(__file__).resolve().parents[3]

RUNNER = r"""
import os, sys, time
from gunicorn.app.base import BaseApplication
from yhteiso.core import balance

def app(environ, start_response):
    if environ["PATH_INFO"] == "/slow":
        time.sleep(1.0)
    body = str(os.getpid()).encode()
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]

class Server(BaseApplication):
    def load_config(self):
        options = {"bind": "127.0.0.1:" + sys.argv[1], "workers": 2, "threads": 1, "keepalive": 5,
                   "loglevel": "warning"}
        balance.install(options, 2)
        for key, value in options.items():
            self.cfg.set(key, value)

    def load(self):
        return app

Server().run()
"""


def _free_port() -> int:
    with contextlib.closing(socket.socket()) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(conn: http.client.HTTPConnection, path: str) -> str:
    conn.request("GET", path)
    return conn.getresponse().read().decode()


def test_the_load_table_is_shared_with_forked_processes():
    table = balance.LoadTable(4)
    assert [table.get(s) for s in range(4)] == [balance.ABSENT] * 4
    pid = os.fork()
    if pid == 0:  # the child writes, the parent reads
        table.set(1, 7)
        table.set(2, 3)
        os._exit(0)
    os.waitpid(pid, 0)
    assert table.get(1) == 7 and table.get(2) == 3
    assert table.least_other(2) == 7 and table.least_other(1) == 3


def test_install_sets_the_balancing_worker_and_keeps_the_earlier_exit_hook():
    seen = []
    options = {"workers": 3, "child_exit": lambda server, worker: seen.append(worker)}
    balance.install(options, 3)
    assert options["worker_class"] == "yhteiso.core.balance.BalancedThreadWorker"

    class Worker:
        pass

    class Master:
        WORKERS = {}

    first, second = Worker(), Worker()
    options["pre_fork"](Master, first)
    Master.WORKERS = {1: first}
    options["pre_fork"](Master, second)
    assert (first.load_slot, second.load_slot) == (0, 1)
    options["child_exit"](Master, first)
    assert seen == [first]


def test_a_new_connection_goes_to_the_idle_process_not_behind_a_slow_request(tmp_path):
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(SRC) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    log = (tmp_path / "server.log").open("w")
    server = subprocess.Popen([sys.executable, "-c", RUNNER, str(port)], env=env, stdout=log,
                              stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        pids = set()
        while len(pids) < 2 and time.monotonic() < deadline:  # both processes up and answering
            with contextlib.suppress(OSError, http.client.HTTPException), \
                    contextlib.closing(http.client.HTTPConnection("127.0.0.1", port, timeout=5)) as probe:
                pids.add(_get(probe, "/"))
            time.sleep(0.05)
        assert len(pids) == 2, (tmp_path / "server.log").read_text()
        for _attempt in range(6):
            # A process decides at each of its own events, so it must not see the other one still closing the
            # last attempt's connections (an equal load lets both take connections): let those closes settle.
            time.sleep(0.2)
            slow = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            answer = {}
            worker = threading.Thread(target=lambda c=slow, a=answer: a.setdefault("slow", _get(c, "/slow")))
            worker.start()
            time.sleep(0.3)  # the slow request is being served
            started = time.monotonic()
            with contextlib.closing(http.client.HTTPConnection("127.0.0.1", port, timeout=10)) as fresh:
                quick = _get(fresh, "/")
                waited = time.monotonic() - started
            worker.join()
            assert quick != answer["slow"], "the new connection was queued behind the slow request"
            assert waited < 0.5
            slow.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
