"""The public sign-up page of a programme that recruits mentors (no login): the mentor profile, the languages and
the consent, held off from bots without a third-party service by a honeypot field and a limit per address."""

import datetime
import hashlib
import hmac

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from stafet.accounts.lockout import client_ip
from stafet.forms import add_action_error
from stafet.people.forms import LanguageFormSet, MentorProfileForm
from stafet.programmes.access import get_recruiting_programme, signup_organisations
from stafet.programmes.actions import sign_up_mentor
from stafet.programmes.eligibility import describe_rule
from stafet.programmes.forms import SignUpConsentForm
from stafet.programmes.models import MentorApplication

# Sign-ups from one address in an hour before the page asks it to wait: a company's staff share an address.
SIGNUPS_PER_HOUR = 10


def source_of(request: HttpRequest) -> str:
    """The client's address, keyed and hashed: enough to count sign-ups per address, useless to anyone else."""
    address = client_ip(request) or ""
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()


def too_many(source: str) -> bool:
    since = timezone.now() - datetime.timedelta(hours=1)
    return MentorApplication.objects.filter(source=source, submitted_at__gte=since).count() >= SIGNUPS_PER_HOUR


def mentor_signup(request: HttpRequest, pk: int) -> HttpResponse:
    programme = get_recruiting_programme(pk)
    data = request.POST if request.method == "POST" else None
    profile = MentorProfileForm(data, organisations=signup_organisations(programme), prefix="mentor")
    languages = LanguageFormSet(data, prefix="lang")
    consent = SignUpConsentForm(data, prefix="consent")
    context = {"programme": programme, "profile": profile, "languages": languages, "consent": consent,
               "rules": [describe_rule(r) for r in programme.mentor_rules]}  # fmt: skip
    if data is None:
        return render(request, "programmes/signup.html", context)
    if data.get(consent.add_prefix("website")):
        return render(request, "programmes/signup_done.html", context)  # a bot: thanked, nothing kept
    source = source_of(request)
    if too_many(source):
        return render(request, "programmes/signup_wait.html", context, status=429)
    if all([profile.is_valid(), languages.is_valid(), consent.is_valid()]):
        try:
            with transaction.atomic():
                sign_up_mentor(mentor=profile.save(commit=False), languages=languages.rows(), programme=programme,
                               source=source)  # fmt: skip
            return render(request, "programmes/signup_done.html", context)
        except ValidationError as error:
            add_action_error(error, profile)
    return render(request, "programmes/signup.html", context, status=400)
