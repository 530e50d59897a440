"""Forms of communication: a project's news item."""

from __future__ import annotations

from django import forms

from yhteiso.programme.forms import StaffForm
from yhteiso.programme.models import ProjectNews


class ProjectNewsForm(StaffForm):
    class Meta:
        model = ProjectNews
        fields = ["title", "body", "published_on"]
        widgets = {"body": forms.Textarea(attrs={"rows": 8})}
