from django.urls import path

from yhteiso.budgeting import urls_ideas, views, views_rules, views_setup

app_name = "budgeting"

urlpatterns = [
    path("", views.index, name="index"),
    path("tuo/", views.import_pb, name="import"),
    path("uusi/", views_setup.round_new, name="round-new"),
    path("saannot/", views_rules.upload_rules, name="rules-upload"),
    path("<slug:slug>/", views.round_detail, name="round"),
    path("<slug:slug>/ehdotukset/<str:code>/", views.proposal_detail, name="proposal"),
    path("<slug:slug>/ehdotukset/<str:code>/kuva/", views.proposal_picture, name="proposal-picture"),
    path("<slug:slug>/aanesta/", views.vote_start, name="vote"),
    path("<slug:slug>/aanesta/lippu/", views.ballot, name="ballot"),
    path("<slug:slug>/aanesta/valmis/", views.ballot_done, name="ballot-done"),
    path("<slug:slug>/aanesta/muuta/", views.vote_change, name="vote-change"),
    path("<slug:slug>/aanesta/lopeta/", views.vote_sign_out, name="vote-sign-out"),
    path("<slug:slug>/tulokset/", views.results, name="results"),
    path("<slug:slug>/tulokset/<int:pool_id>.pb", views.export_pb, name="export-pb"),
    path("<slug:slug>/hallinta/", views.manage, name="manage"),
    path("<slug:slug>/hallinta/saannot/", views_rules.round_rules, name="rules"),
    path("<slug:slug>/hallinta/vaihe/", views.manage_phase, name="manage-phase"),
    path("<slug:slug>/hallinta/sulkeutuu/", views.manage_closes, name="manage-closes"),
    path("<slug:slug>/hallinta/arvio/", views.manage_assess, name="manage-assess"),
    path("<slug:slug>/hallinta/paperiaani/", views.manage_paper, name="manage-paper"),
    path("<slug:slug>/hallinta/kortti/", views.manage_card, name="manage-card"),
    path("<slug:slug>/hallinta/koodit/", views.manage_codes, name="manage-codes"),
    path("<slug:slug>/hallinta/laske/", views.manage_compute, name="manage-compute"),
    path("<slug:slug>/hallinta/julkaise/", views.manage_publish, name="manage-publish"),
    path("<slug:slug>/hallinta/asetukset/", views_setup.round_settings, name="round-settings"),
    path("<slug:slug>/hallinta/ehdotukset/uusi/", views_setup.proposal_new, name="proposal-new"),
    path("<slug:slug>/hallinta/ehdotukset/<int:pk>/", views_setup.proposal_edit, name="proposal-edit"),
    path("<slug:slug>/hallinta/ehdotukset/<int:pk>/piilota/", views_setup.proposal_hide, name="proposal-hide"),
    path("<slug:slug>/hallinta/ehdotukset/<int:pk>/palauta/", views_setup.proposal_unhide, name="proposal-unhide"),
    path("<slug:slug>/hallinta/ehdotukset/<int:pk>/yhdista/", views_setup.proposal_merge, name="proposal-merge"),
    *urls_ideas.urlpatterns,
]
