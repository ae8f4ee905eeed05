from django.contrib import admin
from django.urls import include, path

from stafet.web import portal as web_portal
from stafet.web import views as web_views

urlpatterns = [
    path("", web_views.home, name="home"),
    path("help/<int:pk>/", web_portal.ask_for_help, name="ask_for_help"),
    path("accounts/", include("stafet.accounts.urls")),
    path("i18n/setlang/", web_views.set_language, name="set_language"),
    path("programmes/", include("stafet.programmes.urls")),
    path("people/", include("stafet.web.people_urls")),
    path("openings/", include("stafet.placements.urls")),
    path("companies/", include("stafet.web.company_urls")),
    path("mentorships/", include("stafet.mentorships.urls")),
    path("matching/", include("stafet.matches.urls")),
    path("outcomes/", include("stafet.outcomes.urls")),
    path("events/", include("stafet.events.urls")),
    path("privacy/", include("stafet.privacy.urls")),
    path("notifications/", include("stafet.notifications.urls")),
    path("admin/", admin.site.urls),
]
