from django.urls import path, re_path

from yhteiso.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("valtuustoraportti/", views.council_preview, name="council-preview"),
    path("valtuustoraportti/lataa/", views.council_download, name="council-download"),
    path("valtuustoraportti/avainviestit/", views.key_messages_edit, name="key-messages"),
    path("valtuustoraportti/julkaise/", views.council_publish, name="council-publish"),
    path("julkaistut/<int:report_id>/", views.published_detail, name="published-detail"),
    re_path(r"^julkaistut/(?P<report_id>\d+)/(?P<fmt>pdf|docx|html|xlsx)/$", views.published_file,
            name="published-file"),
    path("puolivalitarkastelu/", views.midterm_assessments, name="midterm-assessments"),
    path("puolivalitarkastelu/<int:project_id>/", views.midterm_assessment_edit, name="midterm-assessment-edit"),
    re_path(r"^kokoukset/(?P<meeting_id>\d+)/esityslista\.(?P<fmt>pdf|docx)$", views.meeting_agenda,
            name="meeting-agenda"),
    re_path(r"^kokoukset/(?P<meeting_id>\d+)/poytakirja\.(?P<fmt>pdf|docx)$", views.meeting_minutes,
            name="meeting-minutes"),
]
