from django.urls import path

from stafet.placements import views

app_name = "placements"
urlpatterns = [
    path("", views.opening_list, name="openings"),
    path("new/", views.opening_new, name="opening_new"),
    path("<int:pk>/", views.opening_detail, name="opening"),
    path("<int:pk>/edit/", views.opening_edit, name="opening_edit"),
    path("<int:pk>/candidates/", views.add_candidate, name="add_candidate"),
    path("placements/<int:pk>/stage/", views.move, name="move"),
]
