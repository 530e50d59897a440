from django.urls import path

from yhteiso.surveys import builder_views, views

app_name = "surveys"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.respond, name="respond"),
    path("<int:pk>/kiitos/", views.thanks, name="thanks"),
    path("<int:pk>/tulokset/", views.results, name="results"),
    path("<int:pk>/tulokset.csv", views.results_csv, name="results-csv"),
    path("<int:pk>/tulokset.xlsx", views.results_xlsx, name="results-xlsx"),
    path("hallinta/", views.manage, name="manage"),
    path("hallinta/uusi/", views.create, name="create"),
    path("hallinta/<int:pk>/", views.detail, name="detail"),
    path("hallinta/<int:pk>/kaannokset/", views.translate, name="translate"),
    path("hallinta/<int:pk>/julkaise/", views.publish, name="publish"),
    path("hallinta/<int:pk>/sulje/", views.close, name="close"),
    path("hallinta/<int:pk>/kutsukoodit/", views.invitations, name="invitations"),
    path("hallinta/<int:pk>/kutsukoodit.csv", views.invitations_csv, name="invitations-csv"),
    path("hallinta/<int:pk>/julkaise-tulokset/", views.release, name="release"),
    path("hallinta/<int:pk>/mittaus/", views.measurement, name="measurement"),
    path("hallinta/<int:pk>/kysymykset/", builder_views.builder, name="builder"),
    path("hallinta/<int:pk>/kysymykset/uusi/", builder_views.question_add, name="question-add"),
    path("hallinta/<int:pk>/kysymykset/osio/", builder_views.section_add, name="section-add"),
    path("hallinta/<int:pk>/kysymykset/kysymyspankki/", builder_views.instrument_add, name="instrument-add"),
    path("hallinta/<int:pk>/kysymykset/<int:item_pk>/", builder_views.item_edit, name="item-edit"),
    path("hallinta/<int:pk>/kysymykset/<int:item_pk>/siirra/", builder_views.item_move, name="item-move"),
    path("hallinta/<int:pk>/kysymykset/<int:item_pk>/poista/", builder_views.item_delete, name="item-delete"),
    path("hallinta/<int:pk>/esikatselu/", builder_views.preview, name="preview"),
]
