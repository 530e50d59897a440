"""Residents' ideas (issue 15 item 2), the pages: submitting in Finnish and Arabic without JavaScript, refusals in
the page's language naming the field, escaped comments, one support per person, rate limits, no client address
stored, and the staff's moderation list."""

from __future__ import annotations

import html
import re

import pytest
from django.contrib.auth.models import Group, User
from django.core import mail
from django.core.cache import cache
from django.test import Client

from yhteiso.budgeting import services_ideas
from yhteiso.budgeting.models import Proposal
from yhteiso.budgeting.models_ideas import Idea, IdeaComment, IdeaFollower, IdeaSupport
from yhteiso.budgeting.tests.factories_ideas import (
    INSIDE_FIRST,
    OUTSIDE,
    code,
    districts,
    idea_round,
    jpeg_with_gps,
    published,
)
from yhteiso.budgeting.tests.test_languages import _finnish_texts
from yhteiso.core.models import AuditEvent
from yhteiso.core.permissions import PROGRAMME_STAFF
from yhteiso.jobs.testing import run_queued_jobs

pytestmark = pytest.mark.django_db
BASE = "/osallistuva-budjetointi/"
ADDRESS = "203.0.113.77"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def staff_client():
    client = Client()
    user = User.objects.create_user("staff", password="pw-12345-long")
    group, _ = Group.objects.get_or_create(name=PROGRAMME_STAFF)
    user.groups.add(group)
    client.force_login(user)
    return client


def _html_lang(page: str) -> tuple[str, str]:
    m = re.search(r'<html lang="([^"]+)" dir="([^"]+)">', page)
    assert m, page[:300]
    return m.group(1), m.group(2)


def _form(**overrides) -> dict:
    data = {"title": "Uimaranta Laaksolahteen", "description": "Uimaranta ja laituri.", "category": "leisure",
            "target_group": "everyone", "lon": f"{INSIDE_FIRST[0]}", "lat": f"{INSIDE_FIRST[1]}", "area": "",
            "image_alt": "", "display_name": ""}
    data.update(overrides)
    return data


def test_a_resident_submits_an_idea_in_finnish_without_javascript():
    rnd = idea_round()
    first, _ = districts()
    client = Client(REMOTE_ADDR=ADDRESS)
    page = client.get(f"{BASE}{rnd.slug}/ideat/uusi/").content.decode()
    assert _html_lang(page) == ("fi", "ltr")
    assert f'<option value="{first.pk}">' in page  # the area list: the place without the map
    r = client.post(f"{BASE}{rnd.slug}/ideat/uusi/", _form(lon="", lat="", area=str(first.pk),
                                                             image=jpeg_with_gps(), image_alt="Ranta"))
    assert r.status_code == 302 and r["Location"] == f"{BASE}{rnd.slug}/ideat/kiitos/"
    idea = Idea.objects.get()
    assert (idea.language, idea.area, idea.state, idea.image_alt) == ("fi", first, "pending", "Ranta")
    assert idea.image
    # waiting for checking: neither listed nor reachable
    assert "Uimaranta" not in client.get(f"{BASE}{rnd.slug}/ideat/").content.decode()
    assert client.get(f"{BASE}{rnd.slug}/ideat/{idea.pk}/").status_code == 404
    assert client.get(f"{BASE}{rnd.slug}/ideat/{idea.pk}/kuva/").status_code == 404


def test_an_idea_without_a_title_is_refused_in_arabic_naming_the_field():
    rnd = idea_round()
    page = Client().get(f"{BASE}{rnd.slug}/ideat/uusi/?kieli=ar").content.decode()
    assert _html_lang(page) == ("ar", "rtl")
    r = Client().post(f"{BASE}{rnd.slug}/ideat/uusi/?kieli=ar", _form(title="", language="ar"))
    assert r.status_code == 400
    page = r.content.decode()
    assert _html_lang(page) == ("ar", "rtl")
    assert "العنوان: أعطِ فكرتك عنوانًا." in html.unescape(page)
    assert 'href="#title"' in page
    assert "Give your idea a title" not in page
    assert not Idea.objects.exists()


def test_an_idea_outside_the_city_is_refused_in_the_page_s_language():
    rnd = idea_round()
    r = Client().post(f"{BASE}{rnd.slug}/ideat/uusi/?kieli=ar",
                      _form(lon=str(OUTSIDE[0]), lat=str(OUTSIDE[1]), language="ar"))
    assert r.status_code == 400
    assert "النقطة خارج إسبو" in html.unescape(r.content.decode())
    r = Client().post(f"{BASE}{rnd.slug}/ideat/uusi/", _form(lon=str(OUTSIDE[0]), lat=str(OUTSIDE[1])))
    assert "Paikka: Piste on Espoon ulkopuolella" in html.unescape(r.content.decode())
    assert not Idea.objects.exists()


def test_an_arabic_idea_is_stored_in_arabic_and_shown_with_its_language():
    rnd = idea_round()
    r = Client().post(f"{BASE}{rnd.slug}/ideat/uusi/?kieli=ar",
                      _form(title="ملعب للأطفال", description="ملعب جديد.", language="ar"))
    assert r.status_code == 302 and r["Location"].endswith("/ideat/kiitos/?kieli=ar")
    idea = Idea.objects.get()
    assert idea.language == "ar"
    services_ideas.idea_moderate(actor=None, idea=idea, state="published")
    page = Client().get(f"{BASE}{rnd.slug}/ideat/?kieli=ar").content.decode()
    assert _html_lang(page) == ("ar", "rtl")
    assert '<h3 lang="ar" dir="auto"><a href="' in page and "ملعب للأطفال" in page
    assert f'href="{BASE}{rnd.slug}/ideat/{idea.pk}/?kieli=ar"' in page


def test_a_comment_with_html_is_shown_as_text():
    rnd = idea_round()
    idea = published(rnd)
    client = Client()
    r = client.post(f"{BASE}{rnd.slug}/ideat/{idea.pk}/kommentoi/",
                    {"body": '<script>alert("x")</script><img src=x onerror=alert(1)>', "comment_name": "<b>A</b>"})
    assert r.status_code == 302 and r["Location"].endswith("?ok=commented#commented")
    comment = IdeaComment.objects.get()
    assert "<script>" not in client.get(f"{BASE}{rnd.slug}/ideat/{idea.pk}/").content.decode()  # not yet shown
    services_ideas.idea_comment_moderate(actor=None, comment=comment, state="published")
    page = client.get(f"{BASE}{rnd.slug}/ideat/{idea.pk}/").content.decode()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in page
    assert "&lt;b&gt;A&lt;/b&gt;" in page
    assert "<script>alert" not in page and "<img src=x" not in page


def test_a_second_support_from_the_same_person_is_counted_once_on_the_page():
    rnd = idea_round()
    idea = published(rnd)
    plain = code(rnd)
    client = Client()
    url = f"{BASE}{rnd.slug}/ideat/{idea.pk}/tue/?kieli=ar"
    r = client.post(url, {"code": plain, "language": "ar"})
    assert r.status_code == 302 and "ok=supported" in r["Location"] and "kieli=ar" in r["Location"]
    r = client.post(url, {"code": plain, "language": "ar"})
    assert "ok=already" in r["Location"]
    page = client.get(r["Location"]).content.decode()
    assert '<dd id="support-count">1</dd>' in page
    assert IdeaSupport.objects.count() == 1
    r = client.post(url, {"code": "WRONG", "language": "ar"})
    assert r.status_code == 400 and IdeaSupport.objects.count() == 1


def test_posts_are_rate_limited_per_client_and_nothing_is_stored_over_the_limit(settings):
    settings.YHTEISO_SURVEY_RATE_LIMIT = "2/600"
    rnd = idea_round()
    idea = published(rnd)
    client = Client(REMOTE_ADDR=ADDRESS)
    for _ in range(2):
        assert client.post(f"{BASE}{rnd.slug}/ideat/uusi/", _form()).status_code == 302
    r = client.post(f"{BASE}{rnd.slug}/ideat/uusi/", _form(title="Kolmas"))
    assert r.status_code == 429 and not Idea.objects.filter(title="Kolmas").exists()
    for _ in range(2):
        client.post(f"{BASE}{rnd.slug}/ideat/{idea.pk}/kommentoi/", {"body": "Hyvä idea"})
    assert client.post(f"{BASE}{rnd.slug}/ideat/{idea.pk}/kommentoi/", {"body": "Kolmas"}).status_code == 429
    assert IdeaComment.objects.count() == 2
    # another client is not affected
    assert Client(REMOTE_ADDR="198.51.100.5").post(f"{BASE}{rnd.slug}/ideat/{idea.pk}/kommentoi/",
                                                   {"body": "Oma"}).status_code == 302


def test_no_client_address_is_stored_with_ideas_supports_comments_or_audit_rows():
    rnd = idea_round()
    client = Client(REMOTE_ADDR=ADDRESS, HTTP_X_FORWARDED_FOR=ADDRESS)
    client.post(f"{BASE}{rnd.slug}/ideat/uusi/", _form())
    idea = Idea.objects.get()
    services_ideas.idea_moderate(actor=None, idea=idea, state="published")
    client.post(f"{BASE}{rnd.slug}/ideat/{idea.pk}/kommentoi/", {"body": "Hyvä"})
    client.post(f"{BASE}{rnd.slug}/ideat/{idea.pk}/tue/", {"code": code(rnd)})
    client.post(f"{BASE}{rnd.slug}/ideat/{idea.pk}/seuraa/", {"email": "a@example.fi"})
    assert IdeaSupport.objects.count() == 1 and IdeaComment.objects.count() == 1 and IdeaFollower.objects.count()
    for model in (Idea, IdeaComment, IdeaSupport, IdeaFollower, AuditEvent):
        for row in model.objects.values():
            assert ADDRESS not in repr(row), model


def test_following_from_the_page_and_stopping_from_the_message():
    rnd = idea_round()
    idea = published(rnd)
    client = Client()
    r = client.post(f"{BASE}{rnd.slug}/ideat/{idea.pk}/seuraa/?kieli=so", {"email": "x@example.fi",
                                                                           "language": "so"})
    assert r.status_code == 302 and "ok=following" in r["Location"]
    r = Client().post(f"{BASE}{rnd.slug}/ideat/{idea.pk}/seuraa/", {"email": "not an address"})
    assert r.status_code == 400 and "Tarkista sähköpostiosoite." in html.unescape(r.content.decode())
    follower = IdeaFollower.objects.get()
    assert follower.language == "so"
    services_ideas.idea_moderate(actor=None, idea=idea, state="hidden", reason="Kaksoiskappale")
    run_queued_jobs()
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/ideat/seuranta/\S+", mail.outbox[0].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    assert client.get("/" + path).status_code == 200
    assert IdeaFollower.objects.exists()  # opening the link (a link checker) changes nothing
    assert client.post("/" + path, {}).status_code == 200
    assert not IdeaFollower.objects.exists()
    assert client.get("/" + path).status_code == 404


def test_the_moderation_list_is_for_staff_and_its_decisions_are_audited(staff_client):
    rnd = idea_round()
    first, _ = districts()
    idea = services_ideas.idea_submit(round=rnd, language="fi", title="<i>Penkki</i>", description="Penkki.",
                                      category="community", target_group="older", lon=None, lat=None, area=first)
    url = f"{BASE}{rnd.slug}/hallinta/ideat/"
    assert Client().get(url).status_code in (302, 403)
    assert Client().post(f"{url}{idea.pk}/", {"state": "published"}).status_code in (302, 403)
    page = staff_client.get(url).content.decode()
    assert "&lt;i&gt;Penkki&lt;/i&gt;" in page
    r = staff_client.post(f"{url}{idea.pk}/", {"state": "hidden", "reason": ""})
    assert r.status_code == 400
    assert staff_client.post(f"{url}{idea.pk}/", {"state": "published"}).status_code == 302
    pool = rnd.pools.get(area=first)
    r = staff_client.post(f"{url}{idea.pk}/ehdotukseksi/", {"title_fi": "Penkki", "pool": pool.pk})
    assert r.status_code == 302
    assert Proposal.objects.get(title_fi="Penkki").idea == Idea.objects.get(pk=idea.pk)
    comment = services_ideas.idea_comment_add(idea=Idea.objects.get(pk=idea.pk), body="Kiva", language="fi")
    assert staff_client.post(f"{url}kommentit/{comment.pk}/", {"state": "hidden", "reason": "Asiaton"}
                             ).status_code == 302
    assert AuditEvent.objects.filter(action="pb_idea_comment.hidden", note="Asiaton",
                                     actor__username="staff").exists()
    assert AuditEvent.objects.filter(action="pb_idea.published", actor__username="staff").exists()
    public = Client().get(f"{BASE}{rnd.slug}/ideat/{idea.pk}/").content.decode()
    assert "Kiva" not in public
    assert 'aria-current="step"' in public


@pytest.mark.parametrize("lang", ["fi", "sv", "ar", "so", "fi-x-selko"])
def test_the_idea_pages_open_in_the_respondent_languages(lang):
    rnd = idea_round()
    idea = published(rnd)
    direction = "rtl" if lang == "ar" else "ltr"
    for path in ("ideat/", "ideat/uusi/", f"ideat/{idea.pk}/", "ideat/kiitos/"):
        page = Client().get(f"{BASE}{rnd.slug}/{path}?kieli={lang}").content.decode()
        assert _html_lang(page) == (lang, direction), path


@pytest.mark.parametrize("lang", ["ar", "ru", "et", "so"])
def test_the_idea_pages_carry_no_finnish_interface_text_in_another_language(lang):
    """Every interface text of the residents' idea pages is translated, refusals included (content — the idea's
    own title — may be in any language)."""
    finnish = _finnish_texts()
    rnd = idea_round()
    idea = published(rnd, title="Idea")
    services_ideas.idea_comment_moderate(
        actor=None, comment=services_ideas.idea_comment_add(idea=idea, body="ok", language=lang), state="published")
    q = f"?kieli={lang}"
    client = Client()
    pages = [client.get(f"{BASE}{rnd.slug}/{path}{q}").content.decode()
             for path in ("", "ideat/", "ideat/uusi/", f"ideat/{idea.pk}/", "ideat/kiitos/")]
    pages.append(client.post(f"{BASE}{rnd.slug}/ideat/uusi/{q}", _form(title="", description="", category="",
                                                                       target_group="", lon="25", lat="61",
                                                                       image_alt="x" * 300, language=lang)
                             ).content.decode())
    pages.append(client.post(f"{BASE}{rnd.slug}/ideat/{idea.pk}/tue/{q}", {"code": "x", "language": lang}
                             ).content.decode())
    pages.append(client.post(f"{BASE}{rnd.slug}/ideat/{idea.pk}/seuraa/{q}", {"email": "x", "language": lang}
                             ).content.decode())
    pages.append(client.post(f"{BASE}{rnd.slug}/ideat/{idea.pk}/kommentoi/{q}", {"body": "", "language": lang}
                             ).content.decode())
    for page in pages:
        main = page.split('<main id="main"', 1)[1].split("</main>", 1)[0]
        assert _html_lang(page)[0] == lang
        leaked = sorted(t for t in finnish if t in main)
        assert not leaked, leaked
