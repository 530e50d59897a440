"""The pure chart library (:mod:`yhteiso.viz`) with the words it cannot translate itself filled in the page's
language: pages and reports call these, never ``viz.line_chart`` directly."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from yhteiso import viz


def line_chart(series: list[dict], **options: Any) -> str:
    """:func:`yhteiso.viz.line_chart`, saying "no data" (in the page's language) when no series has a value."""
    options.setdefault("no_data", _("No data."))
    return viz.line_chart(series, **options)
