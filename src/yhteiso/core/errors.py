"""Error pages in the site frame and the user's language: 403, 404, 500, and a failed CSRF check.

Each page says what happened in plain words and offers a way on: the person's own first page, the main sections and
the front page. The 500 page is rendered without the database if the database is what failed."""

from __future__ import annotations

import logging

from django.conf import settings
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _

from yhteiso.core.permissions import is_programme_staff, is_steering_member
from yhteiso.core.signin import landing_url

logger = logging.getLogger(__name__)


def _landing(request) -> dict:
    """The signed-in person's own first page, named for their role."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    if is_programme_staff(user):
        label = _("Staff home")
    elif is_steering_member(user):
        label = _("Meetings and agendas")
    else:
        return {}
    return {"landing": landing_url(user), "landing_label": label}


def page_not_found(request, exception=None):
    return render(request, "404.html", _landing(request), status=404)


def permission_denied(request, exception=None):
    return render(request, "403.html", _landing(request), status=403)


def bad_request(request, exception=None, *, reason: str = ""):
    return render(request, "400.html", {**_landing(request), "reason": reason}, status=400)


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", _landing(request), status=403)


def server_error(request):
    try:
        return render(request, "500.html", status=500)
    except Exception:  # the failure may be the database the frame's context needs; answer without it
        logger.exception("The 500 page could not be rendered with the request; rendering it without.")
        try:
            html = loader.get_template("500.html").render({"ui_languages": settings.LANGUAGES, "bare": True})
        except Exception:
            logger.exception("The 500 page could not be rendered.")
            html = "<!DOCTYPE html><title>500</title><h1>500</h1>"
        return HttpResponseServerError(html)
