from django.urls import path

from yhteiso.budgeting import views, views_accountability, views_rules

app_name = "budgeting"

urlpatterns = [
    path("", views.index, name="index"),
    path("tuo/", views.import_pb, name="import"),
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
    path("<slug:slug>/toteutus/", views_accountability.implementation_list, name="implementation"),
    path("<slug:slug>/toteutus/<str:code>/", views_accountability.implementation_detail,
         name="implementation-project"),
    path("<slug:slug>/toteutus/<str:code>/kuvat/<int:update_id>/", views_accountability.implementation_photo,
         name="implementation-photo"),
    path("<slug:slug>/toteutus/<str:code>/muokkaa/", views_accountability.implementation_edit,
         name="implementation-edit"),
    path("<slug:slug>/toteutus/<str:code>/paivitys/", views_accountability.implementation_update_add,
         name="implementation-update-add"),
    path("<slug:slug>/toteutus/<str:code>/paivitys/<int:update_id>/poista/",
         views_accountability.implementation_update_delete, name="implementation-update-delete"),
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
]
