from django.urls import path, re_path

from yhteiso.reports import views, views_narrative

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
    path("arviot/", views_narrative.narrative_list, name="narratives"),
    path("arviot/uusi/", views_narrative.narrative_edit, name="narrative-new"),
    path("arviot/<int:narrative_id>/", views_narrative.narrative_edit, name="narrative-edit"),
    path("arviot/<int:narrative_id>/laheta/", views_narrative.narrative_submit_view, name="narrative-submit"),
    path("arviot/<int:narrative_id>/hyvaksy/", views_narrative.narrative_approve_view, name="narrative-approve"),
    path("arviot/<int:narrative_id>/avaa/", views_narrative.narrative_reopen_view, name="narrative-reopen"),
    re_path(r"^kokoukset/(?P<meeting_id>\d+)/esityslista\.(?P<fmt>pdf|docx)$", views.meeting_agenda,
            name="meeting-agenda"),
    re_path(r"^kokoukset/(?P<meeting_id>\d+)/poytakirja\.(?P<fmt>pdf|docx)$", views.meeting_minutes,
            name="meeting-minutes"),
]
