from django.apps import apps
from django.core.paginator import Paginator
from django.shortcuts import render

from yhteiso.core import selectors
from yhteiso.core.permissions import staff_required


def home(request):
    """The front page, with figures from the apps that offer them: each app's config may define
    ``front_page_panel(request) -> {"order", "template", "context"} | None`` (so core imports no app)."""
    panels = []
    for config in apps.get_app_configs():
        provider = getattr(config, "front_page_panel", None)
        panel = provider(request) if provider else None
        if panel:
            panels.append(panel)
    panels.sort(key=lambda p: p["order"])
    return render(request, "core/home.html", {"panels": panels})


def accessibility_statement(request):
    return render(request, "core/accessibility.html")


def data_sources(request):
    return render(request, "core/sources.html")


@staff_required
def staff_home(request):
    return render(request, "core/staff_home.html")


@staff_required
def audit_log(request):
    object_type = request.GET.get("type", "").strip()
    page = Paginator(selectors.audit_events(object_type=object_type), 50).get_page(request.GET.get("page"))
    types = selectors.audit_type_choices()
    return render(request, "core/audit_log.html", {"page": page, "rows": selectors.audit_rows(page),
                                                   "types": types, "object_type": object_type})
