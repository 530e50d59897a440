"""``yhteiso send-reminders``: send the e-mail reminders due today (the worker also does this once a day)."""

from __future__ import annotations

import datetime as dt


def add_arguments(parser):
    parser.add_argument("--date", type=dt.date.fromisoformat, default=None,
                        help="send as if today were this date (YYYY-MM-DD); default today")


def run(args) -> int:
    from yhteiso.notices.tasks import send_reminders

    result = send_reminders(today=args.date)
    for kind, count in result.items():
        print(f"{kind}: {count} sent", flush=True)
    return 0
