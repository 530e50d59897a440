from django.urls import path

from yhteiso.mapsurveys import views

app_name = "mapsurveys"

urlpatterns = [
    path("", views.index, name="index"),
]
