from django import forms
from django.utils.translation import gettext_lazy as _


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data]
        return [single(data, initial)]


class SchoolUploadForm(forms.Form):
    files = MultipleFileField(label=_("Files of the package"),
                              help_text=_("schools, catchments, pupils, flows, applications and cohorts as CSV or "
                                          "XLSX (catchments as GeoJSON), and optionally package.json."))
    is_example = forms.BooleanField(label=_("The data are a constructed example, not the city's figures"),
                                    required=False)
    dry_run = forms.BooleanField(label=_("Only check the files, save nothing"), required=False)


class YearForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    language = forms.ChoiceField(label=_("Language of instruction"), required=False)

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        from yhteiso.schools.texts import LANGUAGE_LABELS

        self.fields["year"].choices = [(y, y) for y in years]
        self.fields["language"].choices = list(LANGUAGE_LABELS.items())
