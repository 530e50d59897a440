from django.urls import path

from yhteiso.notices import views

app_name = "notices"

urlpatterns = [
    path("asetukset/", views.preferences, name="preferences"),
    path("pois/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
