"""Pages of participatory budgeting: thin views over services and selectors."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from yhteiso.budgeting import selectors, services
from yhteiso.budgeting.identity import Attestation
from yhteiso.budgeting.models import PHASE_ORDER, Phase, Pool, Proposal, ProposalStatus, Round, VoterMethod
from yhteiso.core.permissions import is_programme_staff, staff_required

SESSION_KEY = "pb_voter"


def _errors(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [m for msgs in exc.message_dict.values() for m in msgs]
    return list(exc.messages)


def index(request):
    return render(request, "budgeting/index.html", {"rounds": selectors.rounds_list()})


def round_detail(request, slug):
    rnd = get_object_or_404(Round, slug=slug)
    ctx = selectors.round_overview(rnd, request.user)
    ctx["phases"] = [(value, label, i <= rnd.phase_index) for i, (value, label) in enumerate(Phase.choices)]
    ctx["signed_in"] = _session_voter(request, rnd) is not None
    return render(request, "budgeting/round.html", ctx)


def proposal_detail(request, slug, code):
    rnd = get_object_or_404(Round, slug=slug)
    p = get_object_or_404(Proposal.objects.select_related("pool__area", "merged_into", "programme_project"),
                          round=rnd, code=code)
    show = selectors.results_visible(rnd, request.user)
    return render(request, "budgeting/proposal.html", {
        "round": rnd, "p": p, "fate": selectors.proposal_fate(p, show_results=show, symbol=selectors.currency(rnd)),
        "show_results": show, "currency": selectors.currency(rnd),
        "merged_from": p.merged_from.all()})


def _session_voter(request, rnd: Round) -> Attestation | None:
    data = request.session.get(SESSION_KEY, {}).get(str(rnd.pk))
    if not data:
        return None
    return Attestation(token=data["token"], home_area_id=data.get("home_area_id"))


@require_http_methods(["GET", "POST"])
def vote_start(request, slug):
    rnd = get_object_or_404(Round, slug=slug)
    if _session_voter(request, rnd) is not None:
        return redirect("budgeting:ballot", slug=rnd.slug)
    errors = []
    if request.method == "POST":
        try:
            att = services.voter_sign_in(round=rnd, code=request.POST.get("code", ""))
        except ValidationError as exc:
            errors = _errors(exc)
        else:
            request.session.cycle_key()
            store = request.session.get(SESSION_KEY, {})
            store[str(rnd.pk)] = {"token": att.token, "home_area_id": att.home_area_id}
            request.session[SESSION_KEY] = store
            return redirect("budgeting:ballot", slug=rnd.slug)
    is_open = rnd.phase == Phase.VOTING and (rnd.voting_closes_at is None or rnd.voting_closes_at > timezone.now())
    return render(request, "budgeting/vote_start.html", {"round": rnd, "errors": errors, "is_open": is_open},
                  status=400 if errors else 200)


def _ballot_context(rnd: Round, *, area_pool: Pool | None, chosen: set[int], errors=None) -> dict:
    pools = list(rnd.pools.select_related("area").order_by("area__code", "id"))
    city = next((p for p in pools if p.is_citywide), None)
    areas = [p for p in pools if not p.is_citywide]
    sections = []
    for pool in [city, area_pool]:
        if pool is None:
            continue
        props = list(rnd.proposals.filter(pool=pool, status=ProposalStatus.FEASIBLE).order_by("code"))
        chosen_here = [p for p in props if p.pk in chosen]
        sections.append({"pool": pool, "proposals": props,
                         "chosen_count": len(chosen_here),
                         "left": pool.budget - sum(p.cost for p in chosen_here)})
    return {"round": rnd, "sections": sections, "areas": areas, "area_pool": area_pool, "chosen": chosen,
            "errors": errors or [], "rules": selectors.rules_summary(rnd), "knapsack": rnd.ballot_type == "knapsack"}


@require_http_methods(["GET", "POST"])
def ballot(request, slug):
    rnd = get_object_or_404(Round, slug=slug)
    voter = _session_voter(request, rnd)
    if voter is None:
        return redirect("budgeting:vote", slug=rnd.slug)
    existing = selectors.ballot_for_token(rnd, voter.token)
    area_pools = {p.pk: p for p in rnd.pools.filter(area__isnull=False).select_related("area")}
    raw_area = request.POST.get("area_pool") if request.method == "POST" else request.GET.get("area")
    area_pool = None
    if raw_area and raw_area.isdigit() and int(raw_area) in area_pools:
        area_pool = area_pools[int(raw_area)]
    elif raw_area is None:
        if existing is not None and existing.area_pool_id in area_pools:
            area_pool = area_pools[existing.area_pool_id]
        elif voter.home_area_id:
            area_pool = next((p for p in area_pools.values() if p.area_id == voter.home_area_id), None)
    if request.method == "POST":
        ids = [int(v) for v in request.POST.getlist("project") if v.isdigit()]
        try:
            services.ballot_cast(round=rnd, attestation=voter, area_pool=area_pool, proposal_ids=ids)
        except ValidationError as exc:
            ctx = _ballot_context(rnd, area_pool=area_pool, chosen=set(ids), errors=_errors(exc))
            return render(request, "budgeting/ballot.html", ctx, status=400)
        messages.success(request, _("Your vote has been recorded. You can change it until the voting closes."))
        return redirect("budgeting:ballot-done", slug=rnd.slug)
    chosen = selectors.ballot_choice_ids(existing)
    ctx = _ballot_context(rnd, area_pool=area_pool, chosen=chosen)
    ctx["has_voted"] = existing is not None
    return render(request, "budgeting/ballot.html", ctx)


def ballot_done(request, slug):
    rnd = get_object_or_404(Round, slug=slug)
    voter = _session_voter(request, rnd)
    if voter is None:
        return redirect("budgeting:vote", slug=rnd.slug)
    existing = selectors.ballot_for_token(rnd, voter.token)
    chosen = selectors.ballot_choice_ids(existing)
    proposals = rnd.proposals.filter(pk__in=chosen).select_related("pool__area").order_by("pool", "code")
    return render(request, "budgeting/ballot_done.html", {"round": rnd, "proposals": proposals})


@require_POST
def vote_sign_out(request, slug):
    rnd = get_object_or_404(Round, slug=slug)
    store = request.session.get(SESSION_KEY, {})
    store.pop(str(rnd.pk), None)
    request.session[SESSION_KEY] = store
    return redirect("budgeting:round", slug=rnd.slug)


def results(request, slug):
    rnd = get_object_or_404(Round, slug=slug)
    ctx = selectors.round_overview(rnd, request.user)
    return render(request, "budgeting/results.html", ctx)


def export_pb(request, slug, pool_id):
    rnd = get_object_or_404(Round, slug=slug)
    pool = get_object_or_404(Pool, round=rnd, pk=pool_id)
    if not (rnd.results_published_at or is_programme_staff(request.user)):
        raise Http404
    response = HttpResponse(selectors.export_pb(rnd, pool), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{rnd.slug}-{pool.pk}.pb"'
    return response


# ------------------------------------------------------------------------------------------------- staff
@staff_required
@require_http_methods(["GET", "POST"])
def manage(request, slug):
    rnd = get_object_or_404(Round, slug=slug)
    errors: list[str] = []
    codes: list[str] = []
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "phase":
                services.round_set_phase(actor=request.user, round=rnd, phase=request.POST.get("phase", ""))
                messages.success(request, _("The phase was changed."))
            elif action == "closes":
                value = dt.datetime.fromisoformat(request.POST.get("voting_closes_at", ""))
                if timezone.is_naive(value):
                    value = timezone.make_aware(value)
                services.round_update(actor=request.user, round=rnd, voting_closes_at=value)
                messages.success(request, _("The closing time was saved."))
            elif action == "assess":
                p = get_object_or_404(Proposal, round=rnd, pk=request.POST.get("proposal"))
                cost = request.POST.get("cost", "").replace(" ", "")
                services.proposal_assess(actor=request.user, proposal=p, status=request.POST.get("status", ""),
                                         cost=int(cost) if cost.isdigit() else None,
                                         reason=request.POST.get("reason", ""))
                messages.success(request, _("The assessment of “%(title)s” was saved.") % {"title": p.title})
            elif action == "paper":
                pool_id = request.POST.get("area_pool", "")
                pool = rnd.pools.filter(pk=pool_id, area__isnull=False).first() if pool_id.isdigit() else None
                services.staff_vote_enter(
                    actor=request.user, round=rnd, identifier=request.POST.get("identifier", ""),
                    method=request.POST.get("method", VoterMethod.PAPER), area_pool=pool,
                    proposal_ids=[int(v) for v in request.POST.getlist("project") if v.isdigit()])
                messages.success(request, _("The vote was entered into the roll."))
            elif action == "codes":
                count = request.POST.get("count", "")
                home = request.POST.get("home_area", "")
                pool = rnd.pools.filter(area_id=home).select_related("area").first() if home.isdigit() else None
                codes = services.voting_codes_issue(actor=request.user, round=rnd,
                                                    count=int(count) if count.isdigit() else 0,
                                                    home_area=pool.area if pool else None)
            elif action == "compute":
                services.round_compute_results(actor=request.user, round=rnd)
                messages.success(request, _("The results were computed. Check them, then publish."))
            elif action == "publish":
                services.round_publish_results(actor=request.user, round=rnd)
                messages.success(request, _("The results were published."))
            else:
                errors.append(_("Unknown action."))
        except (ValidationError, ValueError) as exc:
            errors = _errors(exc) if isinstance(exc, ValidationError) else [_("Check the date and time.")]
        if not errors and not codes:
            return redirect("budgeting:manage", slug=rnd.slug)
        rnd.refresh_from_db()
    later = [(v, label) for v, label in Phase.choices if PHASE_ORDER.index(v) > rnd.phase_index]
    ctx = selectors.round_overview(rnd, request.user)
    ctx.update({"errors": errors, "codes": codes, "later_phases": later,
                "statuses": [(v, label) for v, label in ProposalStatus.choices
                             if v not in (ProposalStatus.FUNDED, ProposalStatus.NOT_FUNDED, ProposalStatus.MERGED)],
                "areas": rnd.pools.filter(area__isnull=False).select_related("area"),
                "ballot_proposals": rnd.proposals.filter(status=ProposalStatus.FEASIBLE).select_related("pool__area")
                .order_by("pool", "code")})
    return render(request, "budgeting/manage.html", ctx, status=400 if errors else 200)


@staff_required
@require_http_methods(["GET", "POST"])
def import_pb(request):
    errors = []
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise ValidationError({"file": _("Choose a .pb file.")})
            rnd = services.round_import_pb(actor=request.user, text=upload.read(),
                                           slug=request.POST.get("slug", "").strip(),
                                           name_fi=request.POST.get("name_fi", "").strip())
        except ValidationError as exc:
            errors = _errors(exc)
        else:
            messages.success(request, _("The file was imported."))
            return redirect("budgeting:manage", slug=rnd.slug)
    return render(request, "budgeting/import.html", {"errors": errors}, status=400 if errors else 200)
