"""Pages of residents' ideas (issue 15 item 2): the round's idea cards, submitting an idea, an idea's page with
its path, supporting, commenting and following it, and the staff's moderation list. Thin views over
``services_ideas`` and ``selectors_ideas``; the resident pages speak any respondent language (``resident_page``, as the
ballot pages do) and work without JavaScript. Posts are rate-limited per client (``respondents.ratelimit``)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from yhteiso.budgeting import forms_ideas, selectors_ideas, services_ideas, suomifi, views_suomifi
from yhteiso.budgeting.models import Phase, Round
from yhteiso.budgeting.models_ideas import Idea, IdeaComment, IdeaFollower
from yhteiso.budgeting.selectors import results_visible
from yhteiso.budgeting.views import PICTURE_TYPES, _friendly_when_busy, _page, _uses_suomifi, resident_page
from yhteiso.core.inputs import whole_number
from yhteiso.core.permissions import staff_required
from yhteiso.respondents import ratelimit

IDEAS_PER_PAGE = 24
DONE_MESSAGES = ("supported", "already", "commented", "following")


def _url(request, name: str, *args, **params) -> str:
    """An address of the ideas' pages keeping the chosen language (and ``params``)."""
    query = dict(params)
    lang_query = getattr(request, "language_query", "")
    if lang_query:
        query["kieli"] = lang_query.split("=", 1)[1]
    return reverse(f"budgeting:{name}", args=args) + ("?" + urlencode(query) if query else "")


def _too_many(request, scope: str) -> bool:
    return not ratelimit.allow(request, scope)


RATE_MESSAGE = gettext_noop("Too many submissions from this connection. Wait a few minutes and try again.")


# ---------------------------------------------------------------------------------------------- residents
@resident_page
@require_GET
def ideas_list(request, slug):
    rnd = get_object_or_404(Round, slug=slug)
    page = Paginator(selectors_ideas.ideas_public(rnd), IDEAS_PER_PAGE).get_page(request.GET.get("sivu"))
    return _page(request, "budgeting/ideas/list.html", {
        "round": rnd, "page": page, "ideas": page.object_list, "can_submit": rnd.phase == Phase.IDEAS,
        "can_support": selectors_ideas.can_support(rnd)})


@resident_page
@_friendly_when_busy
@require_http_methods(["GET", "POST"])
def idea_new(request, slug):
    rnd = get_object_or_404(Round, slug=slug)
    errors: dict[str, str] = {}
    values: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        values = forms_ideas.posted(request.POST, forms_ideas.IDEA_FIELDS)
        if _too_many(request, "pb-idea"):
            errors, status = {"__all__": _(RATE_MESSAGE)}, 429
        else:
            try:
                services_ideas.idea_submit(
                    round=rnd, language=request.respondent_language, title=values["title"],
                    description=values["description"], category=values["category"],
                    target_group=values["target_group"], area=selectors_ideas.district_by_id(values["area"]),
                    lon=values["lon"], lat=values["lat"], picture=request.FILES.get("image"),
                    image_alt=values["image_alt"], display_name=values["display_name"])
            except ValidationError as exc:
                errors, status = forms_ideas.flat_errors(exc), 400
            else:
                return redirect(_url(request, "idea-thanks", rnd.slug))
    ctx = forms_ideas.idea_form_context(values)
    ctx.update({"round": rnd, "is_open": rnd.phase == Phase.IDEAS, "errors": errors,
                "error_summary": forms_ideas.error_summary(errors),
                "map_available": selectors_ideas.map_available()})
    if ctx["map_available"]:
        ctx.update({"districts_geojson": selectors_ideas.districts_geojson(),
                    "districts_svg": selectors_ideas.districts_svg(), "tile_url": settings.YHTEISO_TILE_URL,
                    "tile_attribution": settings.YHTEISO_TILE_ATTRIBUTION})
    return _page(request, "budgeting/ideas/new.html", ctx, status=status)


@resident_page
@require_GET
def idea_thanks(request, slug):
    rnd = get_object_or_404(Round, slug=slug)
    return _page(request, "budgeting/ideas/thanks.html", {"round": rnd})


def _detail(request, rnd: Round, idea: Idea, *, errors=None, values=None, status=200):
    show = results_visible(rnd, request.user)
    done = request.GET.get("ok", "")
    errors = errors or {}
    suomifi_round = _uses_suomifi(rnd)
    if suomifi_round:  # no code field to point at: a refusal of the identification is about the whole form
        errors = {("__all__" if field in ("code", "identifier") else field): message
                  for field, message in errors.items()}
    return _page(request, "budgeting/ideas/detail.html", {
        "round": rnd, "idea": idea, "path": selectors_ideas.idea_path(idea, show_results=show),
        "status_text": selectors_ideas.idea_status_text(idea, show_results=show),
        "comments": selectors_ideas.comments_public(idea), "can_support": selectors_ideas.can_support(rnd),
        "locator": selectors_ideas.idea_locator(idea), "errors": errors,
        "error_summary": forms_ideas.error_summary(errors), "values": values or {},
        "done": done if done in DONE_MESSAGES else "", "limits": {"comment": 1000, "name": 60},
        "suomifi": suomifi_round}, status=status)


def _public_idea(rnd: Round, pk) -> Idea:
    idea = selectors_ideas.idea_public(rnd, pk)
    if idea is None:
        raise Http404
    return idea


@resident_page
@require_GET
def idea_detail(request, slug, pk):
    rnd = get_object_or_404(Round, slug=slug)
    return _detail(request, rnd, _public_idea(rnd, pk))


def _idea_post(scope: str, fields: tuple[str, ...], action, identify=None):
    """A resident's post on an idea's page: rate-limited; on success back to the page with ``?ok=…``, on a
    refusal the page again with the message next to the field (400), nothing stored. In a round whose residents
    identify with Suomi.fi, ``identify`` checks the post and sends the browser to Suomi.fi instead; the callback
    (``views_suomifi``) finishes the action."""

    @resident_page
    @_friendly_when_busy
    @require_POST
    def view(request, slug, pk):
        rnd = get_object_or_404(Round, slug=slug)
        idea = _public_idea(rnd, pk)
        values = forms_ideas.posted(request.POST, fields)
        if _too_many(request, scope):
            return _detail(request, rnd, idea, errors={"__all__": _(RATE_MESSAGE)}, values=values, status=429)
        try:
            if identify is not None and _uses_suomifi(rnd):
                try:
                    return identify(request, idea, values)
                except suomifi.SuomifiUnavailableError:
                    return _detail(request, rnd, idea, values=values, status=503, errors={"__all__": _(
                        "Identification with Suomi.fi is not available right now. Please try again in a moment.")})
            done = action(request, idea, values)
        except ValidationError as exc:
            return _detail(request, rnd, idea, errors=forms_ideas.flat_errors(exc), values=values, status=400)
        return redirect(_url(request, "idea", rnd.slug, idea.pk, ok=done) + f"#{done}")

    view.__name__ = action.__name__
    return view


def _support(request, idea: Idea, values: dict) -> str:
    return "supported" if services_ideas.idea_support(idea=idea, code=values["code"]) else "already"


def _comment(request, idea: Idea, values: dict) -> str:
    services_ideas.idea_comment_add(idea=idea, body=values["body"], display_name=values["comment_name"],
                                    language=request.respondent_language)
    return "commented"


def _follow(request, idea: Idea, values: dict) -> str:
    services_ideas.idea_follow(idea=idea, email=values["email"], language=request.respondent_language)
    return "following"


def _support_suomifi(request, idea: Idea, values: dict):
    rnd = services_ideas.idea_support_check(idea=idea)
    return views_suomifi.start(request, rnd, purpose="support", i=idea.pk)


def _comment_suomifi(request, idea: Idea, values: dict):
    """The comment is checked now and travels in the signed flow cookie to the callback, which stores it once
    the person is identified (under the name they chose here, never one from the identification)."""
    body, name = services_ideas.idea_comment_check(idea=idea, body=values["body"], display_name=values["comment_name"])
    return views_suomifi.start(request, idea.round, purpose="comment", i=idea.pk, b=body, d=name,
                               l=request.respondent_language)


idea_support = _idea_post("pb-idea-support", ("code",), _support, _support_suomifi)
idea_comment = _idea_post("pb-idea-comment", ("body", "comment_name"), _comment, _comment_suomifi)
idea_follow = _idea_post("pb-idea-follow", ("email",), _follow)


@resident_page
@require_http_methods(["GET", "POST"])
def idea_unfollow(request, slug, token):
    """The link in every message: a button (a link checker opening the address changes nothing), then done."""
    rnd = get_object_or_404(Round, slug=slug)
    follower = IdeaFollower.objects.filter(token=token, idea__round=rnd).select_related("idea").first()
    if request.method == "POST":
        services_ideas.idea_unfollow(token=token)
        return _page(request, "budgeting/ideas/unfollow.html", {"round": rnd, "done": True})
    return _page(request, "budgeting/ideas/unfollow.html", {"round": rnd, "follower": follower, "done": False},
                 status=200 if follower else 404)


@require_GET
def idea_picture(request, slug, pk):
    """A published idea's picture (stored re-encoded, without the original's metadata)."""
    rnd = get_object_or_404(Round, slug=slug)
    idea = selectors_ideas.idea_public(rnd, pk)
    if idea is None or not idea.image:
        raise Http404
    try:
        handle = idea.image.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=PICTURE_TYPES.get(idea.image.name.rsplit(".", 1)[-1],
                                                                    "application/octet-stream"))
    response["Cache-Control"] = "public, max-age=86400"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# ------------------------------------------------------------------------------------------------- staff
def _moderation_page(request, rnd: Round, *, errors=(), status=200):
    ctx = selectors_ideas.moderation_queue(rnd)
    ctx.update({"round": rnd, "errors": list(errors)})
    return render(request, "budgeting/ideas/moderate.html", ctx, status=status)


@staff_required
@require_GET
def ideas_moderate(request, slug):
    return _moderation_page(request, get_object_or_404(Round, slug=slug))


def _staff_post(handler):
    @staff_required
    @require_POST
    def view(request, slug, pk):
        rnd = get_object_or_404(Round, slug=slug)
        try:
            message = handler(request, rnd, pk)
        except ValidationError as exc:
            return _moderation_page(request, rnd, errors=list(forms_ideas.flat_errors(exc).values()), status=400)
        messages.success(request, message)
        return redirect("budgeting:ideas-moderate", slug=rnd.slug)

    view.__name__ = handler.__name__
    return view


@_staff_post
def idea_moderate(request, rnd: Round, pk):
    idea = get_object_or_404(Idea, round=rnd, pk=pk)
    services_ideas.idea_moderate(actor=request.user, idea=idea, state=request.POST.get("state", ""),
                                 reason=request.POST.get("reason", ""))
    return _("The idea “%(title)s” was saved.") % {"title": idea.title}


@_staff_post
def idea_comment_moderate(request, rnd: Round, pk):
    comment = get_object_or_404(IdeaComment, idea__round=rnd, pk=pk)
    services_ideas.idea_comment_moderate(actor=request.user, comment=comment, state=request.POST.get("state", ""),
                                         reason=request.POST.get("reason", ""))
    return _("The comment was saved.")


@_staff_post
def idea_to_proposal(request, rnd: Round, pk):
    idea = get_object_or_404(Idea, round=rnd, pk=pk)
    pool_id = whole_number(request.POST.get("pool", ""))
    pool = rnd.pools.filter(pk=pool_id).first() if pool_id is not None else None
    proposal = services_ideas.idea_to_proposal(
        actor=request.user, idea=idea, pool=pool, title_fi=request.POST.get("title_fi", ""),
        description_fi=request.POST.get("description_fi", ""), image_alt_fi=request.POST.get("image_alt_fi", ""))
    return _("The idea is now the proposal “%(title)s”.") % {"title": proposal.title}
