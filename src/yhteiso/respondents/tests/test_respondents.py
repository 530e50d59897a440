import pytest
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import translation

from yhteiso.core.languages import RESPONDENT_LANGUAGES
from yhteiso.respondents import ratelimit
from yhteiso.respondents.anonymity import keyed_hash, random_id
from yhteiso.respondents.pages import language_from, page_context, respondent_page
from yhteiso.respondents.texts import PHRASES, phrase, text_in


def test_a_missing_phrase_falls_back_to_finnish_before_english(monkeypatch):
    monkeypatch.setitem(PHRASES, "x_test", {"fi": "Suomeksi", "en": "In English", "sv": ""})
    assert phrase("x_test", "so") == "Suomeksi"
    assert phrase("x_test", "sv") == "Suomeksi"
    assert phrase("x_test", "en") == "In English"


def test_content_falls_back_to_finnish_then_to_the_first_text():
    assert text_in({"fi": "Kyllä", "en": "Yes"}, "ar") == "Kyllä"
    assert text_in({"fi": "", "sv": "Ja", "en": "Yes"}, "ru") == "Ja"
    assert text_in({}, "fi") == ""


def test_every_phrase_exists_in_all_eight_respondent_languages():
    assert len(RESPONDENT_LANGUAGES) == 8
    missing = [(key, lang) for key, texts in PHRASES.items() for lang in RESPONDENT_LANGUAGES if not texts.get(lang)]
    assert missing == []


def test_arabic_pages_run_right_to_left_and_unknown_languages_are_refused():
    request = RequestFactory().get("/?kieli=ar")
    assert language_from(request, ["fi", "ar"]) == ("ar", True)
    assert page_context("ar", ["fi", "ar"])["dir"] == "rtl"
    assert language_from(RequestFactory().get("/?kieli=xx"), ["fi", "ar"]) == ("fi", False)


@pytest.mark.parametrize(("setting", "remote", "forwarded", "client"), [
    ("", "10.0.0.1", "203.0.113.5", "10.0.0.1"),  # no proxy configured: the header is ignored
    ("1", "10.0.0.1", "203.0.113.5", "203.0.113.5"),
    ("1", "10.0.0.1", "6.6.6.6, 203.0.113.5", "203.0.113.5"),  # made-up entries in front are ignored
    ("2", "10.0.0.1", "6.6.6.6, 203.0.113.5, 10.0.0.9", "203.0.113.5"),
    ("10.0.0.0/8", "10.0.0.1", "6.6.6.6, 203.0.113.5, 10.0.0.9", "203.0.113.5"),
    ("10.0.0.0/8", "198.51.100.1", "203.0.113.5", "198.51.100.1"),  # not from a trusted proxy
])
def test_the_client_address_is_the_one_the_nearest_trusted_proxy_saw(settings, setting, remote, forwarded, client):
    settings.YHTEISO_TRUSTED_PROXIES = setting
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert ratelimit.client_address(request) == client


def test_a_bad_trusted_proxy_setting_is_refused_with_a_message():
    with pytest.raises(ImproperlyConfigured, match="YHTEISO_TRUSTED_PROXIES"):
        ratelimit.parse_trusted_proxies("proxy.example")


def test_the_rate_limit_key_does_not_contain_the_address(settings):
    settings.YHTEISO_TRUSTED_PROXIES = ""
    key = ratelimit.client_key(RequestFactory().get("/", REMOTE_ADDR="203.0.113.77"), "survey")
    assert "203.0.113.77" not in key and key.startswith("yhteiso-rl:survey:")


def test_anonymity_keys_are_random_and_keyed():
    ids = {random_id() for _i in range(1000)}
    assert len(ids) == 1000 and all(0 < i < 2**62 for i in ids)
    assert keyed_hash("a", "x", key="k") != keyed_hash("b", "x", key="k") != keyed_hash("a", "x", key="k2")


def _language_seen(request):
    return HttpResponse(f"{translation.get_language()}|{request.language_query}")


def test_a_page_with_its_own_languages_runs_in_the_chosen_one_and_keeps_it_on_its_links():
    view = respondent_page(languages=["fi", "sv", "en", "ar"])(_language_seen)

    def get(path, **headers):
        with translation.override("fi"):  # what Django's LocaleMiddleware found: the site's Finnish
            return view(RequestFactory().get(path, **headers))

    response = get("/?kieli=ar")
    assert response.content.decode() == "ar|?kieli=ar"
    assert response["Content-Language"] == "ar"
    assert response.cookies["yhteiso_language"].value == "ar"
    # an Arabic browser without a choice gets Arabic; its links carry the choice (the UI language is English)
    assert get("/", HTTP_ACCEPT_LANGUAGE="ar-SA,ar;q=0.9").content.decode() == "ar|?kieli=ar"
    # no choice and a Finnish browser: the UI language, nothing added to the links
    assert get("/", HTTP_ACCEPT_LANGUAGE="fi").content.decode() == "fi|"
    # a language the page does not speak is not used: the UI language for it (English) instead
    assert get("/?kieli=so").content.decode() == "en|"


def test_a_bare_respondent_page_still_decorates_without_arguments():
    view = respondent_page(lambda request: HttpResponse("ok"))
    response = view(RequestFactory().get("/?kieli=ar"))
    assert response.content == b"ok" and "Accept-Language" in response["Vary"]
