"""Communication: a project's news items are written by its responsible person, deputies or staff (anyone else
gets 403), validated and audited, and appear on the project's public page from their publication date."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from yhteiso.core.models import AuditEvent
from yhteiso.programme import services_comms
from yhteiso.programme.models import Project, ProjectNews

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reset_language")]
TODAY = dt.date.today()
DAY = dt.date(2026, 9, 15)


@pytest.fixture
def owner(project_owner):
    return project_owner


def test_the_responsible_person_writes_news_with_an_audit_row(owner, project):
    item = services_comms.project_news_save(actor=owner, project=project, title="Kohtaamisilta",
                                            body="Ilta Leppävaarassa.", published_on=DAY)
    assert item.author == owner
    assert AuditEvent.objects.filter(action="project_news.create", actor=owner, object_id=str(item.pk)).exists()


@pytest.mark.parametrize("who", ["member_user", "plain_user"])
def test_others_may_not_write_news(who, request, project):
    with pytest.raises(PermissionDenied):
        services_comms.project_news_save(actor=request.getfixturevalue(who), project=project, title="x",
                                         body="y", published_on=DAY)
    assert not ProjectNews.objects.exists()


@pytest.mark.parametrize(("fields", "field"), [
    ({"title": "   "}, "title"),
    ({"body": ""}, "body"),
    ({"published_on": None}, "published_on"),
    ({"published_on": dt.date(2030, 1, 1)}, "published_on"),
])
def test_bad_news_is_refused_naming_the_field(owner, project, fields, field):
    data = {"title": "Otsikko", "body": "Teksti", "published_on": DAY, **fields}
    with pytest.raises(ValidationError) as exc:
        services_comms.project_news_save(actor=owner, project=project, **data)
    assert field in exc.value.error_dict
    assert not ProjectNews.objects.exists()


def test_news_of_another_project_cannot_be_edited_through_this_one(owner, project, staff_user):
    other = Project.objects.create(name_fi="Toinen", year=2026)
    foreign = services_comms.project_news_save(actor=staff_user, project=other, title="Toisen", body="b",
                                               published_on=DAY)
    with pytest.raises(PermissionDenied):
        services_comms.project_news_save(actor=owner, project=other, item=foreign, title="Muutettu")
    with pytest.raises(PermissionDenied):
        services_comms.project_news_save(actor=staff_user, project=project, item=foreign, title="Muutettu")
    foreign.refresh_from_db()
    assert foreign.title == "Toisen"


def test_the_public_page_shows_news_from_its_date_on(client, owner, project):
    services_comms.project_news_save(actor=owner, project=project, title="Julkaistu uutinen", body="Teksti.",
                                     published_on=TODAY - dt.timedelta(days=1))
    services_comms.project_news_save(actor=owner, project=project, title="Tuleva uutinen", body="Teksti.",
                                     published_on=TODAY + dt.timedelta(days=3))
    url = reverse("programme:project-detail", args=[project.pk])
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "Julkaistu uutinen" in html
    assert "Tuleva uutinen" not in html
    assert reverse("programme:news-create", args=[project.pk]) not in html
    client.force_login(owner)
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "Tuleva uutinen" in html and "ei vielä julkinen" in html
    assert reverse("programme:news-create", args=[project.pk]) in html


def test_the_owner_writes_news_from_the_page_and_a_stranger_gets_403(client, owner, project, plain_user):
    url = reverse("programme:news-create", args=[project.pk])
    assert client.get(url).status_code == 302
    client.force_login(plain_user)
    assert client.post(url, {"title": "x", "body": "y", "published_on": "2026-09-15"}).status_code == 403
    client.force_login(owner)
    response = client.post(url, {"title": "", "body": "Teksti", "published_on": "2026-09-15"},
                           HTTP_ACCEPT_LANGUAGE="fi")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Otsikko" in html
    assert "Anna otsikko." not in html  # an empty field is said to be required once, not twice
    assert not ProjectNews.objects.exists()
    response = client.post(url, {"title": "Kohtaamisilta", "body": "Teksti", "published_on": "2026-09-15"})
    assert response.status_code == 302
    item = ProjectNews.objects.get()
    delete = reverse("programme:news-delete", args=[project.pk, item.pk])
    assert client.get(delete).status_code == 405
    client.force_login(plain_user)
    assert client.post(delete).status_code == 403
    client.force_login(owner)
    assert client.post(delete).status_code == 302
    assert not ProjectNews.objects.exists()
    assert AuditEvent.objects.filter(action="project_news.delete").exists()
