"""What every respondent page needs: the respondent language asked for (negotiation against the languages a
survey offers), its direction, the language menu, the phrases, and error messages in the respondent's language."""

from __future__ import annotations

import functools

from django.conf import settings
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.http import urlencode

from yhteiso.core.languages import RESPONDENT_LANGUAGES, UI_LANGUAGES, direction, ui_language_for
from yhteiso.respondents.texts import phrase

# An Accept-Language header is read only this far and only this many entries (a header is the client's to make up).
ACCEPT_LANGUAGE_MAX_CHARS = 512
ACCEPT_LANGUAGE_MAX_ENTRIES = 16


def browser_languages(header: str) -> list[str]:
    """The languages of an ``Accept-Language`` header, most wanted first (``q=0`` means "not this one").

    >>> browser_languages("ar-SA,ar;q=0.9,en-US;q=0.8,en;q=0.7")
    ['ar-sa', 'ar', 'en-us', 'en']
    >>> browser_languages("sv;q=0.5, fi, *;q=0.1, ru;q=0")
    ['fi', 'sv', '*']
    """
    entries = []
    for index, item in enumerate(header[:ACCEPT_LANGUAGE_MAX_CHARS].split(",")[:ACCEPT_LANGUAGE_MAX_ENTRIES]):
        tag, _, params = item.strip().partition(";")
        tag = tag.strip().lower()
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                continue
        if tag and quality > 0:
            entries.append((-quality, index, tag))
    return [tag for _q, _i, tag in sorted(entries)]


def browser_language(header: str, languages) -> str | None:
    """The first language of the header that is one of ``languages`` (``ar-SA`` matches ``ar``), else None.

    >>> browser_language("ar-SA,en;q=0.8", ["fi", "sv", "en", "ar"])
    'ar'
    >>> browser_language("de-DE,de;q=0.9", ["fi", "sv"]) is None
    True
    """
    for tag in browser_languages(header):
        for code in (tag, tag.split("-")[0]):
            if code in languages:
                return code
    return None


def _chosen(request) -> str:
    """The language the person chose: the form's ``language``, ``?kieli=``, or the language cookie (which every
    language switch of the site writes)."""
    return (request.POST.get("language") or request.GET.get("kieli")
            or request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, ""))


def language_from(request, languages: list[str], default: str = "fi") -> tuple[str, bool]:
    """The respondent language of this request; (code, supported).

    The person's own choice wins (the form's ``language``, ``?kieli=``, then the language cookie); without one, the
    browser's language when the survey offers it (``Accept-Language``: an Arabic browser gets Arabic); else
    ``default``. A language asked for in the address or the form that the survey does not offer gives
    ``(default, False)`` so the page can say so."""
    asked = request.POST.get("language") or request.GET.get("kieli")
    if asked:
        code, supported = (asked, True) if asked in languages else (default, False)
    else:
        cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        code = cookie if cookie in languages else (
            browser_language(request.META.get("HTTP_ACCEPT_LANGUAGE", ""), languages) or default)
        supported = True
    request.respondent_language = code
    return code, supported


def respondent_page(view=None, *, languages=None):
    """A resident-facing page: a language chosen with ``?kieli=`` is remembered (the language cookie, so the next
    page and the rest of the site follow it); the response says which language it is in and that it depends on the
    browser's languages and the cookie. Pages whose text comes from the UI catalogues (fi/sv/en only) are shown in
    the browser's UI language, or in English when the browser asks first for a respondent language without a UI
    translation (Russian, Estonian, Arabic, Somali) — never in Finnish to someone who asked for Arabic.

    ``@respondent_page(languages=[...])`` is for a page whose own catalogue speaks those languages (participatory
    budgeting's speaks all eight): the respondent language is chosen from them as on the survey pages
    (:func:`language_from`; without a choice, the UI language), the whole view runs in it (the page, the services'
    messages, numbers and amounts), and ``request.language_query`` (``?kieli=ar``, or empty when the page is in the
    UI language) keeps the choice on the page's links (``kq`` in :func:`respondent_render`). Survey pages, whose
    languages are the survey's own, choose with :func:`language_from` inside the view."""
    if view is None:
        return functools.partial(respondent_page, languages=languages)

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        chosen = _chosen(request)
        header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
        wanted = None
        if chosen in RESPONDENT_LANGUAGES:
            wanted = chosen
        elif browser_language(header, UI_LANGUAGES) is None:  # else Django's negotiation has found it already
            wanted = browser_language(header, RESPONDENT_LANGUAGES)
        if wanted and wanted not in UI_LANGUAGES:
            ui = ui_language_for(wanted)
            translation.activate(ui)
            request.LANGUAGE_CODE = ui
        if languages is None:
            response = view(request, *args, **kwargs)
        else:
            ui = translation.get_language() or "fi"
            lang, _supported = language_from(request, list(languages),
                                             default=ui if ui in RESPONDENT_LANGUAGES else "fi")
            request.language_query = "" if lang == ui else "?" + urlencode({"kieli": lang})
            with translation.override(lang):
                response = view(request, *args, **kwargs)
        asked = request.GET.get("kieli")
        if asked in RESPONDENT_LANGUAGES and asked == getattr(request, "respondent_language", None):
            response.set_cookie(settings.LANGUAGE_COOKIE_NAME, asked, max_age=settings.LANGUAGE_COOKIE_AGE,
                                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
                                secure=settings.LANGUAGE_COOKIE_SECURE, httponly=settings.LANGUAGE_COOKIE_HTTPONLY)
        language = getattr(request, "respondent_language", None) or translation.get_language()
        response.headers["Content-Language"] = language
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response

    return wrapper


def respondent_render(request, template: str, context: dict, languages, *, status: int = 200):
    """Render a page of ``@respondent_page(languages=...)``: the respondent frame (:func:`page_context`: language,
    direction, language menu, phrases) and ``kq``, the query that keeps the chosen language on the page's links."""
    lang = getattr(request, "respondent_language", None) or translation.get_language() or "fi"
    context = {**page_context(lang, list(languages)), **context, "kq": getattr(request, "language_query", "")}
    return render(request, template, context, status=status)


def page_context(language: str, languages: list[str]) -> dict:
    """Context every respondent page needs: language, direction, the language choices, phrases."""
    return {
        "lang": language,
        "dir": direction(language),
        "language_choices": [(code, RESPONDENT_LANGUAGES[code][0]) for code in languages if code in
                             RESPONDENT_LANGUAGES],
        "t": {key: phrase(key, language) for key in (
            "language", "change", "skip", "submit", "anonymous", "original", "unofficial", "errors_title",
            "invitation_code", "no_answer", "choose", "accessibility", "demo", "answer", "surveys_open",
            "thanks_title", "thanks_body", "already", "closed", "city")},
    }


ERROR_PHRASES = {"choice": "err_choice", "range": "err_range", "area": "err_area", "unknown": "err_unknown",
                 "too_long": "err_too_long", "required": "err_required", "empty": "err_empty",
                 "invitation": "err_invitation", "language": "err_language", "closed": "closed",
                 "submission_id": "err_empty", "rate": "err_rate"}


def error_message(code: str, params: dict, language: str) -> str:
    return phrase(ERROR_PHRASES.get(code, "err_choice"), language, **params)
