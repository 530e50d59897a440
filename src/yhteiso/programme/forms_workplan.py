"""Form of the work plan's milestones (staff)."""

from __future__ import annotations

from django import forms

from yhteiso.programme.models_workplan import WorkPlanMilestone


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = WorkPlanMilestone
        fields = ["status", "responsible_unit", "note"]
        widgets = {"status": forms.RadioSelect, "note": forms.Textarea(attrs={"rows": 3})}
