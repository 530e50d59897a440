from django.apps import AppConfig


class RespondentsConfig(AppConfig):
    """The ground floor of the resident-facing apps: its models are the "what we heard, what we did" pages and the
    follow-up addresses (see ``models``)."""

    name = "yhteiso.respondents"
    label = "respondents"
    default_auto_field = "django.db.models.BigAutoField"

    def front_page_panel(self, request):
        from yhteiso.respondents.feedback import front_page_panel

        return front_page_panel(request)
