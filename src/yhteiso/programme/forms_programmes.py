"""Forms for programmes (issue 14 item 9)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext as _

from yhteiso.programme.forms import AccessibleForm
from yhteiso.programme.models import Programme, Project


class ProgrammeCreateForm(forms.ModelForm):
    """A new programme: its short name in addresses, names in Finnish, Swedish and English, and its period. The
    rules (unique short name, period order) are the model's, checked again by the service."""

    class Meta:
        model = Programme
        fields = ["slug", "name_fi", "name_sv", "name_en", "start_year", "end_year"]


class ProgrammeSharesForm(AccessibleForm, forms.Form):
    """A project's partner programmes: one row per other programme (there are a handful), a tick for "partner"
    and its contribution in euros. Every message names the programme."""

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project
        current = {share.programme_id: share.contribution for share in project.programme_shares.all()}
        self.programmes = list(Programme.objects.exclude(pk=project.programme_id))
        for programme in self.programmes:
            name = programme.name
            self.fields[f"share_{programme.pk}"] = forms.BooleanField(
                label=_("%(programme)s is a partner programme") % {"programme": name}, required=False,
                initial=programme.pk in current)
            self.fields[f"contribution_{programme.pk}"] = forms.DecimalField(
                label=_("Contribution of %(programme)s (€)") % {"programme": name}, required=False,
                max_digits=12, decimal_places=2, initial=current.get(programme.pk),
                error_messages={
                    "invalid": _("Write the contribution of %(programme)s in euros, e.g. 15000.") % {
                        "programme": name},
                    "max_digits": _("The contribution of %(programme)s is too large.") % {"programme": name},
                    "max_decimal_places": _("Write the contribution of %(programme)s in euros and at most two "
                                            "decimals.") % {"programme": name},
                    "max_whole_digits": _("The contribution of %(programme)s is too large.") % {"programme": name},
                })

    def clean(self):
        data = super().clean()
        for programme in self.programmes:
            ticked = data.get(f"share_{programme.pk}")
            amount = data.get(f"contribution_{programme.pk}")
            if amount is not None and amount < 0:
                self.add_error(f"contribution_{programme.pk}", _(
                    "The contribution of %(programme)s must be zero or more euros.") % {"programme": programme.name})
            elif amount is not None and amount > 0 and not ticked:
                self.add_error(f"share_{programme.pk}", _(
                    "Tick %(programme)s as a partner programme, or leave its contribution empty.") % {
                    "programme": programme.name})
        return data

    def shares(self) -> dict[Programme, Decimal]:
        """The ticked programmes with their contribution (empty: zero euros)."""
        return {programme: self.cleaned_data.get(f"contribution_{programme.pk}") or Decimal(0)
                for programme in self.programmes if self.cleaned_data.get(f"share_{programme.pk}")}
