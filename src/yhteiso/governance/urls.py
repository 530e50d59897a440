from django.urls import path

from yhteiso.governance import views, views_impact

app_name = "governance"

urlpatterns = [
    # public
    path("", views.index, name="index"),
    path("poytakirjat/", views.minutes_list, name="minutes-list"),
    path("poytakirjat/<int:meeting_id>/", views.minutes_detail, name="minutes-detail"),
    path("ohjelmatoimisto/", views.programme_office, name="office"),
    path("ohjelmatoimisto/uusi/", views.office_person_edit, name="office-create"),
    path("ohjelmatoimisto/<int:pk>/", views.office_person_edit, name="office-edit"),
    # programme staff: the members
    path("jasenet/uusi/", views.member_edit, name="member-create"),
    path("jasenet/<int:member_id>/", views.member_edit, name="member-edit"),
    # steering-group members and programme staff
    path("oma/", views.member_home, name="home"),
    path("kokoukset/", views.meeting_list, name="meetings"),
    path("kokoukset/vuosisuunnitelma/", views.meeting_plan, name="meeting-plan"),
    path("kokoukset/uusi/", views.meeting_create, name="meeting-create"),
    path("kokoukset/<int:meeting_id>/", views.meeting_detail, name="meeting-detail"),
    path("kokoukset/<int:meeting_id>/muokkaa/", views.meeting_edit, name="meeting-edit"),
    path("kokoukset/<int:meeting_id>/asiat/uusi/", views.agenda_item_add, name="agenda-item-add"),
    path("kokoukset/<int:meeting_id>/asiat/<int:item_id>/muokkaa/", views.agenda_item_add, name="agenda-item-edit"),
    path("kokoukset/<int:meeting_id>/asiat/<int:item_id>/liitteet/", views.agenda_attachments,
         name="agenda-attachments"),
    path("liitteet/<int:pk>/", views.agenda_attachment_download, name="attachment-download"),
    path("liitteet/<int:pk>/poista/", views.agenda_attachment_delete, name="attachment-delete"),
    path("kokoukset/<int:meeting_id>/esityslista-lahetetty/", views.agenda_send, name="agenda-send"),
    path("kokoukset/<int:meeting_id>/lasnaolo/", views.attendance_record, name="attendance"),
    path("kokoukset/<int:meeting_id>/asiat/<int:item_id>/paatos/", views.decision_record, name="decision"),
    path("kokoukset/<int:meeting_id>/poytakirja/", views.minutes_draft, name="minutes-draft"),
    path("kokoukset/<int:meeting_id>/poytakirja/hyvaksy/", views.minutes_approve, name="minutes-approve"),
    path("kokoukset/<int:meeting_id>/poytakirja/julkaise/", views.minutes_publish, name="minutes-publish"),
    # segregation impact assessments: members read and review, staff prepare
    path("vaikutusarvioinnit/", views_impact.assessment_list, name="assessments"),
    path("vaikutusarvioinnit/uusi/", views_impact.assessment_create, name="assessment-create"),
    path("vaikutusarvioinnit/<int:pk>/", views_impact.assessment_detail, name="assessment-detail"),
    path("vaikutusarvioinnit/<int:pk>/muokkaa/", views_impact.assessment_edit, name="assessment-edit"),
    path("vaikutusarvioinnit/<int:pk>/toimita/", views_impact.assessment_submit, name="assessment-submit"),
    path("vaikutusarvioinnit/<int:pk>/arvio/", views_impact.assessment_review, name="assessment-review"),
]
