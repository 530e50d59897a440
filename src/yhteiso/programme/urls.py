from django.urls import path

from yhteiso.programme import targeting_views, views, views_portfolio, views_progress, views_school_figures

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
    path("tyosuunnitelma/", views_portfolio.work_plan_view, name="work-plan"),
    path("hallinta/tyosuunnitelma/<int:pk>/", views_portfolio.milestone_edit, name="milestone-edit"),
    path("salkun-tasapaino/", views_portfolio.portfolio_balance_view, name="portfolio-balance"),
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
