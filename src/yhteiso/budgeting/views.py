"""Pages of participatory budgeting: thin views over services and selectors.

The voter's way through the vote keeps nothing on the server: signing in gives the browser a short-lived signed
cookie (``VOTER_COOKIE_AGE``, limited to the round's voting pages), casting the vote deletes it and hands the
receipt code to the confirmation page once, in another short-lived cookie that the page deletes. No session row is
written for a voter, so a shared device or the session table keeps nothing that leads to a ballot.
"""

from __future__ import annotations

import datetime as dt
import functools

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import OperationalError
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from yhteiso.budgeting import selectors, selectors_setup, services, tasks
from yhteiso.budgeting.identity import Attestation
from yhteiso.budgeting.models import Phase, Round, VoterMethod
from yhteiso.core.inputs import whole_number
from yhteiso.core.languages import RESPONDENT_LANGUAGES
from yhteiso.core.permissions import staff_required
from yhteiso.respondents.pages import respondent_page, respondent_render

VOTER_COOKIE_AGE = 20 * 60  # seconds from signing in to casting the vote
DONE_COOKIE_AGE = 10 * 60  # the confirmation with the receipt code, shown once


def _errors(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [m for msgs in exc.message_dict.values() for m in msgs]
    return list(exc.messages)


def _is_busy(exc: OperationalError) -> bool:
    """The database stayed locked or busy (SQLite past its busy timeout, a PostgreSQL deadlock or lock timeout)."""
    text = str(exc).lower()
    return any(word in text for word in ("locked", "busy", "deadlock", "could not serialize", "lock timeout"))


# ------------------------------------------------------------------------------------ resident languages
RESIDENT_LANGUAGES = list(RESPONDENT_LANGUAGES)


#: a resident page of participatory budgeting in any of the eight respondent languages (the budgeting catalogue
#: holds them; a string it lacks falls back to Finnish): ``respondents.pages.respondent_page`` chooses the language
#: as on the survey pages and runs the whole view in it, so the page, the services' messages and the counters speak
#: it.
resident_page = respondent_page(languages=RESIDENT_LANGUAGES)
_resident = resident_page  # the earlier name, for views written against it


def _page(request, template: str, context: dict, status: int = 200):
    """Render a resident page: the respondent frame (language, direction, language menu, phrases) and ``kq``, the
    query that keeps the chosen language on the page's links."""
    return respondent_render(request, template, context, RESIDENT_LANGUAGES, status=status)


@functools.lru_cache(maxsize=512)
def _reversed(name: str, slug: str, script_prefix: str) -> str:
    return reverse(name, args=[slug])


def _round_path(name: str, rnd: Round) -> str:
    """The address of one of the round's pages (``budgeting:<name>``), worked out once per process and address
    prefix: a vote change names three of them (the redirect and the voter's two cookies)."""
    return _reversed(f"budgeting:{name}", rnd.slug, get_script_prefix())


def _redirect(request, name: str, rnd: Round):
    """A redirect to one of the round's pages, keeping the chosen language."""
    return HttpResponseRedirect(_round_path(name, rnd) + getattr(request, "language_query", ""))


def _friendly_when_busy(view):
    """A database still locked or busy after waiting its turn gives a friendly page (503, try again), never a 500;
    the step was one transaction, so nothing of it was stored."""

    @functools.wraps(view)
    def wrapper(request, slug, *args, **kwargs):
        try:
            return view(request, slug, *args, **kwargs)
        except OperationalError as exc:
            if not _is_busy(exc):
                raise
            response = _page(request, "budgeting/busy.html", {"round": Round.objects.filter(slug=slug).first()},
                             status=503)
            response["Retry-After"] = "5"
            return response

    return wrapper


# --------------------------------------------------------------------------------------- voter's cookies
def _cookie_name(rnd: Round, kind: str) -> str:
    return f"pb_{kind}_{rnd.pk}"


def _read_cookie(request, rnd: Round, kind: str, max_age: int) -> dict | None:
    raw = request.COOKIES.get(_cookie_name(rnd, kind))
    if not raw:
        return None
    try:
        return signing.loads(raw, salt=f"yhteiso.budgeting.{kind}.{rnd.pk}", max_age=max_age)
    except signing.BadSignature:
        return None


def _write_cookie(response, rnd: Round, kind: str, value: dict, max_age: int) -> None:
    response.set_cookie(_cookie_name(rnd, kind), signing.dumps(value, salt=f"yhteiso.budgeting.{kind}.{rnd.pk}"),
                        max_age=max_age, path=_round_path("vote", rnd), httponly=True,
                        samesite="Strict", secure=settings.SESSION_COOKIE_SECURE)


def _delete_cookie(response, rnd: Round, kind: str) -> None:
    response.delete_cookie(_cookie_name(rnd, kind), path=_round_path("vote", rnd),
                           samesite="Strict")


def _voter(request, rnd: Round) -> dict | None:
    """The signed-in voter: ``{"t": token, "a": home area, "c": code hash, "v": already voted}`` (``v``: identified
    again to change the vote) or, when changing a vote with the receipt code, ``{"r": receipt hash, "g": [the
    counted ballot's change tag] or null}``."""
    return _read_cookie(request, rnd, "voter", VOTER_COOKIE_AGE)


# ---------------------------------------------------------------------------------------------- public
@respondent_page
def index(request):
    return render(request, "budgeting/index.html", {"rounds": selectors.rounds_list(request.user)})


@resident_page
def round_detail(request, slug):
    rnd = get_object_or_404(Round, slug=slug)
    ctx = selectors.round_overview(rnd, request.user)
    ctx["phases"] = [(value, label, i <= rnd.phase_index) for i, (value, label) in enumerate(Phase.choices)]
    maps = selectors.pool_locators([block["pool"] for block in ctx["pools"]])
    for block in ctx["pools"]:
        block["map"] = maps.get(block["pool"].pk, "")
    ctx.update(timetable=selectors_setup.timetable(rnd), eligibility=selectors_setup.eligibility_text(rnd))
    return _page(request, "budgeting/round.html", ctx)


@resident_page
def proposal_detail(request, slug, code):
    rnd = get_object_or_404(Round, slug=slug)
    p = selectors.proposal_by_code(rnd, code)
    if p is None or not selectors.proposal_visible(p, request.user):
        raise Http404
    show = selectors.results_visible(rnd, request.user)
    return _page(request, "budgeting/proposal.html", {
        "round": rnd, "p": p, "fate": selectors.proposal_fate(p, show_results=show, symbol=selectors.currency(rnd)),
        "status_label": selectors.public_status_label(p, show_results=show),
        "show_results": show, "currency": selectors.currency(rnd),
        "locator": selectors.pool_locators([p.pool]).get(p.pool_id, ""),
        "merged_from": p.merged_from.all()})


PICTURE_TYPES = {"jpg": "image/jpeg", "png": "image/png"}


@require_GET
def proposal_picture(request, slug, code):
    """A proposal's picture (served by the app, so it works wherever the platform runs; stored re-encoded)."""
    rnd = get_object_or_404(Round, slug=slug)
    p = selectors.proposal_by_code(rnd, code)
    if p is None or not p.image or not selectors.proposal_visible(p, request.user):
        raise Http404
    try:
        handle = p.image.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=PICTURE_TYPES.get(p.image.name.rsplit(".", 1)[-1],
                                                                    "application/octet-stream"))
    response["Cache-Control"] = "public, max-age=86400"  # the address changes with the picture (?v=)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _vote_round(slug: str) -> Round:
    """The round a voter posts to, with only the fields the vote's checks read (``selectors.vote_round``)."""
    rnd = selectors.vote_round(slug)
    if rnd is None:
        raise Http404
    return rnd


def _is_open(rnd: Round) -> bool:
    return rnd.phase == Phase.VOTING and (rnd.voting_closes_at is None or rnd.voting_closes_at > timezone.now())


@resident_page
@_friendly_when_busy
@require_http_methods(["GET", "POST"])
def vote_start(request, slug):
    rnd = get_object_or_404(Round, slug=slug)
    if _voter(request, rnd) is not None:
        return _redirect(request, "ballot", rnd)
    errors = []
    if request.method == "POST":
        try:
            att = services.voter_sign_in(round=rnd, code=request.POST.get("code", ""))
        except ValidationError as exc:
            errors = _errors(exc)
        else:
            response = _redirect(request, "ballot", rnd)
            _write_cookie(response, rnd, "voter", {"t": att.token, "a": att.home_area_id, "c": att.code_hash,
                                                   "v": att.used}, VOTER_COOKIE_AGE)
            return response
    return _page(request, "budgeting/vote_start.html", {"round": rnd, "errors": errors, "is_open": _is_open(rnd),
                                                         "suomifi": _uses_suomifi(rnd)},
                 status=400 if errors else 200)


def _uses_suomifi(rnd: Round) -> bool:
    from yhteiso.budgeting.suomifi import SuomifiProvider, suomifi_enabled

    return rnd.identity_provider == SuomifiProvider.name and suomifi_enabled()


@resident_page
@_friendly_when_busy
@require_http_methods(["GET", "POST"])
def vote_change(request, slug):
    """Change a cast vote with the receipt code (works on any device, in a later visit)."""
    errors = []
    if request.method == "POST":
        rnd = _vote_round(slug)
        try:
            receipt_hash, counted = services.receipt_chain(round=rnd, receipt=request.POST.get("receipt", ""))
        except ValidationError as exc:
            errors = _errors(exc)
        else:
            response = _redirect(request, "ballot", rnd)
            # a counted ballot's change tag comes along (signed, like the receipt's hash, which names the same
            # ballot), so that the change need not read it again (``services.receipt_chain``)
            _write_cookie(response, rnd, "voter", {"r": receipt_hash, "g": counted}, VOTER_COOKIE_AGE)
            return response
    rnd = get_object_or_404(Round, slug=slug)
    return _page(request, "budgeting/vote_change.html", {"round": rnd, "errors": errors, "is_open": _is_open(rnd)},
                 status=400 if errors else 200)


@resident_page
@_friendly_when_busy
@require_http_methods(["GET", "POST"])
def ballot(request, slug):
    posted = request.method == "POST"
    rnd = _vote_round(slug) if posted else get_object_or_404(Round, slug=slug)
    voter = _voter(request, rnd)
    if voter is None:
        return _redirect(request, "vote", rnd)
    by_receipt = "r" in voter
    changing = by_receipt or bool(voter.get("v"))
    pools = selectors.vote_pools(rnd) if posted else selectors.round_pools(rnd)
    area_pools = {pk: p for pk, p in pools.items() if not p.is_citywide}
    raw_area = request.POST.get("area_pool") if request.method == "POST" else request.GET.get("area")
    area_pool = area_pools.get(whole_number(raw_area)) if raw_area else None
    if raw_area is None and voter.get("a"):
        area_pool = next((p for p in area_pools.values() if p.area_id == voter["a"]), None)
    if request.method == "POST":
        # a value that is no project number (too long, not digits) stays on the ballot as -1, which no project
        # has, so the refusal says the ballot names a project that is not on this round's ballot
        ids = [-1 if n is None else n for n in map(whole_number, (v for v in request.POST.getlist("project") if v))]
        basis = request.POST.get("basis", "")
        basis_area = whole_number(request.POST.get("basis_area", ""))
        declared = {"basis": basis, "basis_area_id": basis_area}
        try:
            receipt = None
            if by_receipt:
                services.ballot_change(round=rnd, receipt_hash=voter["r"], area_pool=area_pool, proposal_ids=ids,
                                       pools=pools, change_tag=voter.get("g"), **declared)
            else:
                attestation = Attestation(token=voter["t"], home_area_id=voter.get("a"), code_hash=voter.get("c", ""))
                if changing:
                    services.ballot_recast(round=rnd, attestation=attestation, area_pool=area_pool,
                                           proposal_ids=ids, **declared)
                else:
                    receipt = services.ballot_cast(round=rnd, attestation=attestation, area_pool=area_pool,
                                                   proposal_ids=ids, pools=pools, **declared)
        except ValidationError as exc:
            return _ballot_refused(request, rnd, errors=_errors(exc), changing=changing, area_pool=area_pool,
                                   ids=ids, basis=basis, basis_area=basis_area)
        response = _redirect(request, "ballot-done", rnd)
        _delete_cookie(response, rnd, "voter")  # the sign-in ends with the vote
        _write_cookie(response, rnd, "done", {"receipt": receipt, "chosen": ids, "changed": changing},
                      DONE_COOKIE_AGE)
        return response
    # a refused ballot's "back to the ballot" link brings the voter's choices along (``_ballot_refused``)
    chosen = {n for n in map(whole_number, request.GET.getlist("project")) if n is not None}
    basis = request.GET.get("basis", "")
    basis_area = whole_number(request.GET.get("basis_area", ""))
    ctx = selectors.ballot_page(rnd, area_pool=area_pool, chosen=chosen, basis=basis,
                                basis_area=basis_area or (area_pool.area_id if area_pool else voter.get("a")))
    ctx["has_voted"] = changing
    return _page(request, "budgeting/ballot.html", ctx)


def _ballot_refused(request, rnd: Round, *, errors: list[str], changing: bool, area_pool, ids: list[int],
                    basis: str, basis_area: int | None):
    """A refused ballot (over the budget, too many projects, a missing declaration ...): a small page (400) that
    says in the voter's language what is wrong, and a link back to the ballot with the same choices ticked, the
    same area and declaration (the ballot page reads them from the address), so the voter corrects them there.

    Rendering the whole ballot again cost about twice the CPU of an accepted change (issue 12's voting load)."""
    query = [("area", area_pool.pk if area_pool else "")] + [("project", pk) for pk in ids]
    if basis:
        query.append(("basis", basis))
    if basis_area is not None:
        query.append(("basis_area", basis_area))
    language = getattr(request, "language_query", "")
    if language:
        query.append(("kieli", language.removeprefix("?kieli=")))
    back = reverse("budgeting:ballot", args=[rnd.slug]) + "?" + urlencode(query)
    page_round = Round.objects.only("slug", "name_fi", "name_sv", "name_en", "is_demo", "is_imported", "is_test",
                                    "pb_meta").get(pk=rnd.pk)
    return _page(request, "budgeting/ballot_refused.html",
                 {"round": page_round, "errors": errors, "changing": changing, "back": back}, status=400)


@resident_page
@_friendly_when_busy
@require_GET
def ballot_done(request, slug):
    """The confirmation, shown once: the chosen projects and the receipt code; the cookie is deleted."""
    rnd = selectors.done_round(slug)
    if rnd is None:
        raise Http404
    done = _read_cookie(request, rnd, "done", DONE_COOKIE_AGE)
    if done is None:
        return _redirect(request, "round", rnd)
    proposals = selectors.chosen_proposals(rnd, done.get("chosen", []))
    response = _page(request, "budgeting/ballot_done.html", {
        "round": rnd, "proposals": proposals, "receipt": done.get("receipt"), "changed": done.get("changed"),
        "currency": selectors.currency(rnd)})
    _delete_cookie(response, rnd, "done")
    response["Cache-Control"] = "no-store"
    return response


@resident_page
@require_POST
def vote_sign_out(request, slug):
    rnd = get_object_or_404(Round, slug=slug)
    response = _redirect(request, "round", rnd)
    _delete_cookie(response, rnd, "voter")
    return response


@resident_page
def results(request, slug):
    rnd = get_object_or_404(Round, slug=slug)
    ctx = selectors.round_overview(rnd, request.user)
    if ctx["show_results"]:
        for block in ctx["pools"]:
            block["chart"] = selectors.results_chart(block)
    return _page(request, "budgeting/results.html", ctx)


def export_pb(request, slug, pool_id):
    rnd = get_object_or_404(Round, slug=slug)
    pool = get_object_or_404(rnd.pools, pk=pool_id)
    if not selectors.ballots_downloadable(rnd, request.user):
        raise Http404
    response = HttpResponse(selectors.export_pb(rnd, pool, request.user), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{rnd.slug}-{pool.pk}.pb"'
    return response


# ------------------------------------------------------------------------------------------------- staff
def _manage_page(request, rnd: Round, *, errors=(), codes=(), status=200):
    rnd.refresh_from_db()
    ctx = selectors.manage_page(rnd, request.user)
    ctx.update({"errors": list(errors), "codes": list(codes)})
    return render(request, "budgeting/manage.html", ctx, status=status)


def _staff_action(handler):
    """A staff POST: run ``handler(request, rnd)``; on success redirect to the manage page with its message, on a
    refused value show the page again with the reasons (400), nothing changed."""

    @staff_required
    @require_POST
    def view(request, slug):
        rnd = get_object_or_404(Round, slug=slug)
        try:
            message = handler(request, rnd)
        except ValidationError as exc:
            return _manage_page(request, rnd, errors=_errors(exc), status=400)
        except OperationalError as exc:
            if not _is_busy(exc):
                raise
            return _manage_page(request, rnd, errors=[_("The database is busy. Nothing was saved: try again.")],
                                status=503)
        if isinstance(message, list):  # new voting codes: shown once, on this response only
            return _manage_page(request, rnd, codes=message)
        messages.success(request, message)
        return redirect("budgeting:manage", slug=rnd.slug)

    view.__name__ = handler.__name__
    view.__doc__ = handler.__doc__
    return view


@staff_required
@require_http_methods(["GET", "POST"])
def manage(request, slug):
    """The staff page of a round. Each form posts to its own action; a POST here with the older ``action`` field is
    passed on (307 keeps the method and the form) so that an open page keeps working."""
    rnd = get_object_or_404(Round, slug=slug)
    if request.method == "POST":
        name = MANAGE_ACTIONS.get(request.POST.get("action", ""))
        if name is None:
            return _manage_page(request, rnd, errors=[_("Unknown action.")], status=400)
        return redirect(reverse(f"budgeting:{name}", args=[rnd.slug]), preserve_request=True)
    return _manage_page(request, rnd)


@_staff_action
def manage_phase(request, rnd: Round):
    services.round_set_phase(actor=request.user, round=rnd, phase=request.POST.get("phase", ""))
    return _("The phase was changed.")


@_staff_action
def manage_closes(request, rnd: Round):
    try:
        value = dt.datetime.fromisoformat(request.POST.get("voting_closes_at", ""))
    except ValueError:
        raise ValidationError({"voting_closes_at": _("Check the date and time.")}) from None
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    services.round_update(actor=request.user, round=rnd, voting_closes_at=value)
    return _("The closing time was saved.")


@_staff_action
def manage_assess(request, rnd: Round):
    p = selectors.round_proposal(rnd, request.POST.get("proposal", ""))
    if p is None:
        raise Http404
    cost = request.POST.get("cost", "").replace(" ", "").replace("\u00a0", "").replace("\u202f", "")
    if cost and whole_number(cost, max_digits=12) is None:
        raise ValidationError({"cost": _("Cost estimate of “%(title)s”: give a whole number of euros, e.g. "
                                         "25 000.") % {"title": p.title}})
    services.proposal_assess(actor=request.user, proposal=p, status=request.POST.get("status", ""),
                             cost=int(cost) if cost else None, reason=request.POST.get("reason", ""),
                             cost_basis=request.POST.get("cost_basis"))
    return _("The assessment of “%(title)s” was saved.") % {"title": p.title}


@_staff_action
def manage_card(request, rnd: Round):
    p = selectors.round_proposal(rnd, request.POST.get("proposal", ""))
    if p is None:
        raise Http404
    services.proposal_card_update(actor=request.user, proposal=p, picture=request.FILES.get("picture"),
                                  remove_picture=request.POST.get("remove_picture") == "1",
                                  **{f: request.POST.get(f, "") for f in services.CARD_FIELDS})
    return _("The card of “%(title)s” was saved.") % {"title": p.title}


@_staff_action
def manage_paper(request, rnd: Round):
    pool = selectors.area_pools(rnd).get(whole_number(request.POST.get("area_pool", "")))
    services.staff_vote_enter(
        actor=request.user, round=rnd, identifier=request.POST.get("identifier", ""),
        method=request.POST.get("method", VoterMethod.PAPER), area_pool=pool,
        proposal_ids=[n for n in map(whole_number, request.POST.getlist("project")) if n is not None])
    return _("The vote was entered into the roll.")


@_staff_action
def manage_codes(request, rnd: Round):
    count = request.POST.get("count", "")
    home = whole_number(request.POST.get("home_area", ""))
    pool = next((p for p in selectors.area_pools(rnd).values() if p.area_id == home), None)
    people = [line for line in request.POST.get("identity_codes", "").splitlines() if line.strip()]
    return services.voting_codes_issue(actor=request.user, round=rnd, count=whole_number(count) or 0,
                                       home_area=pool.area if pool else None, identity_codes=people or None)


@staff_required
@require_POST
def manage_compute(request, slug):
    """Count the votes as a background job; the job's page links back to the round when the count is done."""
    rnd = get_object_or_404(Round, slug=slug)
    job = tasks.round_count_enqueue(actor=request.user, round=rnd)
    return redirect(job.get_absolute_url())


@_staff_action
def manage_publish(request, rnd: Round):
    services.round_publish_results(actor=request.user, round=rnd)
    return _("The results were published.")


MANAGE_ACTIONS = {"phase": "manage-phase", "closes": "manage-closes", "assess": "manage-assess",
                  "paper": "manage-paper", "card": "manage-card", "codes": "manage-codes", "compute": "manage-compute",
                  "publish": "manage-publish"}


@staff_required
@require_http_methods(["GET", "POST"])
def import_pb(request):
    errors = []
    typed = {"slug": request.POST.get("slug", "").strip(), "name_fi": request.POST.get("name_fi", "").strip()}
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise ValidationError({"file": _("Choose a .pb file.")})
            rnd = services.round_import_pb(actor=request.user, text=upload.read(), **typed)
        except ValidationError as exc:
            errors = _errors(exc)
        else:
            messages.success(request, _("The file was imported."))
            return redirect("budgeting:manage", slug=rnd.slug)
    # A refused file keeps what was typed: only the file has to be chosen again.
    return render(request, "budgeting/import.html", {"errors": errors, **typed}, status=400 if errors else 200)
