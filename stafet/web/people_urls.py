from django.urls import path

from stafet.web import logins
from stafet.web import people as views

app_name = "people"
urlpatterns = [
    path("participants/", views.participant_list, name="participants"),
    path("participants/<int:pk>/", views.participant_detail, name="participant"),
    path("mentors/", views.mentor_list, name="mentors"),
    path("mentors/<int:pk>/", views.mentor_detail, name="mentor"),
    path("mentors/new/", views.mentor_new, name="mentor_new"),
    path("mentors/<int:pk>/change/", views.mentor_change, name="mentor_change"),
    path("me/", views.my_profile, name="me"),
    path("participants/<int:pk>/edit/", views.participant_edit, name="participant_edit"),
    path("participants/<int:pk>/cv.pdf", views.participant_cv_pdf, name="participant_cv"),
    path("mentors/<int:pk>/edit/", views.mentor_edit, name="mentor_edit"),
    path("logins/", logins.login_list, name="logins"),
    path("logins/new/", logins.login_new, name="login_new"),
    path("logins/<int:pk>/resend/", logins.login_resend, name="login_resend"),
    path("logins/<int:pk>/deactivate/", logins.login_deactivate, name="login_deactivate"),
    path("logins/mentors/<int:pk>/invite/", logins.mentor_invite, name="login_invite_mentor"),
    path("logins/participants/<int:pk>/invite/", logins.participant_invite, name="login_invite_participant"),
]
