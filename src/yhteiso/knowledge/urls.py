from django.urls import path

from yhteiso.knowledge import views

app_name = "knowledge"

urlpatterns = [
    path("", views.index, name="index"),
    path("kartta/", views.map_view, name="map"),
    path("kartta/vienti.<str:fmt>", views.export, name="export"),
    path("alue/<str:code>/", views.area_profile, name="area-profile"),
    path("kohdentaminen/", views.targeting_view, name="targeting"),
    path("vaikutukset/", views.followup, name="followup"),
    path("laskenta/<int:pk>/", views.computation_detail, name="computation"),
    path("aineistot/", views.datasets_view, name="datasets"),
    path("tuonti/", views.upload, name="upload"),
]
