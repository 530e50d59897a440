"""``django.contrib.admin`` with the audited admin site (:mod:`yhteiso.core.admin_audit`) as the default site."""

from django.contrib.admin.apps import AdminConfig


class AuditedAdminConfig(AdminConfig):
    default_site = "yhteiso.core.admin_audit.AuditedAdminSite"
