"""Pages of the Suomi.fi identification for voting: start (a POST from the voting page), the callback registered at
Suomi.fi (one address for every round), and the service's public keys.

The flow's values (round, state, nonce, PKCE verifier) travel in a signed cookie limited to the callback's path, for
ten minutes, and used once: the callback deletes it whatever the outcome. It is ``SameSite=Lax`` because the browser
comes back from Suomi.fi in a cross-site navigation (a ``Strict`` cookie would not be sent). On success the
callback writes the usual voter cookie and shows a short page that continues to the ballot: that next step is a
same-site navigation, so the ``Strict`` voter cookie is sent with it.

The same flow identifies a resident who supports or comments on an idea in a Suomi.fi round (``purpose`` in the flow
cookie: ``vote``, ``support`` or ``comment``; a comment's text and chosen name travel in the signed cookie, checked
before the person is sent to Suomi.fi and again when it is stored). Right after the callback has what it needs (the
voter cookie, the support counted or the comment stored) it ends the person's Suomi.fi session too (single logout,
OpenID Connect RP-Initiated Logout): the browser goes to Suomi.fi's ``end_session_endpoint`` with the ID token as
``id_token_hint`` and a fresh ``state``, and comes back to ``suomifi/ulos/``, which checks that ``state`` against a
second short-lived cookie before continuing (to the ballot, or back to the idea). The ID token is not kept anywhere:
it goes into that one redirect only."""

from __future__ import annotations

import hmac
import json
import logging
import secrets

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from yhteiso.budgeting import forms_ideas, selectors_ideas, services, services_ideas, suomifi, views_ideas
from yhteiso.budgeting import views as vote_views
from yhteiso.budgeting.identity import provider_for
from yhteiso.budgeting.models import Round
from yhteiso.budgeting.models_ideas import Idea

logger = logging.getLogger(__name__)

FLOW_COOKIE = "pb_suomifi_flow"
FLOW_SALT = "yhteiso.budgeting.suomifi.flow"
FLOW_AGE = 10 * 60
LOGOUT_COOKIE = "pb_suomifi_logout"
LOGOUT_SALT = "yhteiso.budgeting.suomifi.logout"
IDEA_PURPOSES = ("support", "comment")


class _FlowSerializer:
    """JSON in UTF-8 (not ``\\uXXXX`` escapes), so that a comment of 1 000 characters in Arabic, compressed, still
    fits in the flow cookie."""

    def dumps(self, obj) -> bytes:
        return json.dumps(obj, separators=(",", ":"), ensure_ascii=False).encode()

    def loads(self, data: bytes):
        return json.loads(data.decode())


def _flow_path() -> str:
    return reverse("budgeting:suomifi-callback").rsplit("paluu/", 1)[0]


def _redirect_uri(request) -> str:
    return request.build_absolute_uri(reverse("budgeting:suomifi-callback"))


def _vote_page(request, rnd: Round, errors: list[str], status: int):
    return vote_views._page(request, "budgeting/vote_start.html", {
        "round": rnd, "errors": errors, "is_open": vote_views._is_open(rnd), "suomifi": vote_views._uses_suomifi(rnd)},
        status=status)


def _unavailable(request, rnd: Round, exc: Exception):
    logger.warning("Suomi.fi identification unavailable: %s", exc)
    return _vote_page(request, rnd, [_("Identification with Suomi.fi is not available right now. Please try again "
                                       "in a moment.")], 503)


def start(request, rnd: Round, *, purpose: str = "vote", **extra):
    """Send the browser to Suomi.fi for ``purpose`` (the flow cookie remembers it with ``extra``: the idea, a
    comment's text and chosen name). Raises ``SuomifiUnavailableError`` when Suomi.fi cannot be reached."""
    flow = suomifi.new_flow(rnd.pk)
    flow.update(extra, p=purpose, q=getattr(request, "language_query", ""))
    url = suomifi.authorization_url(flow=flow, redirect_uri=_redirect_uri(request),
                                    language=(translation.get_language() or "fi")[:2])
    response = HttpResponseRedirect(url)
    value = signing.dumps(flow, salt=FLOW_SALT, compress=True, serializer=_FlowSerializer)
    response.set_cookie(FLOW_COOKIE, value, max_age=FLOW_AGE, path=_flow_path(), httponly=True, samesite="Lax",
                        secure=settings.SESSION_COOKIE_SECURE)
    response["Cache-Control"] = "no-store"
    return response


@vote_views.resident_page
@require_POST
def suomifi_start(request, slug):
    """Send the browser to Suomi.fi (a POST with the CSRF token, so no other site can start it for the person)."""
    rnd = get_object_or_404(Round, slug=slug)
    if not vote_views._uses_suomifi(rnd):
        raise Http404
    if not vote_views._is_open(rnd):
        return _vote_page(request, rnd, [], 400)
    try:
        return start(request, rnd)
    except suomifi.SuomifiUnavailableError as exc:
        return _unavailable(request, rnd, exc)


@vote_views.resident_page
@require_GET
def suomifi_callback(request):
    """Finish the identification: check the flow, verify the response, attest, and let the voter to the ballot."""
    raw = request.COOKIES.get(FLOW_COOKIE, "")
    try:
        flow = signing.loads(raw, salt=FLOW_SALT, max_age=FLOW_AGE, serializer=_FlowSerializer) if raw else None
    except signing.BadSignature:
        flow = None
    rnd = Round.objects.filter(pk=flow.get("r")).first() if isinstance(flow, dict) else None
    if rnd is None or not vote_views._uses_suomifi(rnd):
        response = vote_views._page(request, "budgeting/suomifi_expired.html", {}, status=400)
    else:
        request.language_query = flow.get("q", "") or getattr(request, "language_query", "")
        response = _finish(request, rnd, flow)
    response.delete_cookie(FLOW_COOKIE, path=_flow_path(), samesite="Lax")  # used once, whatever the outcome
    response["Cache-Control"] = "no-store"
    return response


def _idea_of(rnd: Round, flow: dict) -> Idea | None:
    if flow.get("p") not in IDEA_PURPOSES or not isinstance(flow.get("i"), int):
        return None
    return selectors_ideas.idea_public(rnd, flow["i"])  # a published idea only: never show a hidden one


def _refusal(request, rnd: Round, flow: dict, errors: list[str] | dict, status: int):
    """A refused or failed identification: the page it was started from, with the message."""
    idea = _idea_of(rnd, flow)
    if idea is None:
        return _vote_page(request, rnd, errors if isinstance(errors, list) else list(errors.values()), status)
    if isinstance(errors, list):
        errors = {"__all__": " ".join(errors)}
    values = {"body": flow.get("b", ""), "comment_name": flow.get("d", "")}
    return views_ideas._detail(request, rnd, idea, errors=errors, values=values, status=status)


def _finish(request, rnd: Round, flow: dict):
    purpose = flow.get("p", "vote")
    try:
        claims, id_token = suomifi.identify_with_token(flow=flow, params=request.GET,
                                                       redirect_uri=_redirect_uri(request))
    except suomifi.SuomifiUnavailableError as exc:
        logger.warning("Suomi.fi identification unavailable: %s", exc)
        return _refusal(request, rnd, flow, [_("Identification with Suomi.fi is not available right now. Please try "
                                               "again in a moment.")], 503)
    except suomifi.SuomifiCancelledError:
        return _refusal(request, rnd, flow, [_("The identification was cancelled. You can start it again.")], 400)
    except suomifi.SuomifiRefusedError as exc:
        logger.warning("Suomi.fi identification refused: %s", exc)
        return _refusal(request, rnd, flow, [_("The identification could not be verified, so it was not accepted. "
                                               "Please start the identification again.")], 400)
    try:
        attestation = provider_for(rnd).attest(round=rnd, claims=claims)
        del claims  # the identity code goes no further than the voter token
        if purpose in IDEA_PURPOSES:
            idea = _idea_of(rnd, flow)
            if idea is None:  # hidden or removed meanwhile
                return vote_views._page(request, "budgeting/suomifi_expired.html", {}, status=400)
            if purpose == "support":
                done = "supported" if services_ideas.idea_support_identified(idea=idea, attestation=attestation) \
                    else "already"
            else:
                services_ideas.idea_comment_add(idea=idea, body=flow.get("b", ""), display_name=flow.get("d", ""),
                                                language=flow.get("l", ""), identified=True)
                done = "commented"
            after: dict[str, object] = {"u": views_ideas._url(request, "idea", rnd.slug, idea.pk, ok=done) + f"#{done}"}
        else:
            attestation = services.voter_identified(round=rnd, attestation=attestation)
            after = {"r": rnd.pk, "c": attestation.used}
    except ValidationError as exc:
        return _refusal(request, rnd, flow, vote_views._errors(exc) if purpose not in IDEA_PURPOSES
                        else forms_ideas.flat_errors(exc), 400)
    response = _logout_or_continue(request, rnd, after, id_token)
    if purpose not in IDEA_PURPOSES:
        vote_views._write_cookie(response, rnd, "voter", {"t": attestation.token, "a": attestation.home_area_id,
                                                          "c": "", "v": attestation.used},
                                 vote_views.VOTER_COOKIE_AGE)
    return response


def _continue(request, after: dict):
    """Where the person goes once identified (and signed out of Suomi.fi): the ballot page's way in, or the idea."""
    if "u" in after:
        return HttpResponseRedirect(after["u"])
    rnd = get_object_or_404(Round, pk=after.get("r"))
    return vote_views._page(request, "budgeting/suomifi_identified.html", {
        "round": rnd, "changing": bool(after.get("c")),
        "ballot_url": reverse("budgeting:ballot", args=[rnd.slug]) + request.language_query})


def _logout_or_continue(request, rnd: Round, after: dict, id_token: str):
    """End the person's Suomi.fi session (RP-initiated logout) when Suomi.fi offers it, then continue; without an
    ``end_session_endpoint`` continue at once."""
    state = secrets.token_urlsafe(32)
    url = suomifi.logout_url(id_token=id_token, post_logout_redirect_uri=request.build_absolute_uri(
        reverse("budgeting:suomifi-logged-out")), state=state, language=(translation.get_language() or "fi")[:2])
    if url is None:
        return _continue(request, after)
    response = HttpResponseRedirect(url)
    response.set_cookie(LOGOUT_COOKIE, signing.dumps({**after, "s": state, "q": request.language_query},
                                                     salt=LOGOUT_SALT), max_age=FLOW_AGE, path=_flow_path(),
                        httponly=True, samesite="Lax", secure=settings.SESSION_COOKIE_SECURE)
    return response


@vote_views.resident_page
@require_GET
def suomifi_logged_out(request):
    """Back from Suomi.fi's logout: the ``state`` must be the one this browser was sent with; then continue."""
    raw = request.COOKIES.get(LOGOUT_COOKIE, "")
    try:
        after = signing.loads(raw, salt=LOGOUT_SALT, max_age=FLOW_AGE) if raw else None
    except signing.BadSignature:
        after = None
    state = request.GET.get("state") or ""
    if not isinstance(after, dict) or not state or not hmac.compare_digest(state.encode(),
                                                                           str(after.get("s", "")).encode()):
        response = vote_views._page(request, "budgeting/suomifi_logged_out.html", {}, status=400)
    else:
        request.language_query = after.get("q", "") or getattr(request, "language_query", "")
        response = _continue(request, after)
    response.delete_cookie(LOGOUT_COOKIE, path=_flow_path(), samesite="Lax")
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def suomifi_keys(request):
    """The service's public keys (JWKS), for the address given in the service's Suomi.fi registration."""
    if not suomifi.suomifi_enabled():
        raise Http404
    try:
        return JsonResponse(suomifi.public_jwks())
    except suomifi.SuomifiUnavailableError as exc:
        logger.error("%s", exc)
        raise Http404 from None
