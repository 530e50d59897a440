from django.urls import path

from yhteiso.budgeting import views

app_name = "budgeting"

urlpatterns = [
    path("", views.index, name="index"),
]
