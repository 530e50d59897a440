from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "yhteiso.governance"
    label = "governance"
    default_auto_field = "django.db.models.BigAutoField"

    def front_page_panel(self, request):
        """The next meeting for the site's front page (collected by core's home view)."""
        from yhteiso.governance.front import front_page_panel  # models must be loaded first: import on use

        return front_page_panel(request)
