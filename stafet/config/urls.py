from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from stafet.web import views as web_views

urlpatterns = [
    path("", web_views.home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("programmes/", include("stafet.programmes.urls")),
    path("people/", include("stafet.web.people_urls")),
    path("openings/", include("stafet.placements.urls")),
    path("mentorships/", include("stafet.mentorships.urls")),
    path("matching/", include("stafet.matches.urls")),
    path("outcomes/", include("stafet.outcomes.urls")),
    path("admin/", admin.site.urls),
]
