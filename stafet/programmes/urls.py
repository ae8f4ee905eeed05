from django.urls import path

from stafet.programmes import setting_views, signup, views

app_name = "programmes"
urlpatterns = [
    path("", views.programme_list, name="list"),
    path("<int:pk>/", views.programme_detail, name="detail"),
    path("<int:pk>/settings/", setting_views.programme_settings, name="settings"),
    path("<int:pk>/cohorts/new/", views.cohort_open, name="cohort_open"),
    path("cohorts/<int:pk>/", views.cohort_detail, name="cohort"),
    path("cohorts/<int:pk>/close/", views.cohort_close, name="cohort_close"),
    path("cohorts/<int:pk>/participants/<int:participant_pk>/withdraw/", views.enrolment_withdraw, name="withdraw"),
    path("referrals/", views.referral_list, name="referrals"),
    path("referrals/new/", views.refer, name="refer"),
    path("referrals/<int:pk>/accept/", views.referral_accept, name="referral_accept"),
    path("referrals/<int:pk>/decline/", views.referral_decline, name="referral_decline"),
    path("referrals/<int:pk>/consent/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("<int:pk>/join/", signup.mentor_signup, name="signup"),
    path("<int:pk>/mentors/", views.mentor_screening, name="mentors"),
    path("<int:pk>/mentors/enrol/", views.mentor_bulk_enrol, name="mentor_bulk_enrol"),
    path("<int:pk>/mentors/<int:mentor_pk>/training/", views.mentor_training, name="mentor_training"),
    path("<int:pk>/mentors/<int:mentor_pk>/enrol/", views.mentor_enrol, name="mentor_enrol"),
    path("<int:pk>/applications/<int:application_pk>/decide/", views.mentor_decide, name="mentor_decide"),
]
