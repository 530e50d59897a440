"""The login page, the locked-out page and the 403/404/500/CSRF error pages in a real browser, in Finnish, Swedish
and English, at 1366 and 390 px: no WCAG 2.1 A/AA violations (axe), no sideways scrolling, a way on from every
error. ``YHTEISO_SCREENSHOTS=DIR`` keeps a screenshot of each."""

import os
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from django.urls import path

from yhteiso.config import urls as root_urls
from yhteiso.core.permissions import STEERING_GROUP

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = os.environ.get("YHTEISO_SCREENSHOTS", "")
WIDTHS = (1366, 390)
PASSWORD = "jasenen-salasana-2026"


def _broken(request):
    raise RuntimeError("a deliberate failure for the 500 page")


class UrlsWithAFailure:
    urlpatterns = [path("rikki/", _broken), *root_urls.urlpatterns]
    handler400 = root_urls.handler400
    handler403 = root_urls.handler403
    handler404 = root_urls.handler404
    handler500 = root_urls.handler500


def _shot(page, name):
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"), full_page=True)


def _check(page, axe_violations, name):
    assert axe_violations(page) == [], name
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, (name, overflow)
    _shot(page, name)


@pytest.fixture
def member():
    user = User.objects.create_user("jasen", password=PASSWORD)
    user.groups.add(Group.objects.get_or_create(name=STEERING_GROUP)[0])
    return user


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_login_and_error_pages_are_accessible_and_fit_a_phone(live_server, browser_page, axe_violations, settings,
                                                              member, lang):
    settings.ROOT_URLCONF = UrlsWithAFailure
    settings.OIDC_RP_CLIENT_ID = "yhteiso"  # shows the city-account button (rendering needs no provider)
    settings.YHTEISO_OIDC_ISSUER = "https://login.microsoftonline.com/tenant/v2.0"
    page = browser_page
    page.context.add_cookies([{"name": "yhteiso_language", "value": lang, "url": live_server.url}])
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900 if width > 500 else 844})
        for url, status, name in [("/kirjaudu/", 200, "login"), ("/ei-tallaista-sivua/", 404, "404"),
                                  ("/rikki/", 500, "500")]:
            response = page.goto(live_server.url + url)
            assert response.status == status
            assert page.locator("html").get_attribute("lang") == lang
            assert page.locator("nav.main-nav").count() == 1
            if status != 200:
                assert page.locator(".ways-on a[href='/']").count() == 1
            _check(page, axe_violations, f"{name}-{lang}-{width}")


def test_a_steering_group_member_signs_in_lands_on_meetings_and_gets_a_friendly_403(live_server, browser_page,
                                                                                     axe_violations, member):
    page = browser_page
    page.goto(live_server.url + "/kirjaudu/")
    page.fill("#id_username", "jasen")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    assert page.url == live_server.url + "/ohjausryhma/kokoukset/"
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900 if width > 500 else 844})
        response = page.goto(live_server.url + "/henkilosto/")
        assert response.status == 403
        assert page.locator("h1").inner_text().replace("\xad", "") == "Ei pääsyä tälle sivulle"
        assert page.locator(".ways-on a[href='/ohjausryhma/kokoukset/']").count() == 1
        _check(page, axe_violations, f"403-fi-{width}")


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_the_locked_out_and_csrf_pages_are_accessible(live_server, browser_page, axe_violations, member, lang):
    page = browser_page
    page.context.add_cookies([{"name": "yhteiso_language", "value": lang, "url": live_server.url}])
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900 if width > 500 else 844})
        page.goto(live_server.url + "/kirjaudu/")
        page.context.clear_cookies(name="csrftoken")  # the form's token no longer matches any cookie
        page.fill("#id_username", "jasen")
        page.fill("#id_password", PASSWORD)
        page.click("main button[type=submit]")
        assert page.locator("h1").inner_text().replace("\xad", "") in {"Lomaketta ei voitu lähettää", "Formuläret kunde inte skickas"}
        _check(page, axe_violations, f"csrf-{lang}-{width}")
    for _ in range(6):
        page.goto(live_server.url + "/kirjaudu/")
        page.fill("#id_username", "jasen")
        page.fill("#id_password", "arvaus")
        page.click("main button[type=submit]")
    assert page.locator("h1").inner_text().replace("\xad", "") in {"Kirjautuminen on keskeytetty", "Inloggningen är tillfälligt stoppad"}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900 if width > 500 else 844})
        page.goto(live_server.url + "/kirjaudu/")
        page.fill("#id_username", "jasen")
        page.fill("#id_password", PASSWORD)  # the right password: still paused
        page.click("main button[type=submit]")
        assert page.locator("h1").inner_text().replace("\xad", "") in {"Kirjautuminen on keskeytetty", "Inloggningen är tillfälligt stoppad"}
        _check(page, axe_violations, f"locked-{lang}-{width}")
