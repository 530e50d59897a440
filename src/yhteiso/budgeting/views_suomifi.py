"""Pages of the Suomi.fi identification for voting: start (a POST from the voting page), the callback registered at
Suomi.fi (one address for every round), and the service's public keys.

The flow's values (round, state, nonce, PKCE verifier) travel in a signed cookie limited to the callback's path, for
ten minutes, and used once: the callback deletes it whatever the outcome. It is ``SameSite=Lax`` because the browser
comes back from Suomi.fi in a cross-site navigation (a ``Strict`` cookie would not be sent). On success the
callback writes the usual voter cookie and shows a short page that continues to the ballot: that next step is a
same-site navigation, so the ``Strict`` voter cookie is sent with it."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from yhteiso.budgeting import services, suomifi
from yhteiso.budgeting import views as vote_views
from yhteiso.budgeting.identity import provider_for
from yhteiso.budgeting.models import Round

logger = logging.getLogger(__name__)

FLOW_COOKIE = "pb_suomifi_flow"
FLOW_SALT = "yhteiso.budgeting.suomifi.flow"
FLOW_AGE = 10 * 60


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


@vote_views.resident_page
@require_POST
def suomifi_start(request, slug):
    """Send the browser to Suomi.fi (a POST with the CSRF token, so no other site can start it for the person)."""
    rnd = get_object_or_404(Round, slug=slug)
    if not vote_views._uses_suomifi(rnd):
        raise Http404
    if not vote_views._is_open(rnd):
        return _vote_page(request, rnd, [], 400)
    flow = suomifi.new_flow(rnd.pk)
    flow["q"] = getattr(request, "language_query", "")
    try:
        url = suomifi.authorization_url(flow=flow, redirect_uri=_redirect_uri(request),
                                        language=(translation.get_language() or "fi")[:2])
    except suomifi.SuomifiUnavailableError as exc:
        return _unavailable(request, rnd, exc)
    response = HttpResponseRedirect(url)
    response.set_cookie(FLOW_COOKIE, signing.dumps(flow, salt=FLOW_SALT), max_age=FLOW_AGE, path=_flow_path(),
                        httponly=True, samesite="Lax", secure=settings.SESSION_COOKIE_SECURE)
    response["Cache-Control"] = "no-store"
    return response


@vote_views.resident_page
@require_GET
def suomifi_callback(request):
    """Finish the identification: check the flow, verify the response, attest, and let the voter to the ballot."""
    raw = request.COOKIES.get(FLOW_COOKIE, "")
    try:
        flow = signing.loads(raw, salt=FLOW_SALT, max_age=FLOW_AGE) if raw else None
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


def _finish(request, rnd: Round, flow: dict):
    try:
        claims = suomifi.identify(flow=flow, params=request.GET, redirect_uri=_redirect_uri(request))
    except suomifi.SuomifiUnavailableError as exc:
        return _unavailable(request, rnd, exc)
    except suomifi.SuomifiCancelledError:
        return _vote_page(request, rnd, [_("The identification was cancelled. You can start it again.")], 400)
    except suomifi.SuomifiRefusedError as exc:
        logger.warning("Suomi.fi identification refused: %s", exc)
        return _vote_page(request, rnd, [_("The identification could not be verified, so it was not accepted. "
                                           "Please start the identification again.")], 400)
    try:
        attestation = provider_for(rnd).attest(round=rnd, claims=claims)
        del claims  # the identity code goes no further than the voter token
        attestation = services.voter_identified(round=rnd, attestation=attestation)
    except ValidationError as exc:
        return _vote_page(request, rnd, vote_views._errors(exc), 400)
    response = vote_views._page(request, "budgeting/suomifi_identified.html", {
        "round": rnd, "changing": attestation.used,
        "ballot_url": reverse("budgeting:ballot", args=[rnd.slug]) + request.language_query})
    vote_views._write_cookie(response, rnd, "voter", {"t": attestation.token, "a": attestation.home_area_id,
                                                      "c": "", "v": attestation.used}, vote_views.VOTER_COOKIE_AGE)
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
