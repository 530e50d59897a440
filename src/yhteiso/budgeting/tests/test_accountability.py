"""Accountability (issue 15 item 3): funded projects followed publicly after the vote — status, progress, dated
updates with photos (checked, re-encoded without metadata), actual cost beside the estimate, finished date; staff
or the linked programme project's responsible person update them, audited; everyone else gets 403."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from yhteiso.budgeting import services, services_accountability
from yhteiso.budgeting.models_accountability import Implementation, ImplementationUpdate
from yhteiso.budgeting.tests.factories import cast, make_round
from yhteiso.budgeting.tests.test_cards import photo
from yhteiso.core.models import AuditEvent
from yhteiso.core.permissions import PROGRAMME_STAFF
from yhteiso.programme.models import BenefitGoal, Project

pytestmark = pytest.mark.django_db
BASE = "/osallistuva-budjetointi/"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _files(root) -> list:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def published_round(slug="r"):
    """Citywide budget 100 (c1 60, c2 50, c3 30); greedy funds c1 and c3; results published, so c1 and c3 became
    programme actions."""
    BenefitGoal.objects.get_or_create(number=1, defaults={"name_fi": "Osallisuus"})
    rnd = make_round(slug=slug, rule="greedy", max_projects=2)
    for who in ("v1", "v2", "v3"):
        cast(rnd, who, "c1")
    for who in ("v4", "v5"):
        cast(rnd, who, "c2", "c3")
    services.round_set_phase(actor=None, round=rnd, phase="results")
    rnd = services.round_compute_results(actor=None, round=rnd)
    return services.round_publish_results(actor=None, round=rnd)


def _user(name, staff=False):
    user = User.objects.create_user(name, password="pw-12345-long")
    if staff:
        user.groups.add(Group.objects.get_or_create(name=PROGRAMME_STAFF)[0])
    return user


@pytest.fixture
def staff():
    return _user("staff", staff=True)


def test_the_implementation_list_shows_the_funded_projects_planned_until_someone_updates_them(client):
    rnd = published_round()
    page = client.get(f"{BASE}{rnd.slug}/toteutus/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Kaupunki 1" in html and "Kaupunki 3" in html
    assert "Kaupunki 2" not in html  # not funded
    assert html.count("0 % done") == 2


def test_before_publication_there_is_no_implementation_page(client):
    rnd = make_round(slug="open")
    assert client.get(f"{BASE}{rnd.slug}/toteutus/").status_code == 404


def test_a_project_followed_to_finished_shows_actual_cost_next_to_the_estimate(client, staff):
    rnd = published_round()
    c1 = rnd.proposals.get(code="c1")
    services_accountability.implementation_update(actor=staff, proposal=c1, status="in_progress", progress="40",
                                                  started_on="2026-05-04")
    services_accountability.implementation_update_add(actor=staff, proposal=c1, date="2026-06-01",
                                                      text_fi="Penkit tilattu.", text_en="Benches ordered.")
    services_accountability.implementation_update(actor=staff, proposal=c1, status="finished", progress=100,
                                                  started_on="2026-05-04", finished_on="2026-09-30",
                                                  actual_cost="58 500")
    impl = Implementation.objects.get(proposal=c1)
    assert (impl.status, impl.progress, impl.actual_cost, str(impl.finished_on)) == ("finished", 100, 58500,
                                                                                      "2026-09-30")
    assert AuditEvent.objects.filter(action="pb_implementation.update").count() == 2
    assert AuditEvent.objects.filter(action="pb_implementation.update_add").count() == 1
    html = client.get(f"{BASE}{rnd.slug}/toteutus/c1/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Finished" in html and "Benches ordered." in html and "30.9.2026" in html
    assert "58" in html and "500" in html and "60" in html  # actual cost and the estimate
    fi = client.get(f"{BASE}{rnd.slug}/toteutus/c1/?kieli=fi").content.decode()
    main = fi[fi.index("<main"):]
    assert "Valmis" in main and "Aloitettu" in main
    assert "Penkit tilattu." in fi and "Toteutunut kustannus" in fi
    sv = client.get(f"{BASE}{rnd.slug}/toteutus/c1/?kieli=sv").content.decode()
    assert "Genomförandet" in sv or "genomför" in sv.lower()


def test_the_resident_pages_follow_the_respondent_language_in_arabic(client):
    rnd = published_round()
    response = client.get(f"{BASE}{rnd.slug}/toteutus/?kieli=ar")
    assert response.status_code == 200
    assert 'dir="rtl"' in response.content.decode() and response["Content-Language"] == "ar"


@pytest.mark.parametrize(("values", "field_message"), [
    ({"status": "in_progress", "progress": "101"}, "between 0 and 100"),
    ({"status": "in_progress", "progress": "-5"}, "between 0 and 100"),
    ({"status": "in_progress", "progress": "lots"}, "between 0 and 100"),
    ({"status": "finished", "progress": "100", "started_on": "2026-05-04", "finished_on": "2026-05-01"},
     "before the start date"),
    ({"status": "cancelled", "progress": "10", "cancel_reason": "  "}, "reason why the project was cancelled"),
    ({"status": "finished", "progress": "100"}, "needs its finished date"),
    ({"status": "half-done", "progress": "50"}, "Choose one of the statuses"),
    ({"status": "in_progress", "progress": "50", "started_on": "4.5.2026"}, "Check the date"),
])
def test_bad_values_are_refused_naming_the_field_and_nothing_is_stored(client, staff, values, field_message):
    rnd = published_round()
    c1 = rnd.proposals.get(code="c1")
    services_accountability.implementation_update(actor=staff, proposal=c1, status="in_progress", progress=20)
    client.force_login(staff)
    response = client.post(f"{BASE}{rnd.slug}/toteutus/c1/muokkaa/", values, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert field_message in response.content.decode()
    impl = Implementation.objects.get(proposal=c1)
    assert (impl.status, impl.progress) == ("in_progress", 20)
    assert AuditEvent.objects.filter(action="pb_implementation.update").count() == 1


def test_the_database_itself_refuses_progress_over_100_and_a_finish_before_the_start(staff):
    from django.db import IntegrityError, transaction

    rnd = published_round()
    impl = Implementation.objects.create(proposal=rnd.proposals.get(code="c1"))
    import datetime as dt

    with pytest.raises(IntegrityError), transaction.atomic():
        Implementation.objects.filter(pk=impl.pk).update(progress=150)
    with pytest.raises(IntegrityError), transaction.atomic():
        Implementation.objects.filter(pk=impl.pk).update(started_on=dt.date(2026, 5, 2),
                                                         finished_on=dt.date(2026, 5, 1))


def test_a_photo_is_stored_re_encoded_without_its_location_and_served(client, staff, _media):
    rnd = published_round()
    client.force_login(staff)
    response = client.post(f"{BASE}{rnd.slug}/toteutus/c1/paivitys/", {
        "date": "2026-06-01", "text_fi": "Rakentaminen alkoi.", "photo": photo(), "photo_alt_fi": "Työmaa puistossa"},
        HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302, response.content.decode()[:800]
    update = ImplementationUpdate.objects.get()
    stored = Image.open(update.photo.path)
    assert max(stored.size) == 1600
    assert 0x8825 not in stored.getexif() and 0x010F not in stored.getexif()
    client.logout()
    served = client.get(f"{BASE}{rnd.slug}/toteutus/c1/kuvat/{update.pk}/")
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    html = client.get(f"{BASE}{rnd.slug}/toteutus/c1/?kieli=fi").content.decode()
    assert 'alt="Työmaa puistossa"' in html


@pytest.mark.parametrize("upload", [
    SimpleUploadedFile("kuva.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", content_type="image/gif"),
    SimpleUploadedFile("kuva.jpg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", content_type="image/jpeg"),
])
def test_a_photo_of_a_disallowed_type_is_refused_naming_the_field_and_nothing_is_stored(client, staff, _media,
                                                                                       upload):
    rnd = published_round()
    client.force_login(staff)
    response = client.post(f"{BASE}{rnd.slug}/toteutus/c1/paivitys/", {
        "date": "2026-06-01", "text_fi": "Kuva mukana.", "photo": upload, "photo_alt_fi": "Kuva"},
        HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "The picture must be a JPEG, PNG or WebP image." in response.content.decode()
    with pytest.raises(ValidationError) as caught:
        services_accountability.implementation_update_add(
            actor=staff, proposal=rnd.proposals.get(code="c1"), date="2026-06-01", text_fi="x",
            photo=SimpleUploadedFile("a.gif", b"GIF89a", content_type="image/gif"), photo_alt_fi="x")
    assert "photo" in caught.value.message_dict
    assert ImplementationUpdate.objects.count() == 0
    assert _files(_media) == []
    assert not AuditEvent.objects.filter(action="pb_implementation.update_add").exists()


def test_a_photo_without_a_description_is_refused_and_its_file_removed(staff, _media):
    rnd = published_round()
    with pytest.raises(ValidationError) as caught:
        services_accountability.implementation_update_add(
            actor=staff, proposal=rnd.proposals.get(code="c1"), date="2026-06-01", text_fi="x", photo=photo())
    assert "photo_alt_fi" in caught.value.message_dict
    assert _files(_media) == [] and ImplementationUpdate.objects.count() == 0


def test_the_responsible_person_of_the_programme_project_may_update_others_get_403(client):
    rnd = published_round()
    c1 = rnd.proposals.get(code="c1")
    owner, other = _user("owner"), _user("other")
    Project.objects.filter(pk=c1.programme_project_id).update(responsible_user=owner)
    c1.refresh_from_db()
    url = f"{BASE}{rnd.slug}/toteutus/c1/muokkaa/"
    assert client.get(url).status_code == 302  # anonymous: to the sign-in page
    assert client.post(url, {"status": "in_progress", "progress": "5"}).status_code == 302
    client.force_login(other)
    assert client.get(url).status_code == 403
    assert client.post(url, {"status": "in_progress", "progress": "5"}).status_code == 403
    assert client.post(f"{BASE}{rnd.slug}/toteutus/c1/paivitys/", {"date": "2026-01-01",
                                                                  "text_fi": "x"}).status_code == 403
    with pytest.raises(PermissionDenied):
        services_accountability.implementation_update(actor=other, proposal=c1, status="in_progress", progress=5)
    assert not Implementation.objects.exists()
    # the owner of c1 cannot touch c3 (another project)
    client.force_login(owner)
    assert client.get(f"{BASE}{rnd.slug}/toteutus/c3/muokkaa/").status_code == 403
    assert client.post(url, {"status": "in_progress", "progress": "5"}).status_code == 302
    assert Implementation.objects.get(proposal=c1).progress == 5
    event = AuditEvent.objects.get(action="pb_implementation.update")
    assert event.actor_id == owner.pk


def test_the_edit_form_needs_the_csrf_token(staff):
    from django.test import Client

    rnd = published_round()
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(staff)
    response = strict.post(f"{BASE}{rnd.slug}/toteutus/c1/muokkaa/", {"status": "in_progress", "progress": "5"})
    assert response.status_code == 403
    assert not Implementation.objects.exists()


def test_only_funded_projects_are_followed(client, staff):
    rnd = published_round()
    c2 = rnd.proposals.get(code="c2")  # not funded
    with pytest.raises(ValidationError, match="Only funded projects"):
        services_accountability.implementation_update(actor=staff, proposal=c2, status="in_progress", progress=5)
    assert client.get(f"{BASE}{rnd.slug}/toteutus/c2/").status_code == 404


def test_a_cancelled_project_shows_its_reason_and_removing_an_update_deletes_its_photo(
        client, staff, _media, django_capture_on_commit_callbacks):
    rnd = published_round()
    c3 = rnd.proposals.get(code="c3")
    services_accountability.implementation_update(actor=staff, proposal=c3, status="cancelled", progress=10,
                                                  cancel_reason="Tontti ei ollut käytettävissä.")
    update = services_accountability.implementation_update_add(actor=staff, proposal=c3, date="2026-03-01",
                                                               text_fi="Peruttu.", photo=photo(gps=False),
                                                               photo_alt_fi="Tontti")
    assert len(_files(_media)) == 1
    html = client.get(f"{BASE}{rnd.slug}/toteutus/c3/?kieli=fi").content.decode()
    assert "Tontti ei ollut käytettävissä." in html and "Peruttu" in html
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{BASE}{rnd.slug}/toteutus/c3/paivitys/{update.pk}/poista/")
    assert response.status_code == 302
    assert _files(_media) == []
    assert not ImplementationUpdate.objects.exists()
    assert AuditEvent.objects.filter(action="pb_implementation.update_delete").count() == 1


def test_an_image_that_is_a_bomb_of_pixels_is_refused(staff):
    rnd = published_round()
    img = Image.new("1", (8000, 6000))
    out = io.BytesIO()
    img.save(out, "PNG")
    with pytest.raises(ValidationError) as caught:
        services_accountability.implementation_update_add(
            actor=staff, proposal=rnd.proposals.get(code="c1"), date="2026-06-01", text_fi="x",
            photo=SimpleUploadedFile("a.png", out.getvalue(), content_type="image/png"), photo_alt_fi="x")
    assert "photo" in caught.value.message_dict
