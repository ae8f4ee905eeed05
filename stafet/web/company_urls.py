from django.urls import path

from stafet.web import companies as views

app_name = "companies"
urlpatterns = [
    path("", views.company_list, name="list"),
    path("new/", views.company_new, name="new"),
    path("place/", views.site_place, name="site_place"),
    path("<int:pk>/", views.company_detail, name="detail"),
    path("<int:pk>/sites/new/", views.site_add, name="site_add"),
    path("<int:pk>/sites/<int:site_pk>/", views.site_change, name="site_change"),
]
