from django.urls import path

from yhteiso.jobs import views

app_name = "jobs"

urlpatterns = [
    path("", views.job_list, name="list"),
    path("<uuid:pk>/", views.job_status, name="status"),
    path("<uuid:pk>/tiedosto/", views.job_file, name="file"),
]
