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
    from django.conf import settings

    if settings.PRODUCTION:
        # the demo creates accounts with a published password: never in a production database
        print("yhteiso demo: refused with YHTEISO_ENV=production — the demo creates accounts with a published "
              "password. Use 'yhteiso serve' in production (docs/deploy.md).", file=sys.stderr)
        return 2

    from yhteiso.core.commands.serve import ensure_metrics_dir, prepare, remove_metrics_dir, serve

    metrics_dir = ensure_metrics_dir()
    try:
        print(f"Yhteisö demo: migrating the database ({settings.DATABASES['default']['NAME']})…", flush=True)
        prepare(migrate=True)
        load_all()
        prepare(migrate=False)
        if args.no_serve:
            return 0
        # the same production server as `yhteiso serve`, with a background worker beside it
        return serve(args.host, args.port, with_worker=True)
    finally:
        remove_metrics_dir(metrics_dir)
