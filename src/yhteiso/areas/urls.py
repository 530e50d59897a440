from django.urls import path

from yhteiso.areas import views

app_name = "areas"

urlpatterns = [
    path("", views.index, name="index"),
]
