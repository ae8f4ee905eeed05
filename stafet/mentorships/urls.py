from django.urls import path

from stafet.mentorships import views

app_name = "mentorships"
urlpatterns = [
    path("<int:pk>/", views.mentorship_detail, name="detail"),
    path("<int:pk>/meetings/", views.log_meeting, name="log_meeting"),
    path("<int:pk>/status/", views.change_status, name="status"),
    path("<int:pk>/close/", views.close, name="close"),
    path("<int:pk>/escalations/", views.raise_escalation, name="raise_escalation"),
    path("<int:pk>/plan/", views.plan_meeting, name="plan_meeting"),
    path("planned/<int:pk>/change/", views.change_planned, name="change_planned"),
    path("planned/<int:pk>/cancel/", views.cancel_planned, name="cancel_planned"),
    path("planned/<int:pk>/held/", views.planned_held, name="planned_held"),
    path("follow-ups/", views.follow_ups, name="follow_ups"),
    path("follow-ups/<int:pk>/", views.record_call, name="record_call"),
    path("escalations/", views.escalation_queue, name="escalations"),
    path("escalations/<int:pk>/take/", views.take_escalation, name="take_escalation"),
    path("escalations/<int:pk>/resolve/", views.resolve_escalation, name="resolve_escalation"),
    path("cohorts/<int:cohort_id>/health/", views.cohort_health_view, name="cohort_health"),
]
