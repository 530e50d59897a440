"""What every respondent page needs: the respondent language asked for (negotiation against the languages a
survey offers), its direction, the language menu, the phrases, and error messages in the respondent's language."""

from __future__ import annotations

from yhteiso.core.languages import RESPONDENT_LANGUAGES, direction
from yhteiso.respondents.texts import phrase


def language_from(request, languages: list[str], default: str = "fi") -> tuple[str, bool]:
    """The respondent language asked for (``?kieli=`` or the form's ``language``); (code, supported)."""
    code = request.POST.get("language") or request.GET.get("kieli") or default
    return (code, True) if code in languages else (default, False)


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
            "thanks_title", "thanks_body", "already", "closed")},
    }


ERROR_PHRASES = {"choice": "err_choice", "range": "err_range", "area": "err_area", "unknown": "err_unknown",
                 "too_long": "err_too_long", "required": "err_required", "empty": "err_empty",
                 "invitation": "err_invitation", "language": "err_language", "closed": "closed",
                 "submission_id": "err_empty", "rate": "err_rate"}


def error_message(code: str, params: dict, language: str) -> str:
    return phrase(ERROR_PHRASES.get(code, "err_choice"), language, **params)
