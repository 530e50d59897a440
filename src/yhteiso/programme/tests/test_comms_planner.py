"""The communications planner (plan section 5: "Ohjelmapäällikön tukena viestintäasioissa toimii
viestintäsuunnittelija"): a role of its own that writes the communication plan, the programme's campaigns and every
project's news and campaigns — and nothing else (no progress reports, no indicators, no budget, no staff pages)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from yhteiso.core.models import AuditEvent
from yhteiso.core.permissions import COMMUNICATIONS_PLANNER, is_communications_planner, is_programme_staff
from yhteiso.core.signin import landing_url
from yhteiso.programme import services_comms
from yhteiso.programme.models import CommsCampaign, CommsStatus, ProjectNews
from yhteiso.programme.tests.conftest import _user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reset_language")]


@pytest.fixture
def planner(db):
    return _user("viestinta", COMMUNICATIONS_PLANNER)


def _campaign(**extra):
    return {"kind": "campaign", "title_fi": "Kohtaamisillat somessa", "status": CommsStatus.RUNNING,
            "start_date": dt.date(2026, 9, 1), "channels": ["social_media"], "audiences": "Nuoret aikuiset",
            "reach_people": 300, "reach_source": "Somepalvelun tilasto", **extra}


def test_the_planner_is_not_staff(planner, staff_user, member_user):
    assert is_communications_planner(planner) and not is_programme_staff(planner)
    assert is_communications_planner(staff_user)  # staff may do what the planner does
    assert not is_communications_planner(member_user)


def test_the_planner_keeps_the_plan_and_every_campaign_with_audit_rows(planner, project):
    services_comms.comms_plan_save(actor=planner, goals_fi="Näkyvyys asukkaille")
    own = services_comms.comms_campaign_save(actor=planner, project=None, **_campaign())
    of_project = services_comms.comms_campaign_save(actor=planner, project=project, **_campaign(title_fi="Ilta"))
    news = services_comms.project_news_save(actor=planner, project=project, title="Kohtaamisilta",
                                            body="Ilta Leppävaarassa.", published_on=dt.date(2026, 9, 15))
    assert own.project is None and of_project.project == project and news.author == planner
    for action in ("comms_plan.create", "comms_campaign.create", "project_news.create"):
        assert AuditEvent.objects.filter(action=action, actor=planner).exists(), action
    services_comms.comms_campaign_delete(actor=planner, campaign=of_project)
    services_comms.project_news_delete(actor=planner, item=news)
    assert not ProjectNews.objects.exists() and CommsCampaign.objects.count() == 1


def test_the_pages_open_for_the_planner_and_the_edit_links_show(client, planner, project):
    client.force_login(planner)
    assert client.get(reverse("programme:comms-plan-edit")).status_code == 200
    response = client.post(reverse("programme:comms-campaign-create"), {
        "kind": "campaign", "title_fi": "Koko ohjelman kampanja", "status": CommsStatus.PLANNED,
        "start_date": "1.10.2026", "channels": ["web"], "audiences": "Kaikki espoolaiset"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert CommsCampaign.objects.filter(title_fi="Koko ohjelman kampanja", project=None).exists()
    assert client.get(reverse("programme:project-campaign-create", args=[project.pk])).status_code == 200
    assert client.get(reverse("programme:news-create", args=[project.pk])).status_code == 200
    page = client.get(reverse("programme:project-detail", args=[project.pk])).content.decode()
    assert reverse("programme:project-campaign-create", args=[project.pk]) in page
    assert reverse("programme:news-create", args=[project.pk]) in page
    overview = client.get(reverse("programme:comms-overview")).content.decode()
    assert "Koko ohjelman kampanja" in overview  # planned campaigns are shown to the planner, not the public
    client.logout()
    assert "Koko ohjelman kampanja" not in client.get(reverse("programme:comms-overview")).content.decode()


def test_the_planner_may_not_do_staff_work(client, planner, project):
    client.force_login(planner)
    for url in (reverse("programme:report-create", args=[project.pk]), reverse("core:staff-home"),
                reverse("programme:project-edit", args=[project.pk])):
        assert client.get(url).status_code == 403, url
    with pytest.raises(PermissionDenied):
        from yhteiso.programme import services_progress

        services_progress.progress_report_save(actor=planner, project=project, period_start=dt.date(2026, 1, 1),
                                               period_end=dt.date(2026, 6, 30))


def test_the_planner_lands_on_the_communication_page(planner):
    assert landing_url(planner) == reverse("programme:comms-overview")
