from django.urls import path

from yhteiso.mapsurveys import builder, views

app_name = "mapsurveys"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.respond, name="respond"),
    path("<int:pk>/kiitos/", views.thanks, name="thanks"),
    path("<int:pk>/tulokset/", views.results, name="results"),
    path("<int:pk>/paikat.geojson", views.export_geojson, name="geojson"),
    path("hallinta/", views.manage, name="manage"),
    path("hallinta/uusi/", builder.create, name="create"),
    path("hallinta/<int:pk>/muokkaa/", builder.edit, name="edit"),
    path("hallinta/<int:pk>/julkaise/", builder.publish, name="publish"),
    path("hallinta/<int:pk>/esikatselu/", builder.preview, name="preview"),
    path("hallinta/<int:pk>/moderointi/", views.moderate, name="moderate"),
    path("hallinta/<int:pk>/sulje/", views.close, name="close"),
    path("hallinta/<int:pk>/julkaise-tulokset/", views.release, name="release"),
    path("hallinta/<int:pk>/tulokset.csv", views.export_csv, name="export_csv"),
]
