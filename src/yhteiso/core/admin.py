from django.contrib import admin

from yhteiso.core.models import AuditEvent, ExternalIdentity


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("at", "actor_name", "action", "object_type", "object_id", "object_repr")
    list_filter = ("action", "object_type")
    search_fields = ("object_repr", "actor_name", "object_id")

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(ExternalIdentity)
class ExternalIdentityAdmin(admin.ModelAdmin):
    """City accounts linked by OpenID Connect: read-only (the roles follow the provider's groups at each sign-in)."""

    list_display = ("user", "issuer", "subject", "roles", "last_login")
    search_fields = ("user__username", "subject")
    readonly_fields = ("user", "issuer", "subject", "roles", "last_login")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
