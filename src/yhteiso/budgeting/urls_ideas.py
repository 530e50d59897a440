"""Addresses of residents' ideas and their moderation (included in ``budgeting.urls``)."""

from django.urls import path

from yhteiso.budgeting import views_ideas

urlpatterns = [
    path("<slug:slug>/ideat/", views_ideas.ideas_list, name="ideas"),
    path("<slug:slug>/ideat/uusi/", views_ideas.idea_new, name="idea-new"),
    path("<slug:slug>/ideat/kiitos/", views_ideas.idea_thanks, name="idea-thanks"),
    path("<slug:slug>/ideat/seuranta/<str:token>/", views_ideas.idea_unfollow, name="idea-unfollow"),
    path("<slug:slug>/ideat/<int:pk>/", views_ideas.idea_detail, name="idea"),
    path("<slug:slug>/ideat/<int:pk>/kuva/", views_ideas.idea_picture, name="idea-picture"),
    path("<slug:slug>/ideat/<int:pk>/tue/", views_ideas.idea_support, name="idea-support"),
    path("<slug:slug>/ideat/<int:pk>/kommentoi/", views_ideas.idea_comment, name="idea-comment"),
    path("<slug:slug>/ideat/<int:pk>/seuraa/", views_ideas.idea_follow, name="idea-follow"),
    path("<slug:slug>/hallinta/ideat/", views_ideas.ideas_moderate, name="ideas-moderate"),
    path("<slug:slug>/hallinta/ideat/<int:pk>/", views_ideas.idea_moderate, name="idea-moderate"),
    path("<slug:slug>/hallinta/ideat/<int:pk>/ehdotukseksi/", views_ideas.idea_to_proposal, name="idea-to-proposal"),
    path("<slug:slug>/hallinta/ideat/kommentit/<int:pk>/", views_ideas.idea_comment_moderate,
         name="idea-comment-moderate"),
]
