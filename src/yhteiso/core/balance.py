"""gunicorn's threaded worker, with new connections going to the least busy process (``yhteiso serve``).

A kept-alive connection stays with the process that accepted it. gunicorn's processes race for each new
connection whatever their load, so under a peak one process may hold twice the connections of another: measured
under 500 voters who never pause (issue 12), one process held 337 voters and the other 163, with the same CPU each,
so the first group waited 3.4 s per request on average and the second 1.7 s.

Here each process publishes how many requests it has in hand (running or queued for its threads) in a small
shared memory table that the master process creates before it forks them; a process takes new connections only
while it has a free thread or has no more requests in hand than any other live process. Some process is always
the least busy, so new connections are never left waiting for a busy one; a process that is behind simply lets
the others take them. While every process has a free thread nothing changes. A process decides at each of its
own events (a request taken or finished), which under load come every few milliseconds; with equal loads every
process takes connections, so none is ever left without a taker."""

from __future__ import annotations

import mmap
import struct

from gunicorn.workers.gthread import ThreadWorker

ABSENT = 2**31 - 1  # the load of a slot with no live process
_SLOT = struct.Struct("=i")


class LoadTable:
    """A shared table of one integer per worker slot (anonymous shared memory, inherited by forked processes)."""

    def __init__(self, slots: int):
        self.slots = slots
        self._memory = mmap.mmap(-1, _SLOT.size * slots)
        for slot in range(slots):
            self.set(slot, ABSENT)

    def set(self, slot: int, value: int) -> None:
        _SLOT.pack_into(self._memory, slot * _SLOT.size, value)

    def get(self, slot: int) -> int:
        return _SLOT.unpack_from(self._memory, slot * _SLOT.size)[0]

    def least_other(self, slot: int) -> int:
        return min((self.get(s) for s in range(self.slots) if s != slot), default=ABSENT)


_table: LoadTable | None = None


def install(server_options: dict, workers: int) -> None:
    """Use the balancing worker in ``server_options`` (gunicorn settings) for ``workers`` processes: the table is
    created now, in the master, before it forks, and the master gives each new process a slot that no live process
    holds (``pre_fork`` and ``child_exit`` run in the master)."""
    global _table
    _table = LoadTable(2 * workers)  # room for replacements starting while old processes finish
    server_options["worker_class"] = "yhteiso.core.balance.BalancedThreadWorker"
    earlier_exit = server_options.get("child_exit")

    def pre_fork(server, worker):
        used = {getattr(w, "load_slot", None) for w in server.WORKERS.values()}
        worker.load_slot = next((s for s in range(_table.slots) if s not in used), None)

    def child_exit(server, worker):
        slot = getattr(worker, "load_slot", None)
        if slot is not None:
            _table.set(slot, ABSENT)
        if earlier_exit is not None:
            earlier_exit(server, worker)

    server_options["pre_fork"] = pre_fork
    server_options["child_exit"] = child_exit


class BalancedThreadWorker(ThreadWorker):
    """gunicorn's ``gthread`` worker that takes new connections only while it has a free thread or is among the
    least busy processes (see the module's text)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.in_hand = 0  # requests given to the thread pool and not finished (read and written by the main thread)

    def init_process(self):
        self._publish()
        super().init_process()

    def _publish(self) -> None:
        slot = getattr(self, "load_slot", None)
        if _table is not None and slot is not None:
            _table.set(slot, self.in_hand)

    def _may_accept(self) -> bool:
        if self.in_hand < self.cfg.threads:
            return True
        slot = getattr(self, "load_slot", None)
        if _table is None or slot is None:
            return True
        return self.in_hand <= _table.least_other(slot)

    # gunicorn's loop asks again after every batch of events whether to accept (set_accept_enabled(True) while it
    # is off and the process has room for connections), so turning it back on needs nothing here; turning it off
    # must happen at once, when a request makes this process the busy one.
    def set_accept_enabled(self, enabled):
        super().set_accept_enabled(enabled and self._may_accept())

    def enqueue_req(self, conn):
        self.in_hand += 1
        self._publish()
        super().enqueue_req(conn)
        if self._accepting and not self._may_accept():
            self.set_accept_enabled(False)

    def finish_request(self, conn, fs):
        self.in_hand -= 1
        self._publish()
        super().finish_request(conn, fs)
