from django.urls import path

from stafet.web import people as views

app_name = "people"
urlpatterns = [
    path("participants/", views.participant_list, name="participants"),
    path("participants/<int:pk>/", views.participant_detail, name="participant"),
    path("mentors/", views.mentor_list, name="mentors"),
    path("mentors/<int:pk>/", views.mentor_detail, name="mentor"),
]
