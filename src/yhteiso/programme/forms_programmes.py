"""Forms for programmes (issue 14 item 9)."""

from __future__ import annotations

from django import forms

from yhteiso.programme.models import Programme


class ProgrammeCreateForm(forms.ModelForm):
    """A new programme: its short name in addresses, names in Finnish, Swedish and English, and its period. The
    rules (unique short name, period order) are the model's, checked again by the service."""

    class Meta:
        model = Programme
        fields = ["slug", "name_fi", "name_sv", "name_en", "start_year", "end_year"]
