"""Pages of accountability: the round's funded projects followed after the vote (public, in the respondent
languages like the other budgeting pages) and the page where staff or the linked programme project's responsible
person update a project (status, progress, cost, dates, dated updates with photos)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from yhteiso.budgeting import selectors, selectors_accountability, services_accountability
from yhteiso.budgeting.models import Round
from yhteiso.budgeting.models_accountability import ImplementationStatus
from yhteiso.budgeting.views import PICTURE_TYPES, _errors, _page, resident_page


def _followed_round(slug: str) -> Round:
    rnd = get_object_or_404(Round, slug=slug)
    if not selectors_accountability.followed(rnd):
        raise Http404
    return rnd


@resident_page
@require_GET
def implementation_list(request, slug):
    rnd = _followed_round(slug)
    rows = selectors_accountability.funded_projects(rnd)
    return _page(request, "budgeting/accountability/list.html", {
        "round": rnd, "rows": rows, "counts": selectors_accountability.summary(rows),
        "currency": selectors.currency(rnd)})


@resident_page
@require_GET
def implementation_detail(request, slug, code):
    rnd = _followed_round(slug)
    row = selectors_accountability.funded_project(rnd, code)
    if row is None:
        raise Http404
    return _page(request, "budgeting/accountability/detail.html", {
        "round": rnd, "row": row, "p": row.proposal, "currency": selectors.currency(rnd),
        "may_update": services_accountability.may_update(request.user, row.proposal)})


@require_GET
def implementation_photo(request, slug, code, update_id):
    """An update's photo (stored re-encoded, without the original's metadata)."""
    rnd = _followed_round(slug)
    update = selectors_accountability.update_of(rnd, code, update_id)
    if update is None or not update.photo:
        raise Http404
    try:
        handle = update.photo.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=PICTURE_TYPES.get(update.photo.name.rsplit(".", 1)[-1],
                                                                    "application/octet-stream"))
    response["Cache-Control"] = "public, max-age=86400"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _editable(request, slug, code):
    """The round and the followed project, for a signed-in user who may update it (else login or 403)."""
    if not request.user.is_authenticated:
        raise _LoginNeeded
    rnd = _followed_round(slug)
    row = selectors_accountability.funded_project(rnd, code)
    if row is None:
        raise Http404
    if not services_accountability.may_update(request.user, row.proposal):
        raise PermissionDenied
    return rnd, row


class _LoginNeeded(Exception):  # noqa: N818 - control flow inside this module only
    pass


def _edit_page(request, rnd, row, *, errors=(), values=None, update_values=None, status=200):
    return render(request, "budgeting/accountability/edit.html", {
        "round": rnd, "row": row, "p": row.proposal, "errors": list(errors), "statuses": ImplementationStatus.choices,
        "v": values or _current(row), "u": update_values or {}, "currency": selectors.currency(rnd)}, status=status)


def _current(row) -> dict:
    impl = row.implementation
    if impl is None:
        return {"status": ImplementationStatus.PLANNED, "progress": 0}
    return {"status": impl.status, "progress": impl.progress,
            "started_on": impl.started_on.isoformat() if impl.started_on else "",
            "finished_on": impl.finished_on.isoformat() if impl.finished_on else "",
            "actual_cost": "" if impl.actual_cost is None else impl.actual_cost, "cancel_reason": impl.cancel_reason}


def _login_or(view):
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except _LoginNeeded:
            return redirect_to_login(request.get_full_path())

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


@_login_or
@require_http_methods(["GET", "POST"])
def implementation_edit(request, slug, code):
    """Status, progress, dates, actual cost (and the reason when cancelled); audited."""
    rnd, row = _editable(request, slug, code)
    if request.method == "POST":
        values = {f: request.POST.get(f, "") for f in services_accountability.IMPLEMENTATION_FIELDS}
        try:
            services_accountability.implementation_update(actor=request.user, proposal=row.proposal, **values)
        except ValidationError as exc:
            return _edit_page(request, rnd, row, errors=_errors(exc), values=values, status=400)
        messages.success(request, _("The implementation of “%(title)s” was saved.") % {"title": row.proposal.title})
        return redirect("budgeting:implementation-edit", slug=rnd.slug, code=row.proposal.code)
    return _edit_page(request, rnd, row)


@_login_or
@require_POST
def implementation_update_add(request, slug, code):
    """A dated update with an optional photo; a refused photo names the field and nothing is stored."""
    rnd, row = _editable(request, slug, code)
    texts = {f: request.POST.get(f, "") for f in services_accountability.UPDATE_TEXT_FIELDS}
    try:
        services_accountability.implementation_update_add(
            actor=request.user, proposal=row.proposal, date=request.POST.get("date", ""),
            photo=request.FILES.get("photo"), **texts)
    except ValidationError as exc:
        return _edit_page(request, rnd, row, errors=_errors(exc),
                          update_values={**texts, "date": request.POST.get("date", "")}, status=400)
    messages.success(request, _("The update was published."))
    return redirect("budgeting:implementation-edit", slug=rnd.slug, code=row.proposal.code)


@_login_or
@require_POST
def implementation_update_delete(request, slug, code, update_id):
    rnd, row = _editable(request, slug, code)
    update = selectors_accountability.update_of(rnd, code, update_id)
    if update is None:
        raise Http404
    services_accountability.implementation_update_delete(actor=request.user, update=update)
    messages.success(request, _("The update was removed."))
    return redirect("budgeting:implementation-edit", slug=rnd.slug, code=row.proposal.code)
