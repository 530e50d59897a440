from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "yhteiso.notices"
    verbose_name = _("E-mail notices")
    default_auto_field = "django.db.models.BigAutoField"
