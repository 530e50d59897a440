"""Pages of communication: a project's news items, written by the project's responsible person, deputies and
staff (others get 403) and shown on the project's public page from their publication date."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yhteiso.programme import forms_comms, services_comms
from yhteiso.programme.models import ProjectNews
from yhteiso.programme.views import _fresh, _staff_form
from yhteiso.programme.views_progress import _reporter_project, _signed_in


@_signed_in
def news_edit(request, pk: int, news_pk: int | None = None):
    project = _reporter_project(request, pk)
    item = get_object_or_404(ProjectNews, pk=news_pk, project=project) if news_pk else None
    form = forms_comms.ProjectNewsForm(request.POST or None, instance=_fresh(item))
    back = reverse("programme:project-detail", args=[project.pk]) + "#news"
    return _staff_form(
        request, form=form, back_url=back, success_url=back,
        title=(_("Edit the news item – %(project)s") if item else _("New news item – %(project)s")) % {
            "project": project.name},
        save=lambda f: services_comms.project_news_save(actor=request.user, project=project, item=item,
                                                        **f.service_fields()),
        intro=_("News items appear on the project's public page from their publication date. Write for "
                "residents: what happened or is coming, where and for whom."))


@_signed_in
@require_POST
def news_delete(request, pk: int, news_pk: int):
    project = _reporter_project(request, pk)
    item = get_object_or_404(ProjectNews, pk=news_pk, project=project)
    services_comms.project_news_delete(actor=request.user, item=item)
    messages.success(request, _("The news item was removed."))
    return redirect(reverse("programme:project-detail", args=[pk]) + "#news")
