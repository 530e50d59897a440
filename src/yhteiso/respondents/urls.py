from django.urls import path

from yhteiso.respondents import views_feedback, views_profile

app_name = "respondents"

urlpatterns = [
    path("", views_feedback.feedback_index, name="feedback-index"),
    path("seuraa/", views_feedback.follow_up, name="follow-up"),
    path("taustatiedot/", views_profile.profile_submit, name="profile"),
    path("pois/<str:token>/", views_feedback.follow_up_off, name="follow-up-off"),
    path("hallinta/", views_feedback.feedback_manage, name="feedback-manage"),
    path("hallinta/<str:kind>/<int:pk>/", views_feedback.feedback_edit, name="feedback-edit"),
    path("hallinta/<str:kind>/<int:pk>/julkaise/", views_feedback.feedback_publish, name="feedback-publish"),
    path("<str:kind>/<int:pk>/", views_feedback.feedback_page, name="feedback"),
]
