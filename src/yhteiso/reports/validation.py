"""Rules a report must meet before it is published, shared by the publishing service, the pages and the CLI
(moved from ``reports/services.py``, issue 11: services write, everything else lives beside them)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _

from yhteiso.reports.selectors import ReportInputError, today


def missing_translations_message(missing: list[dict[str, str]], *, publishing: bool = True) -> str:
    if publishing:
        first = _("The Swedish version cannot be published: these texts have not been translated into Swedish "
                  "(%(count)s):")
    else:
        first = _("The Swedish version is not complete: these texts have not been translated into Swedish "
                  "(%(count)s):")
    lines = [first % {"count": len(missing)}]
    lines += [f"- {m['label']}" for m in missing]
    return "\n".join(lines)


def check_publishable(report_snapshot: dict[str, Any], *, on: dt.date | None = None) -> None:
    """Raise :class:`ReportInputError` when the snapshot may not be published (draft, missing Swedish texts)."""
    on = on or today()
    as_of = dt.date.fromisoformat(report_snapshot["as_of"])
    if report_snapshot["draft"] or as_of >= on:
        raise ReportInputError(
            _("The cut-off date %(date)s has not passed yet, so the report is a draft and cannot be published. "
              "Publish it after %(date)s.") % {"date": f"{as_of.day}.{as_of.month}.{as_of.year}"})
    if report_snapshot["missing_translations"]:
        raise ReportInputError(missing_translations_message(report_snapshot["missing_translations"]))
