from django.urls import path

from yhteiso.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("saavutettavuus/", views.accessibility_statement, name="accessibility"),
    path("lahteet/", views.data_sources, name="sources"),
    path("henkilosto/", views.staff_home, name="staff-home"),
    path("henkilosto/muutosloki/", views.audit_log, name="audit-log"),
]
