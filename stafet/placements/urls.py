from django.urls import path

from stafet.placements import views

app_name = "placements"
urlpatterns = [
    path("", views.opening_list, name="openings"),
    path("report/", views.company_report, name="company_report"),
    path("new/", views.opening_new, name="opening_new"),
    path("<int:pk>/", views.opening_detail, name="opening"),
    path("<int:pk>/edit/", views.opening_edit, name="opening_edit"),
    path("<int:pk>/candidates/", views.add_candidate, name="add_candidate"),
    path("placements/<int:pk>/stage/", views.move, name="move"),
    path("programme/<int:pk>/report/", views.talent_report, name="talent_report"),
    path("programme/<int:pk>/selection/", views.selection, name="selection"),
    path("screening/<int:pk>/", views.screening, name="screening"),
    path("programme/<int:pk>/assignment/", views.assignment, name="assignment"),
    path("programme/<int:pk>/assignment/rule/", views.assignment_rule, name="assignment_rule"),
    path("programme/<int:pk>/assignment/rule/remove/", views.assignment_rule_remove, name="assignment_rule_remove"),
    path("programme/<int:pk>/assignment/take/", views.assignment_take, name="assignment_take"),
]
