"""The residents' idea forms: what a posted form holds (text only, stripped and bounded before any checking),
the choices offered in the page's language, and each field's label, so that a refusal can name its field.
The rules themselves live in ``services_ideas`` (the one place they are checked)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from yhteiso.budgeting import selectors_ideas
from yhteiso.budgeting.models_ideas import (
    ALT_MAX,
    COMMENT_MAX,
    DESCRIPTION_MAX,
    NAME_MAX,
    TITLE_MAX,
    IdeaCategory,
    IdeaTargetGroup,
)

IDEA_FIELDS = ("title", "description", "area", "lon", "lat", "category", "target_group", "image_alt",
               "display_name")
READ_LIMIT = 2 * DESCRIPTION_MAX  # a posted value is read only this far (the service refuses anything too long)


def posted(data, names) -> dict[str, str]:
    return {name: (data.get(name) or "")[:READ_LIMIT].strip() for name in names}


def field_labels() -> dict[str, str]:
    """The label of each field in the active language (the error summary writes "Label: message")."""
    return {"title": _("Title"), "description": _("Description"), "area": _("Place"),
            "category": _("Category"), "target_group": _("For whom"), "image": _("Picture"),
            "image_alt": _("Description of the picture"), "display_name": _("Your name (optional)"),
            "body": _("Comment"), "comment_name": _("Your name (optional)"), "code": _("Voting code"),
            "email": _("E-mail address"), "__all__": ""}


def error_summary(errors: dict[str, str]) -> list[dict]:
    labels = field_labels()
    return [{"field": field, "label": labels.get(field, ""), "message": message}
            for field, message in errors.items()]


def flat_errors(exc) -> dict[str, str]:
    """``{field: one message}`` of a ``ValidationError``."""
    if hasattr(exc, "error_dict"):
        return {field: " ".join(messages) for field, messages in exc.message_dict.items()}
    return {"__all__": " ".join(exc.messages)}


def idea_form_context(values: dict) -> dict:
    return {
        "values": values,
        "categories": [(value, str(label)) for value, label in IdeaCategory.choices],
        "target_groups": [(value, str(label)) for value, label in IdeaTargetGroup.choices],
        "areas": [(str(a.pk), a.name) for a in selectors_ideas.district_areas()],
        "limits": {"title": TITLE_MAX, "description": DESCRIPTION_MAX, "name": NAME_MAX, "alt": ALT_MAX,
                   "comment": COMMENT_MAX},
    }
