from django.urls import path

from yhteiso.governance import views

app_name = "governance"

urlpatterns = [
    path("", views.index, name="index"),
]
