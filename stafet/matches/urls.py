from django.urls import path

from stafet.matches import views

app_name = "matches"
urlpatterns = [
    path("cohorts/<int:cohort_id>/", views.cohort_matching, name="cohort"),
    path("cohorts/<int:cohort_id>/run/", views.run, name="run"),
    path("cohorts/<int:cohort_id>/rules/", views.add_rule, name="add_rule"),
    path("cohorts/<int:cohort_id>/what-if/", views.what_if, name="what_if"),
    path("cohorts/<int:cohort_id>/where-it-helps/", views.where_it_helps, name="where_it_helps"),
    path("rules/<int:rule_id>/remove/", views.remove_rule, name="remove_rule"),
    path("proposals/<int:proposal_id>/approve/", views.approve, name="approve"),
    path("runs/<int:run_id>/approve-all/", views.approve_all, name="approve_all"),
    path("runs/<int:run_id>/publish/", views.publish, name="publish"),
    path("runs/<int:run_id>/discard/", views.discard, name="discard"),
]
