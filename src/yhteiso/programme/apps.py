from django.apps import AppConfig

from yhteiso.core.hooks import register_area_actions


class ProgrammeConfig(AppConfig):
    name = "yhteiso.programme"
    label = "programme"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The knowledge base's area profile lists the actions reaching the area without importing the programme.
        from yhteiso.programme.targeting import projects_reaching

        register_area_actions(projects_reaching)

    def front_page_panel(self, request):
        """Figures for the site's front page (collected by core's home view from every app that offers them)."""
        from yhteiso.programme.front import front_page_panel  # models must be loaded first: import on use

        return front_page_panel(request)

    def sign_in_landing(self, user):
        """Where a project's responsible person or deputy lands after signing in: their projects; the
        communications planner: the communication page."""
        from yhteiso.programme.selectors_progress import sign_in_landing  # import on use (models loaded)

        return sign_in_landing(user)
