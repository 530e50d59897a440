"""Requests whose address or form data hold a NUL character (U+0000) are refused with 400 before any view runs.

PostgreSQL stores no NUL in text, so such a value would end as a server error wherever a view hands it to the
database (a filter on ``?ohjelma=``, a text a view reads from ``request.POST`` itself). Django's form fields refuse
NUL already; this covers every other value. The answer names the field, in the user's language; nothing is saved.
JSON bodies are checked where they are read (``respondents.jsonbody``; the API's handler for database errors)."""

from __future__ import annotations

from django.http import JsonResponse
from django.utils.translation import gettext as _

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def nul_field(request) -> str | None:
    """The name of the first field holding a NUL character ("" for the address itself), or None."""
    if "\x00" in request.path:
        return ""
    for key, values in request.GET.lists():
        if "\x00" in key or any("\x00" in v for v in values):
            return key.replace("\x00", "")
    if request.method in ("POST", "PUT", "PATCH") and request.content_type in FORM_TYPES:
        for key, values in request.POST.lists():
            if "\x00" in key or any("\x00" in v for v in values):
                return key.replace("\x00", "")
    return None


class NulCharacterMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        field = nul_field(request)
        if field is None:
            return self.get_response(request)
        if field:
            reason = _("The field “%(field)s” contains a NUL character (U+0000), which cannot be stored. Nothing "
                       "was saved.") % {"field": field[:80]}
        else:
            reason = _("The address contains a NUL character (U+0000). Nothing was saved.")
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": reason}, status=400)
        from yhteiso.core.errors import bad_request

        return bad_request(request, reason=reason)
