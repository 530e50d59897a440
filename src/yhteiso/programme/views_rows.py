"""The one shape of the pages that add, edit and remove a row of a project (a news item, a campaign, in-kind work,
a partner's role): the row must be the project's own (404 otherwise), the form is shown and saved through the
topic's service, and the page returns to the project's section. The caller has checked the role when it fetched
the project."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from yhteiso.programme.models import Project
from yhteiso.programme.views import _fresh, _staff_form


def project_section(project: Project, anchor: str) -> str:
    return reverse("programme:project-detail", args=[project.pk]) + anchor


def project_row_edit(request, *, project: Project, model, row_pk: int | None, form_class, anchor: str,
                     titles: tuple[str, str], save: Callable, intro: str = "", form_kwargs: dict | None = None):
    """Edit the project's row ``row_pk`` (or a new one): ``titles`` are (edit, new) with ``%(project)s``;
    ``save(form, row)`` calls the service."""
    row = get_object_or_404(model, pk=row_pk, project=project) if row_pk else None
    form = form_class(request.POST or None, instance=_fresh(row), **(form_kwargs or {}))
    back = project_section(project, anchor)
    return _staff_form(request, form=form, back_url=back, success_url=back,
                       title=(titles[0] if row else titles[1]) % {"project": project.name},
                       save=lambda f: save(f, row), intro=intro)


def project_row_remove(request, *, project: Project, model, row_pk: int, anchor: str, remove: Callable,
                       done: str):
    """Remove the project's row ``row_pk`` through ``remove(row)`` and return to the section with ``done``."""
    row = get_object_or_404(model, pk=row_pk, project=project)
    remove(row)
    messages.success(request, done)
    return redirect(project_section(project, anchor))
