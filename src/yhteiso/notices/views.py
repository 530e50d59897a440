"""Switching notices off from an e-mail link (no sign-in; the link is signed) and the signed-in settings page."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from yhteiso.notices.mail import read_unsubscribe_token, user_language
from yhteiso.notices.models import NoticeKind, NoticeLanguage, NoticeOptOut
from yhteiso.notices.services import notice_opt_out, notice_preferences_save


@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    """GET shows what the link switches off and a button (mail scanners follow links; only the POST changes
    anything). A forged or altered link gets 400 and changes nothing."""
    found = read_unsubscribe_token(token)
    user = get_user_model().objects.filter(pk=found[0]).first() if found else None
    if user is None:
        return render(request, "notices/unsubscribe_invalid.html", status=400)
    kind = found[1]
    with translation.override(user_language(user)):
        context = {"kind_label": NoticeKind(kind).label, "token": token}
        if request.method == "POST":
            notice_opt_out(user=user, kind=kind, via="signed link in an e-mail")
            return render(request, "notices/unsubscribe_done.html", context)
        already = NoticeOptOut.objects.filter(user=user, kind=kind).exists()
        return render(request, "notices/unsubscribe.html", {**context, "already": already})


class PreferencesForm(forms.Form):
    language = forms.ChoiceField(label=gettext_lazy("Language of notices"), choices=NoticeLanguage.choices)
    enabled = forms.MultipleChoiceField(label=gettext_lazy("Notices I want by e-mail"), choices=NoticeKind.choices,
                                        required=False, widget=forms.CheckboxSelectMultiple)


@login_required
def preferences(request):
    if request.method == "POST":
        form = PreferencesForm(request.POST)
        if form.is_valid():
            notice_preferences_save(user=request.user, language=form.cleaned_data["language"],
                                    enabled=form.cleaned_data["enabled"], actor=request.user)
            messages.success(request, _("Your notice settings were saved."))
            return redirect("notices:preferences")
    else:
        off = set(NoticeOptOut.objects.filter(user=request.user).values_list("kind", flat=True))
        form = PreferencesForm(initial={"language": user_language(request.user),
                                        "enabled": [k for k in NoticeKind.values if k not in off]})
    return render(request, "notices/preferences.html", {"form": form, "email": request.user.email})
