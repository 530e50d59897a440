def add_arguments(parser):
    parser.add_argument("args", nargs="*", help="the Django management command and its arguments")


def run(args):  # pragma: no cover - handled in yhteiso.cli.main before argparse
    from django.core.management import execute_from_command_line

    execute_from_command_line(["yhteiso manage", *args.args])
    return 0
