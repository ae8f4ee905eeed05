from django.urls import path

from stafet.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("<int:pk>/", views.notification_open, name="open"),
    path("read/", views.mark_all_read, name="read_all"),
    path("settings/", views.notification_settings, name="settings"),
    path("calendar/new/", views.feed_new, name="feed_new"),
    path("calendar/revoke/", views.feed_revoke, name="feed_revoke"),
    # The calendar program fetches this without logging in: the secret in the address is the only key.
    path("calendar/<str:token>.ics", views.calendar_feed, name="feed"),
]
