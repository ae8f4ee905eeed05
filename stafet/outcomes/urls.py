from django.urls import path

from stafet.outcomes import views

app_name = "outcomes"
urlpatterns = [
    path("reports/", views.report_index, name="reports"),
    path("due/", views.outcomes_due, name="due"),
    path("programme/<int:pk>/report/", views.programme_report, name="programme_report"),
    path("cohort/<int:pk>/report/", views.cohort_report, name="cohort_report"),
    path("programme/<int:pk>/municipalities/", views.municipality_report, name="municipality_report"),
    path("programme/<int:pk>/companies/", views.company_report, name="company_report"),
    path("cohort/<int:pk>/", views.cohort_outcomes, name="cohort"),
    path("cohort/<int:pk>/participant/<int:participant>/", views.register_outcome, name="register"),
]
