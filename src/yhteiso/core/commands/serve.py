"""Serve the platform on the local machine (Django's threaded server with static files through WhiteNoise)."""

from __future__ import annotations


def add_arguments(parser):
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")


def serve(host: str, port: int) -> int:
    from django.conf import settings
    from django.core.management import call_command

    # Static files are served from the apps through WhiteNoise's finders; the collected folder may stay empty.
    settings.STATIC_ROOT.mkdir(parents=True, exist_ok=True)

    print(f"Yhteisö: http://{host}:{port}/  (Ctrl+C stops)", flush=True)
    call_command("runserver", f"{host}:{port}", use_reloader=False, use_threading=True)
    return 0


def run(args):
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    return serve(args.host, args.port)
