"""Staff forms of setting a round up: the round (with one budget field per pool) and a proposal. They check the
values field by field; the services in ``services_setup`` check the whole again inside the transaction."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from yhteiso.areas.models import Area, AreaLevel
from yhteiso.budgeting.identity import provider_choices
from yhteiso.budgeting.models import Pool, Proposal, Round
from yhteiso.budgeting.services_setup import MAX_BUDGET
from yhteiso.programme.forms import AccessibleForm

TEXTAREA = forms.Textarea(attrs={"rows": 3})
RESERVED_SLUGS = {"uusi", "tuo", "saannot"}  # addresses of the app's own pages


class EuroField(forms.IntegerField):
    """A whole number of euros, typed as people write it: ``250 000`` or ``250000`` (spaces are ignored)."""

    default_error_messages = {"invalid": _("Give a whole number of euros, e.g. 250 000.")}

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace(" ", "").replace("\u00a0", "").replace("\u202f", "").removesuffix("€")
        return super().to_python(value)


def _euros(label, required=False) -> EuroField:
    return EuroField(label=label, required=required, min_value=1, max_value=MAX_BUDGET,
                     widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))


class RoundSetupForm(AccessibleForm, forms.ModelForm):
    """A round's settings with the budget of the citywide pool and of each major district (empty: no pool)."""

    template_name = "programme/_form_fields.html"

    class Meta:
        model = Round
        fields = ["slug", "name_fi", "name_sv", "name_en", "description_fi", "description_sv", "description_en",
                  "ideas_open_on", "ideas_close_on", "voting_opens_on", "voting_closes_at", "results_on",
                  "ballot_type", "min_projects", "max_projects", "min_spend_percent", "rule", "min_age",
                  "eligibility", "home_area_only", "identity_provider", "is_test"]
        widgets = {"description_fi": TEXTAREA, "description_sv": TEXTAREA, "description_en": TEXTAREA,
                   "voting_closes_at": forms.DateTimeInput(attrs={"type": "datetime-local"},
                                                           format="%Y-%m-%dT%H:%M")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.districts = list(Area.objects.filter(level=AreaLevel.MAJOR_DISTRICT).order_by("code"))
        budgets = {}
        if self.instance.pk:
            del self.fields["slug"]  # the round's address stays as it was created
            budgets = {p.area_id: p.budget for p in self.instance.pools.all()}
        else:
            self.fields["slug"].help_text = _("Letters, digits and hyphens, e.g. osbu-2027.")
        choices = provider_choices()
        current = self.instance.identity_provider if self.instance.pk else None
        if current and current not in dict(choices):  # e.g. Suomi.fi no longer configured: keep it visible
            choices.append((current, current))
        self.fields["identity_provider"] = forms.ChoiceField(
            label=capfirst(_("how voters identify themselves")), choices=choices, required=False,
            initial=current or "dev-codes",
            help_text=_("Suomi.fi is offered when the platform has been registered with it (see the documentation)."))
        self.fields["budget_city"] = _euros(_("Budget of the citywide pool (€)"), required=True)
        self.fields["budget_city"].initial = budgets.get(None)
        for area in self.districts:
            field = _euros(_("Budget of %(area)s (€)") % {"area": area.name})
            field.help_text = _("Leave empty if the area has no pool of its own.")
            field.initial = budgets.get(area.pk)
            self.fields[f"budget_{area.pk}"] = field
        # the accessible form's help-text links are set up before these fields existed
        for name, field in self.fields.items():
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"id_{name}_help"

    def groups(self) -> list[tuple[str, list]]:
        """The form's fields in groups, each shown as a fieldset with its legend."""
        names = [("Name and description", ["slug", "name_fi", "name_sv", "name_en", "description_fi",
                                           "description_sv", "description_en"]),
                 ("Timetable", ["ideas_open_on", "ideas_close_on", "voting_opens_on", "voting_closes_at",
                                "results_on"]),
                 ("Ballot and counting", ["ballot_type", "min_projects", "max_projects", "min_spend_percent",
                                          "rule"]),
                 ("Who may vote", ["min_age", "eligibility", "home_area_only", "identity_provider"]),
                 ("Budgets", ["budget_city", *(f"budget_{a.pk}" for a in self.districts)]),
                 ("Listing", ["is_test"])]
        legends = {"Name and description": _("Name and description"), "Timetable": _("Timetable"),
                   "Ballot and counting": _("Ballot and counting"), "Who may vote": _("Who may vote"),
                   "Budgets": _("Budget pools"), "Listing": _("Listing")}
        return [(str(legends[key]), [self[n] for n in fields if n in self.fields]) for key, fields in names]

    def clean_identity_provider(self):
        """A form sent without the choice (an older page) keeps the round's provider, or the voting codes."""
        value = self.cleaned_data.get("identity_provider")
        return value or (self.instance.identity_provider if self.instance.pk else "dev-codes")

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(_("This address is used by the platform's own pages: choose another."))
        return slug

    def pools(self) -> list[dict]:
        data = self.cleaned_data
        pools = [{"area": None, "budget": data["budget_city"], "label": ""}]
        pools += [{"area": a, "budget": data[f"budget_{a.pk}"], "label": ""}
                  for a in self.districts if data.get(f"budget_{a.pk}")]
        return pools

    def round_fields(self) -> dict:
        model_fields = set(self._meta.fields or ())
        return {k: v for k, v in self.cleaned_data.items() if k in model_fields and k in self.fields}


class RoundProposalForm(AccessibleForm, forms.ModelForm):
    template_name = "programme/_form_fields.html"

    class Meta:
        model = Proposal
        fields = ["title_fi", "title_sv", "title_en", "description_fi", "description_sv", "description_en",
                  "pool", "cost", "cost_basis", "place_fi", "place_sv", "place_en"]
        widgets = {"description_fi": TEXTAREA, "description_sv": TEXTAREA, "description_en": TEXTAREA,
                   "cost_basis": TEXTAREA}

    def __init__(self, *args, round: Round, **kwargs):
        super().__init__(*args, **kwargs)
        pool = cast(forms.ModelChoiceField, self.fields["pool"])
        pool.queryset = Pool.objects.filter(round=round).select_related("area")
        pool.empty_label = None
        self.fields["cost"] = _euros(capfirst(Proposal._meta.get_field("cost").verbose_name))
        self.fields["cost"].help_text = _("Can be added later, with the feasibility decision.")
        self.fields["cost"].widget.attrs["aria-describedby"] = "id_cost_help"
        if self.instance.pk:
            self.initial.setdefault("cost", self.instance.cost)

    def proposal_fields(self) -> dict:
        model_fields = set(self._meta.fields or ())
        return {k: v for k, v in self.cleaned_data.items() if k in model_fields}


class HideForm(forms.Form):
    reason = forms.CharField(label=_("Reason for hiding (shown to staff only)"), widget=TEXTAREA, max_length=2000)


class MergeForm(forms.Form):
    kept = forms.ModelChoiceField(label=_("Keep this proposal"), queryset=Proposal.objects.none(), empty_label=None)
    reason = forms.CharField(label=_("Note shown on the duplicate's page (optional)"), widget=TEXTAREA,
                             required=False, max_length=2000)

    def __init__(self, *args, proposal: Proposal, **kwargs):
        super().__init__(*args, **kwargs)
        kept = cast(forms.ModelChoiceField, self.fields["kept"])
        kept.queryset = (Proposal.objects.filter(round_id=proposal.round_id, is_hidden=False)
                         .exclude(pk=proposal.pk).order_by("code"))
        kept.label_from_instance = lambda p: f"{p.code}: {p.title}"  # type: ignore[method-assign,assignment]
