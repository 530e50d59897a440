"""Shared parts of the load benchmarks: start the shipped server (`yhteiso serve`, one or more instances) on a
fresh database, wait until it answers, stop it gracefully; a fresh PostgreSQL database; the machine's description.

Used by survey_load.py and pb_load.py (and through them by tests/load/)."""

from __future__ import annotations

import asyncio
import contextlib
import http.client
import os
import platform
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "src") not in sys.path:  # this checkout's code, as the servers started here run it (PYTHONPATH)
    sys.path.insert(0, str(ROOT / "src"))


def run_async(coroutine):
    """Run a load driver's coroutine to its end in a thread of its own, so that it also works where the calling
    thread already runs an event loop (in the whole test suite, Playwright's sync API keeps one running)."""
    outcome: dict = {}

    def target() -> None:
        try:
            outcome["value"] = asyncio.run(coroutine)
        except BaseException as exc:  # handed back to the caller below
            outcome["error"] = exc

    thread = threading.Thread(target=target, name="load-driver")
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def free_port() -> int:
    with contextlib.closing(socket.socket()) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def base_env(data_dir: str, database_url: str | None, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("YHTEISO_", "DJANGO_", "DATABASE_URL"))}
    env.update(PYTHONPATH=str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", ""), YHTEISO_DATA_DIR=data_dir,
               YHTEISO_KEYS_DIR=str(Path(data_dir) / "keys"), PYTHONUNBUFFERED="1", YHTEISO_REQUEST_LOG="false",
               DJANGO_SETTINGS_MODULE="yhteiso.config.settings")
    for name in ("YHTEISO_WORKERS", "YHTEISO_THREADS"):
        if os.environ.get(name):
            env[name] = os.environ[name]
    if database_url:
        env["DATABASE_URL"] = database_url
    env.update(extra)
    return env


@contextlib.contextmanager
def fresh_postgresql(url: str | None, prefix: str):
    """A new, empty database on the PostgreSQL server ``url`` names (dropped afterwards); ``None`` -> ``None``."""
    if not url:
        yield None
        return
    import psycopg

    base = url.rsplit("/", 1)[0]
    name = f"{prefix}_{os.getpid()}"
    with psycopg.connect(base + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(base + "/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextlib.contextmanager
def throwaway_postgresql(port: int):
    """Start scripts/pg.sh on ``port`` when no server URL is given; yields the server URL."""
    pg_dir = subprocess.run(["bash", str(ROOT / "scripts" / "pg.sh"), "start", str(port)], check=True,
                            capture_output=True, text=True).stdout.strip()
    try:
        yield f"postgres://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(["bash", str(ROOT / "scripts" / "pg.sh"), "stop", pg_dir], check=False)


def run_python(code: str, env: dict, *args: str) -> str:
    result = subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, cwd=ROOT,
                            check=False)
    if result.returncode != 0:
        raise RuntimeError(result.stderr)
    return result.stdout.strip().splitlines()[-1]


class Servers:
    """``count`` instances of `yhteiso serve` on free ports sharing one database (migrated beforehand), each with
    ``workers`` processes x ``threads`` threads: as ``env`` sets them, else `yhteiso serve`'s defaults, except that
    several instances on this one machine get each its share of the cores, as docs/deploy.md advises (two
    instances on two cores run one process each), not each the processes of a machine of its own."""

    def __init__(self, env: dict, count: int = 1):
        from yhteiso.core.commands.serve import DEFAULT_THREADS, DEFAULT_WORKERS

        shared = max(1, len(os.sched_getaffinity(0)) // count) if count > 1 else DEFAULT_WORKERS
        self.workers = int(env.get("YHTEISO_WORKERS") or shared)
        self.threads = int(env.get("YHTEISO_THREADS") or DEFAULT_THREADS)
        self.env = {**env, "YHTEISO_WORKERS": str(self.workers), "YHTEISO_THREADS": str(self.threads)}
        self.ports = [free_port() for _ in range(count)]
        self.logs = [tempfile.NamedTemporaryFile("w+", prefix="yhteiso-serve-", suffix=".log", delete=False)  # noqa: SIM115
                     for _ in range(count)]  # closed in __exit__
        self.processes: list[subprocess.Popen] = []

    def __enter__(self) -> Servers:
        for port, log in zip(self.ports, self.logs, strict=True):
            self.processes.append(subprocess.Popen(self.command(port), env=self.env, cwd=ROOT, stdout=log,
                                                   stderr=subprocess.STDOUT))
        for port, process, log in zip(self.ports, self.processes, self.logs, strict=True):
            self._wait(port, process, log)
        return self

    def command(self, port: int) -> list[str]:
        """`yhteiso serve`; with ``YHTEISO_BENCH_SERVER=granian`` (a measurement only: granian is not shipped and
        must be importable) granian's WSGI server on the same application with the same processes x threads."""
        if os.environ.get("YHTEISO_BENCH_SERVER") == "granian":
            return [sys.executable, "-m", "granian", "--interface", "wsgi", "--host", "127.0.0.1", "--port", str(port),
                    "--workers", str(self.workers), "--blocking-threads", str(self.threads), "--backlog", "2048",
                    "--log-level", "warning", "yhteiso.config.wsgi:application"]
        return [sys.executable, "-m", "yhteiso.cli", "serve", "--port", str(port), "--no-migrate"]

    def description(self) -> str:
        """What ran, for the results: the server and its processes x threads."""
        if os.environ.get("YHTEISO_BENCH_SERVER") == "granian":
            return f"granian WSGI (a measurement: not shipped; {self.workers} x {self.threads})"
        return f"yhteiso serve (gunicorn gthread + core/balance.py, {self.workers} x {self.threads})"

    @staticmethod
    def _wait(port: int, process: subprocess.Popen, log) -> None:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError("the server exited: " + Path(log.name).read_text())
            with contextlib.suppress(OSError, http.client.HTTPException):
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    return
            time.sleep(0.3)
        raise RuntimeError(f"the server on port {port} did not start")

    def alive(self) -> bool:
        return all(p.poll() is None for p in self.processes)

    def __exit__(self, *exc) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        for log in self.logs:
            log.close()
            with contextlib.suppress(OSError):
                os.unlink(log.name)

    @property
    def urls(self) -> list[str]:
        return [f"http://127.0.0.1:{port}" for port in self.ports]


TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int, children: bool = False) -> float:
    """User + system CPU seconds of process ``pid`` (``/proc/PID/stat``); with ``children`` also its waited-for
    children's."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    # fields[0] is the state (field 3); utime, stime, cutime, cstime are fields 14-17
    total = int(fields[11]) + int(fields[12])
    if children:
        total += int(fields[13]) + int(fields[14])
    return total / TICK


def child_pids(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry.name))
    return found


def postgres_cpu(postmaster: int | None) -> float:
    """CPU seconds of a PostgreSQL server: the postmaster, its exited children and its live backends."""
    if postmaster is None:
        return 0.0
    total = cpu_seconds(postmaster, children=True)
    for child in child_pids(postmaster):
        with contextlib.suppress(OSError):
            total += cpu_seconds(child)
    return total


def postmaster_pid(url: str) -> int | None:
    """The postmaster of the PostgreSQL server at ``url`` when it runs on this machine (else ``None``)."""
    import psycopg

    try:
        with psycopg.connect(url) as conn:
            data_dir = conn.execute("SHOW data_directory").fetchone()[0]
        return int(Path(data_dir, "postmaster.pid").read_text().splitlines()[0])
    except (OSError, ValueError, psycopg.Error):
        return None


def process_cpu_seconds() -> float:
    """CPU seconds of this process (all its threads)."""
    return time.process_time()


def percentile(sorted_values: list[float], q: float) -> float | None:
    if not sorted_values:
        return None
    return sorted_values[min(len(sorted_values) - 1, int(q * (len(sorted_values) - 1) + 0.5))]


def machine() -> str:
    cpu = platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (f"{cpu}, {os.cpu_count()} CPUs, Python {platform.python_version()}, {platform.system()} "
            f"{platform.release()}; load average before the run {load}")
