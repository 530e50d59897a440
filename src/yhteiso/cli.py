"""The ``yhteiso`` command. Each subcommand lives in the module that owns it; this file only dispatches.

    yhteiso demo [--port N] [--no-serve]      migrate a local database, load the real demo data, serve
    yhteiso serve [--port N]                  serve an existing database
    yhteiso indices FILE --group COL ...      segregation indices of a file (pure analytics, no database)
    yhteiso import KIND FILE ...              import statistics or boundaries into the knowledge base
    yhteiso pb-results FILE.pb --rule ...     participatory-budgeting results of a pabulib file
    yhteiso report council --as-of DATE ...   generate a council report
    yhteiso worker [--batch]                  run background jobs and the daily reminders
    yhteiso send-reminders                    send the e-mail reminders that are due today
    yhteiso backup PATH                       back up the database and files (manifest with checksums)
    yhteiso restore PATH [--force]            restore a backup into an empty database
    yhteiso manage ...                        any Django management command
"""

from __future__ import annotations

import argparse
import importlib
import sys

# subcommand -> (module, help). Each module defines add_arguments(parser) and run(args) -> int.
COMMANDS: dict[str, tuple[str, str]] = {
    "demo": ("yhteiso.core.commands.demo", "migrate a local database, load the real demo data and serve it"),
    "serve": ("yhteiso.core.commands.serve", "serve the platform"),
    "indices": ("yhteiso.analytics.cli", "compute segregation indices of a CSV/XLSX/GeoJSON/GeoPackage file"),
    "import": ("yhteiso.knowledge.cli", "import statistics or boundaries into the knowledge base"),
    "import-schools": ("yhteiso.schools.cli", "import a package of school data (schools, catchment areas, pupils)"),
    "peer-cities": ("yhteiso.schools.cli_peers", "Espoo's segregation next to the other large Finnish cities"),
    "compute": ("yhteiso.knowledge.cli_compute", "recompute the knowledge base's stored indices"),
    "pb-results": ("yhteiso.analytics.pb_cli", "participatory-budgeting results of a pabulib .pb file"),
    "report": ("yhteiso.reports.cli", "generate council reports and steering-group documents"),
    "worker": ("yhteiso.jobs.worker", "run background jobs from the database queue (and the daily reminders)"),
    "send-reminders": ("yhteiso.notices.commands", "send the e-mail reminders that are due today"),
    "backup": ("yhteiso.core.commands.backup", "write a consistent backup of the database and files to a folder"),
    "restore": ("yhteiso.core.commands.restore", "restore a backup made by 'yhteiso backup' into an empty database"),
    "manage": ("yhteiso.core.commands.manage", "run a Django management command"),
}

DJANGO_FREE = {"indices", "pb-results", "peer-cities"}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="yhteiso", description="Yhteisö — the Communal Espoo platform.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name, (module_name, help_text) in COMMANDS.items():
        module = importlib.import_module(module_name)
        sp = sub.add_parser(name, help=help_text, description=help_text)
        module.add_arguments(sp)
        sp.set_defaults(_module=module, _name=name)
    return parser


def setup_django() -> None:
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yhteiso.config.settings")
    django.setup()


def main(argv: list[str] | None = None) -> int:
    from yhteiso.config.env import ConfigurationError

    try:
        return _main(argv)
    except ConfigurationError as exc:  # a bad or missing setting: say which, no traceback, non-zero exit
        print(f"yhteiso: configuration error: {exc}", file=sys.stderr)
        return 2


def _main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "manage":
        # Pass everything through to Django untouched.
        setup_django()
        from django.core.management import execute_from_command_line

        execute_from_command_line(["yhteiso manage", *argv[1:]])
        return 0
    parser = build_parser()
    args = parser.parse_args(argv)
    if args._name not in DJANGO_FREE:
        setup_django()
        from django.db.utils import OperationalError, ProgrammingError

        try:
            return int(args._module.run(args) or 0)
        except (OperationalError, ProgrammingError) as exc:  # no database yet, or not migrated: say so, no traceback
            from django.conf import settings

            print(f"yhteiso: the database ({settings.DATABASES['default']['NAME']}) is not ready: {exc}.\n"
                  "Create it with 'yhteiso demo' (demo data) or 'yhteiso manage migrate', or point DATABASE_URL or "
                  "YHTEISO_DATA_DIR at the right one.", file=sys.stderr)
            return 1
    return int(args._module.run(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
