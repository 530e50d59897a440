"""``yhteiso demo``: migrate a local database, load the real demo data of every part of the platform, serve it.

Each app that has demo content provides ``yhteiso.<app>.demo.load(stdout)``; they run in dependency order, each
idempotent (running the demo twice changes nothing)."""

from __future__ import annotations

import importlib
import sys

# Order matters: areas and the programme first, then what refers to them.
DEMO_MODULES = [
    "yhteiso.core.demo",
    "yhteiso.areas.demo",
    "yhteiso.knowledge.demo",
    "yhteiso.schools.demo",
    "yhteiso.programme.demo",
    "yhteiso.governance.demo",
    "yhteiso.surveys.demo",
    "yhteiso.mapsurveys.demo",
    "yhteiso.budgeting.demo",
    "yhteiso.reports.demo",
]


def add_arguments(parser):
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    parser.add_argument("--no-serve", action="store_true", help="load the demo data and exit")


def load_all(stdout=sys.stdout) -> None:
    for module_name in DEMO_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:
                continue
            raise
        module.load(stdout=stdout)


def run(args):
    from django.core.management import call_command

    from yhteiso.core.commands.serve import serve

    print("Yhteisö demo: migrating the database…", flush=True)
    call_command("migrate", interactive=False, verbosity=0)
    load_all()
    if args.no_serve:
        return 0
    return serve(args.host, args.port)
