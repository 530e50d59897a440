from django.apps import AppConfig


class ProgrammeConfig(AppConfig):
    name = "yhteiso.programme"
    label = "programme"
    default_auto_field = "django.db.models.BigAutoField"

    def front_page_panel(self, request):
        """Figures for the site's front page (collected by core's home view from every app that offers them)."""
        from yhteiso.programme.front import front_page_panel  # models must be loaded first: import on use

        return front_page_panel(request)
