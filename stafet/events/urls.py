from django.urls import path

from stafet.events import views

app_name = "events"
urlpatterns = [
    path("", views.event_list, name="list"),
    path("new/", views.event_schedule, name="schedule"),
    path("<int:pk>/", views.event_detail, name="detail"),
    path("<int:pk>/change/", views.event_change, name="change"),
    path("<int:pk>/cancel/", views.event_cancel, name="cancel"),
    path("<int:pk>/invite/", views.event_invite, name="invite"),
    path("<int:pk>/attendance/", views.event_attendance, name="attendance"),
    path("invitations/<int:pk>/answer/", views.invitation_answer, name="answer"),
]
