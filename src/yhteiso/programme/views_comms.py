"""Pages of communication: a project's news items and campaigns (written by the project's responsible person,
deputies, the communications planner and staff; others get 403), the communication plan (the communications
planner and staff edit) and the programme's public communication page with the campaigns that ran and whom they
reached."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yhteiso.core.permissions import comms_required, is_communications_planner
from yhteiso.programme import forms_comms, selectors_comms, selectors_programmes, services_comms, views_rows
from yhteiso.programme.models import CommsCampaign, Project, ProjectNews
from yhteiso.programme.views import _fresh, _staff_form, chosen_programme
from yhteiso.programme.views_progress import _reporter_project, _signed_in


def _comms_project(request, pk: int) -> Project:
    """The project, if the signed-in user may write its news and campaigns; otherwise 403 (after sign-in)."""
    return _reporter_project(request, pk, may=selectors_comms.may_write_comms)


def _campaign_intro() -> str:
    return _("A campaign or action carried out counts towards indicator 3.4 once its evaluation (what worked and "
             "a rating) is written; the count waits for approval like every measurement. Give the people reached "
             "with the source of the figure.")


@_signed_in
def news_edit(request, pk: int, news_pk: int | None = None):
    project = _comms_project(request, pk)
    return views_rows.project_row_edit(
        request, project=project, model=ProjectNews, row_pk=news_pk, form_class=forms_comms.ProjectNewsForm,
        anchor="#news", titles=(_("Edit the news item – %(project)s"), _("New news item – %(project)s")),
        save=lambda f, item: services_comms.project_news_save(actor=request.user, project=project, item=item,
                                                              **f.service_fields()),
        intro=_("News items appear on the project's public page from their publication date. Write for "
                "residents: what happened or is coming, where and for whom."))


@_signed_in
@require_POST
def news_delete(request, pk: int, news_pk: int):
    return views_rows.project_row_remove(
        request, project=_comms_project(request, pk), model=ProjectNews, row_pk=news_pk, anchor="#news",
        done=_("The news item was removed."),
        remove=lambda item: services_comms.project_news_delete(actor=request.user, item=item))


def comms_overview(request):
    """Public: the communication plan and the campaigns and actions that have run, with their reach; staff also
    see the planned ones and may edit (so does the communications planner)."""
    is_staff = is_communications_planner(request.user)
    programme = chosen_programme(request)
    return render(request, "programme/comms/overview.html", {
        "plan": selectors_comms.comms_plan(programme),
        "summary": selectors_comms.comms_summary(programme=programme),
        "campaigns": selectors_comms.campaigns(user=request.user, public=not is_staff, programme=programme),
        "indicators": selectors_comms.campaign_indicators(programme),
        "is_staff": is_staff, "programme": programme,
        "programme_query": selectors_programmes.page_query(programme),
    })


@comms_required
def comms_plan_edit(request):
    programme = chosen_programme(request)
    plan = selectors_comms.comms_plan(programme)
    form = forms_comms.CommsPlanForm(request.POST or None, instance=_fresh(plan) if plan.pk else plan)
    back = reverse("programme:comms-overview") + selectors_programmes.page_query(programme)
    return _staff_form(request, form=form, title=_("Edit the communication plan"), back_url=back, success_url=back,
                       save=lambda f: services_comms.comms_plan_save(actor=request.user, programme=programme,
                                                                     **f.service_fields()),
                       intro=_("Write the goals, key messages and audiences in Finnish first; Swedish and English "
                               "are shown to readers of those languages, Finnish where a text is missing."))


@comms_required
def programme_campaign_edit(request, campaign_pk: int | None = None):
    """The programme's own campaigns (no project): the communications planner and staff."""
    campaign = get_object_or_404(CommsCampaign, pk=campaign_pk, project__isnull=True) if campaign_pk else None
    # a new campaign goes into the chosen programme (?ohjelma=); an existing one stays in its own
    programme = campaign.programme if campaign else chosen_programme(request)
    form = forms_comms.CommsCampaignForm(request.POST or None, instance=_fresh(campaign))
    back = reverse("programme:comms-overview") + selectors_programmes.page_query(programme) + "#campaigns"
    return _staff_form(
        request, form=form, back_url=back, success_url=back, intro=_campaign_intro(),
        title=_("Edit the campaign – programme") if campaign else _("New campaign – programme"),
        save=lambda f: services_comms.comms_campaign_save(actor=request.user, project=None, campaign=campaign,
                                                          programme=programme, **f.service_fields()))


@comms_required
@require_POST
def programme_campaign_delete(request, campaign_pk: int):
    campaign = get_object_or_404(CommsCampaign, pk=campaign_pk, project__isnull=True)
    services_comms.comms_campaign_delete(actor=request.user, campaign=campaign)
    messages.success(request, _("The campaign was removed."))
    return redirect(reverse("programme:comms-overview") + selectors_programmes.page_query(campaign.programme)
                    + "#campaigns")


@_signed_in
def project_campaign_edit(request, pk: int, campaign_pk: int | None = None):
    project = _comms_project(request, pk)
    return views_rows.project_row_edit(
        request, project=project, model=CommsCampaign, row_pk=campaign_pk, form_class=forms_comms.CommsCampaignForm,
        anchor="#campaigns", titles=(_("Edit the campaign – %(project)s"), _("New campaign – %(project)s")),
        save=lambda f, campaign: services_comms.comms_campaign_save(
            actor=request.user, project=project, campaign=campaign, **f.service_fields()),
        intro=_campaign_intro())


@_signed_in
@require_POST
def project_campaign_delete(request, pk: int, campaign_pk: int):
    return views_rows.project_row_remove(
        request, project=_comms_project(request, pk), model=CommsCampaign, row_pk=campaign_pk,
        anchor="#campaigns", done=_("The campaign was removed."),
        remove=lambda campaign: services_comms.comms_campaign_delete(actor=request.user, campaign=campaign))
