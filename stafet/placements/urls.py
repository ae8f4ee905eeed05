from django.urls import path

from stafet.placements import views

app_name = "placements"
urlpatterns = [
    path("", views.opening_list, name="openings"),
    path("<int:pk>/", views.opening_detail, name="opening"),
    path("<int:pk>/candidates/", views.add_candidate, name="add_candidate"),
    path("placements/<int:pk>/stage/", views.move, name="move"),
    path("programme/<int:pk>/report/", views.talent_report, name="talent_report"),
    path("programme/<int:pk>/selection/", views.selection, name="selection"),
    path("screening/<int:pk>/", views.screening, name="screening"),
]
