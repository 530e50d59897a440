"""User-facing texts of the schools app that other apps show (so they live in this app's catalogue)."""

from django.utils.translation import gettext_lazy as _

EXAMPLE_BANNER = _("Example data — not Espoo's figures")
PROPOSAL_APPROVED = _("The figure was recorded as a measurement of the indicator.")
PROPOSAL_REJECTED = _("The proposed figure was rejected.")
PROPOSAL_NO_CELL = _("The programme has no indicator cell “%(cell)s” for indicator %(code)s.")
PROPOSAL_DECIDED = _("This proposal has already been decided.")
GROUP_LABELS = {"fi": _("Finnish or Sami speakers"), "sv": _("Swedish speakers"),
                "foreign": _("foreign-language speakers")}
LANGUAGE_LABELS = {"fi": _("Finnish-language schools"), "sv": _("Swedish-language schools")}
