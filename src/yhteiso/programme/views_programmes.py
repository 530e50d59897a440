"""Programmes in one installation (issue 14 item 9): staff list the programmes and create a new one. Staff of the
installation manage every programme; per-programme roles are a later step."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from yhteiso.core.permissions import staff_required
from yhteiso.programme import selectors_programmes, services_programmes
from yhteiso.programme.forms_programmes import ProgrammeCreateForm


@staff_required
def programme_manage(request):
    return render(request, "programme/programmes.html", {
        "programmes": [(p, selectors_programmes.page_query(p)) for p in selectors_programmes.programmes()],
        "is_staff": True,
    })


@staff_required
def programme_create(request):
    form = ProgrammeCreateForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                programme = services_programmes.programme_create(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("The programme “%(name)s” was created.") % {"name": programme.name})
                return redirect("programme:programmes")
        status = 400
    return render(request, "programme/form.html", {
        "form": form, "title": _("New programme"), "back_url": reverse("programme:programmes"),
        "intro": _("Staff of the installation manage every programme. The new programme starts empty: add its "
                   "goals, budget and projects after creating it."),
    }, status=status)
