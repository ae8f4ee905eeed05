from django.urls import path

from stafet.privacy import views

app_name = "privacy"
urlpatterns = [
    path("", views.index, name="index"),
    path("mentors/", views.mentors, name="mentors"),
    path("participants/<int:pk>/", views.participant, name="participant"),
    path("participants/<int:pk>/export.json", views.export, {"fmt": "json"}, name="export_json"),
    path("participants/<int:pk>/export.html", views.export, {"fmt": "html"}, name="export_html"),
    path("participants/<int:pk>/export.pdf", views.export, {"fmt": "pdf"}, name="export_pdf"),
    path("participants/<int:pk>/erase/", views.erase, name="erase"),
    path("retention/", views.retention, name="retention"),
    path("me/", views.my_data, name="me"),
    path("referrals/<int:pk>/withdraw-consent/", views.withdraw_consent, name="withdraw_consent"),
    path("mentors/<int:pk>/", views.mentor, name="mentor"),
    path("mentors/<int:pk>/export.json", views.export, {"fmt": "json", "kind": "mentor"}, name="mentor_export_json"),
    path("mentors/<int:pk>/export.html", views.export, {"fmt": "html", "kind": "mentor"}, name="mentor_export_html"),
    path("mentors/<int:pk>/export.pdf", views.export, {"fmt": "pdf", "kind": "mentor"}, name="mentor_export_pdf"),
    path("mentors/<int:pk>/erase/", views.erase, {"kind": "mentor"}, name="mentor_erase"),
]
