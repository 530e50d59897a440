from django.urls import path

from yhteiso.schools import views

app_name = "schools"

urlpatterns = [
    path("", views.index, name="index"),
    path("virrat/", views.flows, name="flows"),
    path("vertailu/", views.peers, name="peers"),
    path("vertailu.json", views.peers_json, name="peers-json"),
    path("tuonti/", views.upload, name="upload"),
    path("koulu/<str:code>/", views.school_detail, name="school"),
]
