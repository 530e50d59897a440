from django.core.paginator import Paginator
from django.shortcuts import render

from yhteiso.core import selectors
from yhteiso.core.permissions import staff_required


def home(request):
    return render(request, "core/home.html")


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
    types = selectors.audit_object_types()
    return render(request, "core/audit_log.html", {"page": page, "types": types, "object_type": object_type})
