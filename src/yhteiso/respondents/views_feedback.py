"""Pages of "what we heard, what we did": the public page of each survey, map survey or round (in its respondent
languages, chosen as on the survey pages), the list of published pages, the follow-up form's target, the
unsubscribe link, and the staff pages to write and publish (programme staff, audited, CSRF)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from yhteiso.core.languages import RESPONDENT_LANGUAGES
from yhteiso.core.permissions import is_programme_staff, staff_required
from yhteiso.respondents import feedback as feedback_service
from yhteiso.respondents import followup, ratelimit
from yhteiso.respondents.models import SubjectKind
from yhteiso.respondents.pages import language_from, page_context, respondent_page
from yhteiso.respondents.subjects import subject as find_subject
from yhteiso.respondents.texts_feedback import fphrase

PAGE_PHRASES = ("feedback_title", "heard", "did", "listened", "did_on", "results_link", "all_feedback",
                "follow_thanks_title", "follow_thanks_body", "off_title", "off_body", "off_button", "off_done",
                "off_invalid", "follow_title", "follow_body", "follow_email", "follow_submit")
ALL_LANGUAGES = list(RESPONDENT_LANGUAGES)


def _context(language: str, languages: list[str]) -> dict:
    ctx = page_context(language, languages)
    ctx["f"] = {key: fphrase(key, language) for key in PAGE_PHRASES}
    return ctx


def _subject_or_404(kind: str, pk: int):
    found = find_subject(kind, pk) if kind in SubjectKind.values else None
    if found is None:
        raise Http404
    return found


@respondent_page
@require_GET
def feedback_index(request):
    language, _ok = language_from(request, ALL_LANGUAGES)
    ctx = _context(language, ALL_LANGUAGES)
    ctx["pages"] = [{"subject": s, "title": s.title_in(language), "feedback": f}
                    for f, s in feedback_service.published_pages()]
    ctx["title"] = ctx["f"]["feedback_title"]
    return render(request, "respondents/feedback_index.html", ctx)


@respondent_page
@require_GET
def feedback_page(request, kind: str, pk: int):
    found = _subject_or_404(kind, pk)
    page = feedback_service.feedback_of(kind, pk)
    preview = page is not None and not page.is_published and is_programme_staff(request.user)
    if page is None or not (page.is_published or preview):
        raise Http404
    languages = found.languages or ["fi", "sv", "en"]
    extra = [code for code in (page.other_texts or {}) if code not in languages]
    languages = languages + extra
    language, _ok = language_from(request, languages)
    ctx = _context(language, languages)
    heard_lang, heard = page.text("heard", language)
    did_lang, did = page.text("did", language)
    ctx.update(subject=found, page=page, title=found.title_in(language), preview=preview, heard=heard,
               heard_lang=heard_lang, did=did, did_lang=did_lang)
    return render(request, "respondents/feedback.html", ctx)


@respondent_page
@require_POST
def follow_up(request):
    """The follow-up form: its own request and transaction, after the answer or ballot was committed."""
    language = request.POST.get("language", "fi")
    language = language if language in RESPONDENT_LANGUAGES else "fi"
    request.respondent_language = language
    ctx = _context(language, [language])
    parsed = followup.read_subject_token(request.POST.get("subject", ""))
    if parsed is None:
        return render(request, "respondents/follow_up_done.html", {**ctx, "invalid": True}, status=400)
    kind, pk = parsed
    ctx["title"] = ctx["f"]["follow_thanks_title"]
    if not ratelimit.allow(request, "follow-up"):
        ctx.update(error=fphrase("err_email", language), token=request.POST.get("subject"), lang=language)
        return render(request, "respondents/follow_up_done.html", {**ctx, "rate": True}, status=429)
    try:
        followup.follow_up_leave(kind=kind, subject_id=pk, email=request.POST.get("email", ""), language=language)
    except ValidationError as exc:
        ctx.update(error=exc.message_dict["email"][0], token=request.POST.get("subject"), lang=language,
                   email=request.POST.get("email", "")[:254], title=ctx["f"]["follow_title"])
        return render(request, "respondents/follow_up_done.html", ctx, status=400)
    response = render(request, "respondents/follow_up_done.html", {**ctx, "done": True})
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
def follow_up_off(request, token: str):
    """The unsubscribe link of the follow-up e-mail: GET asks, POST deletes every address of this person."""
    language = request.GET.get("kieli") or request.POST.get("language") or "fi"
    language = language if language in RESPONDENT_LANGUAGES else "fi"
    ctx = _context(language, [language])
    ctx["title"] = ctx["f"]["off_title"]
    hashed = followup.read_unsubscribe_token(token)
    if hashed is None:
        return render(request, "respondents/follow_up_off.html", {**ctx, "invalid": True}, status=400)
    if request.method == "POST":
        followup.follow_up_forget(hashed=hashed)
        return render(request, "respondents/follow_up_off.html", {**ctx, "done": True})
    return render(request, "respondents/follow_up_off.html", {**ctx, "token": token})


# ------------------------------------------------------------------------------------------------------ staff
@staff_required
@require_GET
def feedback_manage(request):
    language = translation.get_language() or "fi"
    rows = [{"subject": s, "title": s.title_in(language), "page": f, "kind": SubjectKind(s.kind).label}
            for s, f in feedback_service.staff_overview()]
    return render(request, "respondents/feedback_manage.html", {"rows": rows})


def _form_values(post) -> dict:
    values = {name: post.get(name, "") for name in feedback_service.TEXT_FIELDS + feedback_service.DATE_FIELDS}
    values["other_texts"] = {code: {"heard": post.get(f"heard_{code}", ""), "did": post.get(f"did_{code}", "")}
                             for code in feedback_service.OTHER_LANGUAGES}
    values["show_results"] = post.get("show_results") == "1"
    return values


def _values_of(page) -> dict:
    if page is None:
        return {"show_results": True, "other_texts": {}}
    values = {name: getattr(page, name) or "" for name in feedback_service.TEXT_FIELDS}
    values.update({name: getattr(page, name).isoformat() if getattr(page, name) else ""
                   for name in feedback_service.DATE_FIELDS})
    values["other_texts"] = page.other_texts or {}
    values["show_results"] = page.show_results
    return values


@staff_required
@require_http_methods(["GET", "POST"])
def feedback_edit(request, kind: str, pk: int):
    found = _subject_or_404(kind, pk)
    page = feedback_service.feedback_of(kind, pk)
    errors: list[str] = []
    values = _values_of(page)
    if request.method == "POST":
        values = _form_values(request.POST)
        try:
            feedback_service.feedback_save(actor=request.user, kind=kind, subject_id=pk, **values)
        except ValidationError as exc:
            errors = [m for msgs in exc.message_dict.values() for m in msgs] if hasattr(exc, "error_dict") \
                else list(exc.messages)
        else:
            messages.success(request, _("The page was saved."))
            return redirect("respondents:feedback-edit", kind=kind, pk=pk)
    others = [{"code": code, "name": RESPONDENT_LANGUAGES[code][0], "dir": RESPONDENT_LANGUAGES[code][1],
               "heard": values["other_texts"].get(code, {}).get("heard", ""),
               "did": values["other_texts"].get(code, {}).get("did", "")} for code in feedback_service.OTHER_LANGUAGES]
    return render(request, "respondents/feedback_edit.html", {
        "subject": found, "title": found.title_in(translation.get_language() or "fi"), "page": page, "v": values,
        "others": others, "errors": errors, "kind_label": SubjectKind(kind).label}, status=400 if errors else 200)


@staff_required
@require_POST
def feedback_publish(request, kind: str, pk: int):
    _subject_or_404(kind, pk)
    try:
        feedback_service.feedback_publish(actor=request.user, kind=kind, subject_id=pk)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The page was published. The participants who asked will get an e-mail."))
    return redirect("respondents:feedback-edit", kind=kind, pk=pk)
