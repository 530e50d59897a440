from django.urls import path
from django.views.generic import RedirectView

from yhteiso.knowledge import views, views_groups

app_name = "knowledge"

urlpatterns = [
    path("", views.index, name="index"),
    path("kartta/", views.map_view, name="map"),
    path("kartta/vienti.<str:fmt>", views.export, name="export"),
    path("alue/<str:code>/", views.area_profile, name="area-profile"),
    path("ryhmat/", views_groups.groups_view, name="groups"),
    # Targeting and effect follow-up moved to the programme (issue 11); old links keep working.
    path("kohdentaminen/", RedirectView.as_view(pattern_name="programme:targeting", query_string=True, permanent=True)),
    path("vaikutukset/", RedirectView.as_view(pattern_name="programme:followup", query_string=True, permanent=True)),
    path("laskenta/<int:pk>/", views.computation_detail, name="computation"),
    path("aineistot/", views.datasets_view, name="datasets"),
    path("tuonti/", views.upload, name="upload"),
]
