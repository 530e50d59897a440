from django.urls import path

from yhteiso.programme import targeting_views, views, views_funding, views_progress, views_school_figures

app_name = "programme"

urlpatterns = [
    # Public
    path("", views.dashboard, name="dashboard"),
    path("mittarit/<str:code>/", views.indicator_detail, name="indicator-detail"),
    path("projektit/", views.project_list, name="project-list"),
    path("projektit/<int:pk>/", views.project_detail, name="project-detail"),
    path("talousarvio/", views.budget, name="budget"),
    path("talousarvio/<int:year>/", views.budget, name="budget-year"),
    path("riskit/", views.risk_list, name="risk-list"),
    path("raportointi/", views.reporting_calendar, name="calendar"),
    path("kohdentaminen/", targeting_views.targeting_view, name="targeting"),
    path("vaikutukset/", targeting_views.followup_view, name="followup"),
    # Project owners (responsible person, deputies) and staff
    path("omat-projektit/", views_progress.my_projects, name="my-projects"),
    path("projektit/<int:pk>/raportit/uusi/", views_progress.report_create, name="report-create"),
    path("projektit/<int:pk>/raportit/<int:report_pk>/", views_progress.report_detail, name="report-detail"),
    path("projektit/<int:pk>/raportit/<int:report_pk>/muokkaa/", views_progress.report_edit, name="report-edit"),
    path("liitteet/<int:pk>/", views_progress.attachment_download, name="attachment-download"),
    path("liitteet/<int:pk>/poista/", views_progress.attachment_delete, name="attachment-delete"),
    path("projektit/<int:pk>/pilotit/uusi/", views_progress.pilot_create, name="pilot-create"),
    path("projektit/<int:pk>/pilotit/<int:pilot_pk>/", views_progress.pilot_edit, name="pilot-edit"),
    path("projektit/salkku.<str:fmt>", views_progress.portfolio_export, name="portfolio-export"),
    # Money and partners (views_funding): the partner register is public, the funding pipeline for members and
    # staff, in-kind work for the project's owners and staff
    path("kumppanit/", views_funding.partner_list, name="partner-list"),
    path("hallinta/kumppanit/uusi/", views_funding.partner_edit, name="partner-create"),
    path("hallinta/kumppanit/<int:pk>/", views_funding.partner_edit, name="partner-edit"),
    path("rahoitus/", views_funding.funding_list, name="funding-list"),
    path("hallinta/rahoitus/uusi/", views_funding.funding_edit, name="funding-create"),
    path("hallinta/rahoitus/<int:pk>/", views_funding.funding_edit, name="funding-edit"),
    path("projektit/<int:pk>/kumppanit/uusi/", views_funding.project_partner_edit, name="project-partner-create"),
    path("projektit/<int:pk>/kumppanit/<int:link_pk>/", views_funding.project_partner_edit,
         name="project-partner-edit"),
    path("projektit/<int:pk>/kumppanit/<int:link_pk>/poista/", views_funding.project_partner_delete,
         name="project-partner-delete"),
    path("projektit/<int:pk>/tyopanos/uusi/", views_funding.in_kind_edit, name="in-kind-create"),
    path("projektit/<int:pk>/tyopanos/<int:work_pk>/", views_funding.in_kind_edit, name="in-kind-edit"),
    path("projektit/<int:pk>/tyopanos/<int:work_pk>/poista/", views_funding.in_kind_delete, name="in-kind-delete"),
    # Steering-group members
    path("projektit/<int:pk>/kommentoi/", views.project_comment, name="project-comment"),
    # Staff
    path("hallinta/", views.manage, name="manage"),
    path("hallinta/tavoitteet/uusi/", views.goal_edit, name="goal-create"),
    path("hallinta/tavoitteet/<int:pk>/", views.goal_edit, name="goal-edit"),
    path("hallinta/mittarit/uusi/", views.indicator_edit, name="indicator-create"),
    path("hallinta/mittarit/<int:pk>/", views.indicator_edit, name="indicator-edit"),
    path("hallinta/mittarit/<int:indicator_pk>/solut/uusi/", views.cell_edit, name="cell-create"),
    path("hallinta/solut/<int:pk>/", views.cell_edit, name="cell-edit"),
    path("hallinta/solut/<int:cell_pk>/mittaukset/uusi/", views.measurement_edit, name="measurement-create"),
    path("hallinta/mittaukset/<int:pk>/", views.measurement_edit, name="measurement-edit"),
    path("hallinta/mittaukset/<int:pk>/hyvaksy/", views.measurement_approve, name="measurement-approve"),
    path("hallinta/mittaukset/<int:pk>/poista/", views.measurement_delete, name="measurement-delete"),
    path("hallinta/koulutiedot/", views_school_figures.school_proposals, name="school-proposals"),
    path("hallinta/koulutiedot/<int:pk>/", views_school_figures.school_proposal_decide, name="school-proposal-decide"),
    path("projektit/uusi/", views.project_edit, name="project-create"),
    path("projektit/<int:pk>/muokkaa/", views.project_edit, name="project-edit"),
    path("projektit/<int:pk>/tila/", views.project_status, name="project-status"),
    path("hallinta/talousarvio/uusi/", views.budget_year_edit, name="budget-year-create"),
    path("hallinta/talousarvio/<int:year>/", views.budget_year_edit, name="budget-year-edit"),
    path("hallinta/talousarvio/<int:year>/rivit/uusi/", views.budget_line_edit, name="budget-line-create"),
    path("hallinta/talousrivit/<int:pk>/", views.budget_line_edit, name="budget-line-edit"),
    path("hallinta/talousrivit/<int:line_pk>/kirjaus/", views.budget_entry_create, name="budget-entry-create"),
    path("hallinta/kirjaukset/<int:pk>/maksettu/", views.budget_entry_mark_spent, name="budget-entry-spent"),
    path("hallinta/riskit/uusi/", views.risk_edit, name="risk-create"),
    path("hallinta/riskit/<int:pk>/", views.risk_edit, name="risk-edit"),
    path("hallinta/raportointi/uusi/", views.deadline_edit, name="deadline-create"),
    path("hallinta/raportointi/<int:pk>/", views.deadline_edit, name="deadline-edit"),
]
