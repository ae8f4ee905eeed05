"""Workflows of referral, screening and enrolment. Each runs in one transaction and audits itself."""

import datetime
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from stafet.accounts.actions import create_invited_user
from stafet.audit.record import apply_changes, record
from stafet.organisations.models import Organisation, Role, User
from stafet.people.models import Mentor, MentorLanguage, Participant, ParticipantLanguage, ParticipantOccupation
from stafet.programmes import notices
from stafet.programmes.eligibility import evaluate, mentor_facts, participant_facts
from stafet.programmes.models import (
    Cohort,
    MentorApplication,
    MentorEnrolment,
    ParticipantEnrolment,
    Programme,
    Referral,
)
from stafet.reference.models import Industry, Language, Occupation


@transaction.atomic
def refer_participant(
    *,
    participant: Participant,
    programme: Programme,
    municipality: Organisation,
    caseworker: User | None,
    referred_on: datetime.date,
    consent_given_on: datetime.date,
    consent_scope: str,
    by: User,
    note: str = "",
) -> Referral:
    if municipality.kind != Organisation.Kind.MUNICIPALITY:
        raise ValidationError({"municipality": _("Only a municipality refers citizens.")})
    if consent_given_on > referred_on:
        raise ValidationError({"consent_given_on": _("Consent must be given before the referral.")})
    if Referral.objects.filter(participant=participant, programme=programme).exists():
        raise ValidationError(_("%(p)s is already referred to %(prog)s.") % {"p": participant, "prog": programme})
    referral = Referral.objects.create(
        participant=participant,
        programme=programme,
        municipality=municipality,
        caseworker=caseworker,
        referred_on=referred_on,
        consent_given_on=consent_given_on,
        consent_scope=consent_scope,
        note=note,
    )
    record(actor=by, action="referral.created", target=referral, consent_scope=consent_scope)
    return referral


@transaction.atomic
def accept_referral(
    *,
    referral: Referral,
    cohort: Cohort,
    by: User,
    on: datetime.date | None = None,
    accepted_despite: Sequence[str] = (),
    invite: bool = True,
) -> ParticipantEnrolment:
    """Accept into ``cohort``. ``accepted_despite``: the failed eligibility rules, in words, that the
    coordinator chose to overrule; they are kept on the enrolment (matching honours them) and in the audit.
    A participant without a login gets one, with an emailed invitation (``invite=False``: not now)."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    # Locked, so that two coordinators filling the last place at once cannot both get it.
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    if cohort.programme_id != referral.programme_id:
        raise ValidationError({"cohort": _("The cohort belongs to another programme.")})
    if cohort.participant_enrolments.filter(participant=referral.participant_id).exists():
        raise ValidationError(
            {"cohort": _("%(p)s is already enrolled in %(c)s.") % {"p": referral.participant, "c": cohort.name}}
        )
    if cohort.status == Cohort.Status.CLOSED:
        raise ValidationError({"cohort": _("The cohort is closed.")})
    taken = cohort.participant_enrolments.exclude(status=ParticipantEnrolment.Status.WITHDRAWN).count()
    if taken >= cohort.capacity:
        raise ValidationError({"cohort": _("The cohort is full (%(n)s places).") % {"n": cohort.capacity}})
    referral.transition_to(Referral.Status.ACCEPTED)
    referral.decided_at = timezone.now()
    referral.save(update_fields=["status", "decided_at"])
    enrolment = ParticipantEnrolment.objects.create(
        cohort=cohort,
        participant=referral.participant,
        referral=referral,
        enrolled_on=on or timezone.localdate(),
        rules_overruled=list(accepted_despite),
    )
    details = {"accepted_despite": list(accepted_despite)} if accepted_despite else {}
    record(actor=by, action="referral.accepted", target=referral, cohort=cohort.pk, **details)
    notices.referral_decided(referral, cohort)
    if invite:
        give_login(referral.participant, role=Role.PARTICIPANT, organisation=None, by=by, programme=cohort.programme)
    return enrolment


@transaction.atomic
def decline_referral(*, referral: Referral, reason: str, by: User) -> Referral:
    referral = _decline(referral, reason, Referral.DeclineReason.values)
    record(actor=by, action="referral.declined", target=referral, reason=reason)
    notices.referral_decided(referral)
    return referral


#: Why a talent programme routes a referred citizen back to the municipality's ordinary integration programme.
ROUTE_BACK_REASONS = (
    Referral.DeclineReason.NOT_SELECTED,
    Referral.DeclineReason.NOT_ELIGIBLE,
    Referral.DeclineReason.LANGUAGE,
    Referral.DeclineReason.NOT_READY,
    Referral.DeclineReason.DECLINED_BY_CITIZEN,
    Referral.DeclineReason.OTHER,
)


@transaction.atomic
def route_back(*, referral: Referral, reason: str, by: User) -> Referral:
    """Not selected for a talent programme: the citizen continues in the municipality's ordinary integration
    programme (integrationsprogram), with a coded reason, and the referring caseworker is told."""
    referral = _decline(referral, reason, ROUTE_BACK_REASONS)
    record(actor=by, action="referral.routed_back", target=referral, reason=reason)
    notices.routed_back(referral)
    return referral


def _decline(referral: Referral, reason: str, reasons: Sequence[str]) -> Referral:
    referral = Referral.objects.select_for_update().select_related("participant", "programme").get(pk=referral.pk)
    if reason not in reasons:
        raise ValidationError({"reason": _("Choose a reason for %(p)s.") % {"p": referral.participant}})
    referral.transition_to(Referral.Status.DECLINED)
    referral.decline_reason = reason
    referral.decided_at = timezone.now()
    referral.save(update_fields=["status", "decline_reason", "decided_at"])
    return referral


def give_login(
    person: Mentor | Participant, *, role: str, organisation: Organisation | None, by: User, programme: Programme
) -> User | None:
    """A login for a mentor or participant who has none yet, and the invitation to choose its password.
    Nobody to invite without an email address: the coordinator sees them as having no login."""
    if person.user_id or not person.email:
        return None
    person.user = create_invited_user(
        role=role,
        email=person.email,
        first_name=person.first_name,
        last_name=person.last_name,
        organisation=organisation,
        by=by,
        programme=programme,
    )
    person.save(update_fields=["user"])
    return person.user


@transaction.atomic
def invite_to_login(*, person: Mentor | Participant, email: str, by: User) -> User:
    """A login for an enrolled mentor or participant who has none (they had no email address when they were
    enrolled, or were enrolled without an invitation): the coordinator adds the address to a person who has none,
    and the invitation goes out. An address the person already has is changed on their profile, not here. The
    audit record names the field changed, not the address."""
    person = type(person).objects.select_for_update().get(pk=person.pk)
    if person.user_id:
        raise ValidationError(_("%(p)s already has a login.") % {"p": person})
    email, changed = email.strip(), []
    if email and person.email and email.lower() != person.email.lower():
        raise ValidationError({"email": _("%(p)s's email address is changed on their profile.") % {"p": person}})
    if email and not person.email:
        try:
            validate_email(email)
        except ValidationError:
            raise ValidationError({"email": _("“%(e)s” is not an email address.") % {"e": email[:100]}}) from None
        person.email = email
        person.save(update_fields=["email"])
        changed.append("email")
    if not person.email:
        raise ValidationError({"email": _("Give %(p)s's email address to send the invitation to.") % {"p": person}})
    enrolment: MentorEnrolment | ParticipantEnrolment | None
    if isinstance(person, Mentor):
        enrolments = person.enrolments.filter(status=MentorEnrolment.Status.ENROLLED)
        enrolment = enrolments.select_related("cohort__programme").order_by("-enrolled_on", "-pk").first()
        role, organisation = Role.MENTOR, person.organisation
    else:
        taken = person.enrolments.exclude(status=ParticipantEnrolment.Status.WITHDRAWN)
        enrolment = taken.select_related("cohort__programme").order_by("-enrolled_on", "-pk").first()
        role, organisation = Role.PARTICIPANT, None
    if enrolment is None:
        raise ValidationError(
            _("%(p)s is not enrolled in a cohort: the login comes with the enrolment.") % {"p": person}
        )
    record(actor=by, action=f"{person._meta.model_name}.login_given", target=person, fields=changed)
    user = give_login(person, role=role, organisation=organisation, by=by, programme=enrolment.cohort.programme)
    assert user is not None  # the person has an email address and no login: checked above
    return user


@transaction.atomic
def enrol_mentor(
    *,
    mentor: Mentor,
    cohort: Cohort,
    by: User,
    capacity: int | None = None,
    on: datetime.date | None = None,
    invite: bool = True,
) -> MentorEnrolment:
    """Enrol a mentor in a cohort. A mentor who signed up to the programme is enrolled once screening approved
    them. A mentor without a login gets one, with an emailed invitation to choose the password (``invite=False``:
    not now, e.g. for the demo's past cohorts)."""
    unapproved = mentor.applications.filter(programme=cohort.programme_id).exclude(
        status=MentorApplication.Status.APPROVED
    )
    if unapproved.exists():
        raise ValidationError(
            _("%(m)s signed up to %(p)s and is not approved in screening yet.") % {"m": mentor, "p": cohort.programme}
        )
    enrolment, created = MentorEnrolment.objects.get_or_create(
        cohort=cohort,
        mentor=mentor,
        defaults={"capacity": capacity or mentor.capacity, "enrolled_on": on or timezone.localdate()},
    )
    if not created:
        raise ValidationError(_("%(m)s is already in this cohort.") % {"m": mentor})
    mentor.programmes.add(cohort.programme)
    record(actor=by, action="mentor.enrolled", target=enrolment, capacity=enrolment.capacity)
    if invite:
        give_login(mentor, role=Role.MENTOR, organisation=mentor.organisation, by=by, programme=cohort.programme)
    return enrolment


@transaction.atomic
def enrol_mentors(
    *, mentors: Sequence[Mentor], cohort: Cohort, by: User, capacity: int | None = None
) -> list[MentorEnrolment]:
    """Enrol many mentors in a cohort at once, all or none: one already in the cohort and nobody is enrolled.
    Each mentor keeps their own capacity unless ``capacity`` is given for all."""
    if not mentors:
        raise ValidationError({"mentors": _("Tick the mentors to enrol.")})
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    if cohort.status == Cohort.Status.CLOSED:
        raise ValidationError({"cohort": _("The cohort is closed.")})
    already = [str(e.mentor) for e in cohort.mentor_enrolments.filter(mentor__in=mentors).select_related("mentor")]
    if already:
        raise ValidationError(
            {
                "cohort": _("Already in %(c)s: %(names)s. Untick them and enrol the others.")
                % {"c": cohort.name, "names": ", ".join(sorted(already))}
            }  # fmt: skip
        )
    enrolments = [enrol_mentor(mentor=mentor, cohort=cohort, by=by, capacity=capacity) for mentor in mentors]
    record(actor=by, action="cohort.mentors_enrolled", target=cohort, mentors=[m.pk for m in mentors])
    return enrolments


@transaction.atomic
def record_training(*, mentor: Mentor, completed_on: datetime.date, by: User) -> Mentor:
    if completed_on > timezone.localdate():
        raise ValidationError({"completed_on": _("Training cannot be completed in the future.")})
    mentor.training_completed_on = completed_on
    mentor.save(update_fields=["training_completed_on"])
    record(actor=by, action="mentor.trained", target=mentor, completed_on=completed_on.isoformat())
    return mentor


@transaction.atomic
def refer_new_participant(
    *,
    participant: Participant,
    occupations: Sequence[tuple[Occupation, Decimal]],
    languages: Sequence[tuple[Language, str]],
    industries: Iterable[Industry],
    programme: Programme,
    municipality: Organisation,
    caseworker: User,
    referred_on: datetime.date,
    consent_given_on: datetime.date,
    consent_scope: str,
    note: str = "",
) -> Referral:
    """A caseworker registers a citizen and refers them (henviser) in one step: the profile, its occupations
    and languages, and the referral land together or not at all."""
    if not programme.partner_municipalities.filter(pk=municipality.pk).exists():
        raise ValidationError(
            {"programme": _("%(m)s is not a partner of %(p)s.") % {"m": municipality, "p": programme}}
        )
    if consent_given_on > timezone.localdate():
        raise ValidationError({"consent_given_on": _("The consent date cannot be in the future.")})
    # The same citizen registered twice would be two people to the programme; the caseworker's own
    # municipality is where a duplicate can be seen without telling them about other municipalities' citizens.
    earlier = Referral.objects.filter(
        programme=programme,
        municipality=municipality,
        participant__first_name__iexact=participant.first_name,
        participant__last_name__iexact=participant.last_name,
        participant__birth_year=participant.birth_year,
    ).first()
    if earlier:
        raise ValidationError(
            _("%(p)s (born %(y)s) is already referred to %(prog)s, on %(d)s.")
            % {"p": earlier.participant, "y": participant.birth_year, "prog": programme, "d": earlier.referred_on}
        )
    participant.full_clean()
    participant.save()
    participant.industries.set(industries)
    ParticipantOccupation.objects.bulk_create(
        ParticipantOccupation(participant=participant, occupation=occupation, years=years)
        for occupation, years in occupations
    )
    ParticipantLanguage.objects.bulk_create(
        ParticipantLanguage(participant=participant, language=language, level=level) for language, level in languages
    )
    record(actor=caseworker, action="participant.created", target=participant, municipality=municipality.pk)
    return refer_participant(
        participant=participant,
        programme=programme,
        municipality=municipality,
        caseworker=caseworker,
        referred_on=referred_on,
        consent_given_on=consent_given_on,
        consent_scope=consent_scope,
        by=caseworker,
        note=note,
    )


def eligibility_failures(referral: Referral) -> list[str]:
    """The programme's participant rules the referred citizen does not meet, in words."""
    return [f.reason for f in evaluate(referral.programme.participant_rules, participant_facts(referral.participant))]


@transaction.atomic
def accept_screened_referral(
    *, referral: Referral, cohort: Cohort, by: User, accept_despite: bool = False
) -> ParticipantEnrolment:
    """Screening's accept: evaluates the programme's rules now, and refuses an ineligible citizen unless
    the coordinator explicitly accepts despite the failed rules (which the audit record then names)."""
    # Locking the cohort makes two coordinators accepting into its last place take turns.
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    failures = eligibility_failures(referral)
    if failures and not accept_despite:
        raise ValidationError(
            {
                "accept_despite": _(
                    "Does not meet the programme's rules (%(r)s). Tick “accept despite the failed rules” to accept "
                    "anyway; the rules you overrule are kept in the audit trail."
                )
                % {"r": "; ".join(failures)}
            }
        )
    return accept_referral(referral=referral, cohort=cohort, by=by, accepted_despite=failures)


@transaction.atomic
def open_cohort(
    *,
    programme: Programme,
    name: str,
    start_date: datetime.date,
    capacity: int,
    by: User,
    welcome_event_date: datetime.date | None = None,
) -> Cohort:
    """Open a new cohort (hold) of a programme, in planning: referrals can be accepted into it and mentors
    enrolled, then it is matched."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the cohort a name.")})
    if programme.cohorts.filter(name__iexact=name).exists():
        raise ValidationError({"name": _("%(p)s already has a cohort called “%(n)s”.") % {"p": programme, "n": name}})
    if capacity < 1:
        raise ValidationError({"capacity": _("A cohort has at least one place.")})
    if welcome_event_date and welcome_event_date > start_date:
        raise ValidationError({"welcome_event_date": _("The welcome event is on or before the start.")})
    cohort = Cohort.objects.create(
        programme=programme,
        name=name,
        start_date=start_date,
        welcome_event_date=welcome_event_date,
        capacity=capacity,
    )
    record(actor=by, action="cohort.opened", target=cohort, start=start_date.isoformat(), capacity=capacity)
    return cohort


@transaction.atomic
def close_cohort(*, cohort: Cohort, by: User) -> Cohort:
    """Close a cohort once every mentorship in it is closed: it then takes no referrals, mentors or matching."""
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    still_open = cohort.mentorships.open().count()
    if still_open:
        raise ValidationError(
            ngettext(
                "%(n)s mentorship is still open; close it first.",
                "%(n)s mentorships are still open; close them first.",
                still_open,
            )
            % {"n": still_open}
        )
    old = cohort.transition_to(Cohort.Status.CLOSED)
    cohort.save(update_fields=["status"])
    record(actor=by, action="cohort.status", target=cohort, old=old, new=cohort.status)
    return cohort


@transaction.atomic
def withdraw_participant(*, enrolment: ParticipantEnrolment, by: User) -> ParticipantEnrolment:
    """A participant leaves the cohort before the end. Their open mentorships must be closed first (with the
    reason), so the mentor's place and the follow-up calls are settled the one way closing settles them."""
    enrolment = ParticipantEnrolment.objects.select_for_update().select_related("participant").get(pk=enrolment.pk)
    open_ones = enrolment.cohort.mentorships.open().filter(participant=enrolment.participant_id).count()
    if open_ones:
        raise ValidationError(
            _("%(p)s still has an open mentorship in this cohort; close it with a reason first.")
            % {"p": enrolment.participant}
        )
    old = enrolment.transition_to(ParticipantEnrolment.Status.WITHDRAWN)
    enrolment.save(update_fields=["status"])
    record(actor=by, action="enrolment.withdrawn", target=enrolment, old=old)
    return enrolment


@transaction.atomic
def withdraw_consent(*, referral: Referral, scope: str, by: User, by_phone: bool) -> Referral:
    """The citizen withdraws one scope of their consent (GDPR art. 7(3)), themselves or by phone to the staff, who
    record it the same way. Each scope includes the one before it, so the consent falls to the scope below: without
    the companies' scope, companies lose sight of them at once (``placements.access.consent_to_companies``); without
    follow-up, no more outcomes are asked for or recorded (``outcomes``). The programme's own scope is the
    referral itself: withdrawing it is leaving the programme (``privacy.actions.withdraw_consent_to_take_part``),
    which closes what rests on it."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    scopes = list(Referral.ConsentScope.values)
    if scope not in scopes[1:] or scopes.index(scope) > scopes.index(referral.consent_scope):
        # Translators: also in the participants' languages (read by mentors, participants or visitors).
        raise ValidationError(_("That consent is not given, so it cannot be withdrawn."))
    if referral.status == Referral.Status.WITHDRAWN:
        # Translators: also in the participants' languages (read by mentors, participants or visitors).
        raise ValidationError(_("The referral is withdrawn: no consent is in use."))
    old = referral.consent_scope
    referral.consent_scope = scopes[scopes.index(scope) - 1]
    referral.save(update_fields=["consent_scope"])
    record(actor=by, action="referral.consent_withdrawn", target=referral, old=old, new=referral.consent_scope,
           withdrawn=scope, by_phone=by_phone)  # fmt: skip
    return referral


# ------------------------------------------------------------------------------------------- mentor recruitment


@transaction.atomic
def sign_up_mentor(
    *, mentor: Mentor, languages: Sequence[tuple[Language, str]], programme: Programme, source: str = ""
) -> MentorApplication | None:
    """A mentor signs up on the programme's public page, consenting there to the data use: the profile, the
    languages and the application to be screened land together or not at all. Someone already signed up to the
    programme with the same email address changes nothing (``None``); the page says the same either way, so it
    does not tell a visitor who has signed up."""
    if not programme.recruits_mentors:
        # Translators: also in the participants' languages (read by mentors, participants or visitors).
        raise ValidationError(_("%(p)s does not take mentors' sign-ups.") % {"p": programme})
    already = MentorApplication.objects.filter(programme=programme, mentor__email__iexact=mentor.email)
    if mentor.email and already.exists():
        return None
    _save_new_mentor(mentor, languages, programme)
    now = timezone.now()
    application = MentorApplication.objects.create(
        mentor=mentor, programme=programme, submitted_at=now, consent_given_at=now, source=source
    )
    record(actor=None, action="mentor.signed_up", target=application, programme=programme.pk)
    return application


def _save_new_mentor(mentor: Mentor, languages: Sequence[tuple[Language, str]], programme: Programme) -> None:
    """A new mentor of ``programme`` with their languages; a company's employee is a business mentor, anyone else
    a community volunteer."""
    if not Organisation.objects.filter(
        Q(company_programmes=programme) | Q(pk=programme.operator_id), pk=mentor.organisation_id
    ).exists():
        raise ValidationError(
            {"organisation": _("%(o)s is neither a partner company of %(p)s nor its NGO.")
             % {"o": mentor.organisation, "p": programme}}
        )  # fmt: skip
    is_company = mentor.organisation.kind == Organisation.Kind.COMPANY
    mentor.kind = Mentor.Kind.BUSINESS if is_company else Mentor.Kind.COMMUNITY
    mentor.full_clean()
    mentor.save()
    MentorLanguage.objects.bulk_create(
        MentorLanguage(mentor=mentor, language=lang, level=lvl) for lang, lvl in languages
    )
    mentor.programmes.add(programme)


@transaction.atomic
def create_mentor(
    *,
    mentor: Mentor,
    languages: Sequence[tuple[Language, str]],
    programme: Programme,
    by: User,
    cohort: Cohort | None = None,
) -> Mentor:
    """A coordinator enters a mentor of ``programme`` (one of its partner companies' staff, or a volunteer of its
    NGO). Entered by the coordinator, they are not screened as a sign-up is. Enrolled in ``cohort`` at once when
    it is given, which sends the invitation to a mentor with an email address (:func:`enrol_mentor`)."""
    if cohort is not None and cohort.programme_id != programme.pk:
        raise ValidationError({"cohort": _("%(c)s is not a cohort of %(p)s.") % {"c": cohort, "p": programme}})
    _save_new_mentor(mentor, languages, programme)
    record(actor=by, action="mentor.created", target=mentor, programme=programme.pk)
    if cohort is not None:
        enrol_mentor(mentor=mentor, cohort=cohort, by=by)
    return mentor


def mentor_eligibility_failures(mentor: Mentor, programme: Programme) -> list[str]:
    """The programme's mentor rules the mentor does not meet, in words (the participants' rule engine)."""
    return [f.reason for f in evaluate(programme.mentor_rules, mentor_facts(mentor))]


@transaction.atomic
def approve_mentor(*, application: MentorApplication, by: User, accept_despite: bool = False) -> MentorApplication:
    """Screening's approval: the programme's mentor rules are evaluated now, and a mentor who fails one is
    approved only when the coordinator explicitly overrules it (the audit record names the rules)."""
    application = (
        MentorApplication.objects.select_for_update().select_related("mentor", "programme").get(pk=application.pk)
    )
    failures = mentor_eligibility_failures(application.mentor, application.programme)
    if failures and not accept_despite:
        raise ValidationError(
            {
                "accept_despite": _(
                    "Does not meet the programme's rules for mentors (%(r)s). Tick “approve despite the failed "
                    "rules” to approve anyway; the rules you overrule are kept in the audit trail."
                )
                % {"r": "; ".join(failures)}
            }
        )
    old = application.transition_to(MentorApplication.Status.APPROVED)
    application.rules_overruled = failures
    application.decided_at = timezone.now()
    application.save(update_fields=["status", "rules_overruled", "decided_at"])
    details = {"approved_despite": failures} if failures else {}
    record(actor=by, action="mentor.approved", target=application, old=old, **details)
    return application


@transaction.atomic
def decline_mentor(*, application: MentorApplication, reason: str, by: User) -> MentorApplication:
    application = MentorApplication.objects.select_for_update().get(pk=application.pk)
    if reason not in MentorApplication.DeclineReason.values:
        raise ValidationError({"reason": _("Choose a reason.")})
    old = application.transition_to(MentorApplication.Status.DECLINED)
    application.decline_reason = reason
    application.decided_at = timezone.now()
    application.save(update_fields=["status", "decline_reason", "decided_at"])
    record(actor=by, action="mentor.declined", target=application, old=old, reason=reason)
    return application


#: The programme's plan: how long a mentorship runs, how often the pair meets, and what the matching accepts.
PLAN_SETTINGS = (
    "duration_months",
    "meetings_per_month",
    "hours_per_month",
    "mentors_per_participant",
    "max_distance_km",
    "min_language_level",
)
#: The settings the database keeps as JSON: the settings page's forms write them, the admin only shows them.
SETTINGS_AS_JSON = frozenset(
    {"refused_venues", "venue_rule_reason", "description", "weights", "participant_rules", "mentor_rules",
     "measuring_points"}
)  # fmt: skip
#: What the programme's settings page changes; everything else of a programme (its name, operator, partners) is
#: the administrator's.
SETTINGS = frozenset({*PLAN_SETTINGS, *SETTINGS_AS_JSON, "recruits_mentors"})


@transaction.atomic
def change_programme_settings(*, programme: Programme, by: User, **settings: Any) -> Programme:
    """Change a programme's settings. They are checked by the model's own validators (the same the admin runs),
    all at once: one bad value and nothing is saved. The audit record names the settings changed, with the old
    and new value of each."""
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    old = apply_changes(programme, settings, allowed=SETTINGS)
    programme.full_clean()
    if old:
        programme.save(update_fields=list(old))
        details = {name: {"old": _json(value), "new": _json(getattr(programme, name))} for name, value in old.items()}
        record(actor=by, action="programme.settings", target=programme, **details)
    return programme


def _json(value: Any) -> Any:
    """A setting as the audit record keeps it (a decimal as its text)."""
    return str(value) if isinstance(value, Decimal) else value
