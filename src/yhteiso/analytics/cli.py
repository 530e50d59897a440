"""Command-line entry point (being built by this module's owner)."""


def add_arguments(parser):
    parser.add_argument("args", nargs="*")


def run(args):
    print("This command is not available yet.")
    return 2
