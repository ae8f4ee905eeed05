"""Programmes, their cohorts (hold), referrals from municipalities and enrolment."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stafet.i18n import in_page_language, validate_texts
from stafet.lifecycle import Lifecycle
from stafet.organisations.models import Organisation
from stafet.people.models import Mentor, Participant
from stafet.programmes.eligibility import validate_mentor_rules, validate_participant_rules
from stafet.programmes.weights import default_weights, validate_weights
from stafet.reference.models import CEFR


def validate_venues(venues: object) -> None:
    """Refused venues: a list of the programme's venue codes."""
    codes = Programme.Venue.values
    if not isinstance(venues, list) or any(v not in codes for v in venues):
        raise ValidationError(
            _('The refused venues must be a list of these codes: %(codes)s (e.g. ["municipal_office"]).')
            % {"codes": ", ".join(codes)}
        )


class MeasuringPoint(models.TextChoices):
    """When a programme measures what became of its participants: at the end, and months after it."""

    END = "end", _("at the end")
    PLUS_3 = "plus_3", _("3 months after")
    PLUS_6 = "plus_6", _("6 months after")
    PLUS_12 = "plus_12", _("12 months after")


#: Months after the programme's planned end of each measuring point.
MONTHS_AFTER_END: dict[str, int] = {
    MeasuringPoint.END: 0,
    MeasuringPoint.PLUS_3: 3,
    MeasuringPoint.PLUS_6: 6,
    MeasuringPoint.PLUS_12: 12,
}


def all_measuring_points() -> list[str]:
    return list(MeasuringPoint.values)


def validate_measuring_points(points: object) -> None:
    """A programme's measuring points: a list of their codes, the end among them (every report starts there)."""
    codes = MeasuringPoint.values
    if not isinstance(points, list) or any(p not in codes for p in points) or len(set(points)) != len(points):
        raise ValidationError(
            _("The measuring points must be a list of these codes, each once: %(codes)s.") % {"codes": ", ".join(codes)}
        )
    if MeasuringPoint.END not in points:
        raise ValidationError(_("Every programme measures its outcomes at the end."))


class Programme(models.Model):
    class Kind(models.TextChoices):
        MENTOR_CORPS = "mentor_corps", _("company mentor corps")
        VOLUNTEER = "volunteer", _("volunteer mentoring")
        DUAL = "dual", _("dual mentoring")
        TALENT = "talent", _("talent programme")

    class Venue(models.TextChoices):
        COMPANY_SITE = "company_site", _("the company's site")
        OTHER_PROFESSIONAL = "other_professional", _("other professional setting")
        PUBLIC_PLACE = "public_place", _("café, library or other public place")
        ONLINE = "online", _("online")
        MUNICIPAL_OFFICE = "municipal_office", _("municipal office")
        PARTICIPANT_HOME = "participant_home", _("the participant's home")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # Texts people write, one per language ({"da": ..., "en": ...}): read with ``text()``.
    description = models.JSONField(_("description"), default=dict, blank=True, validators=[validate_texts])
    operator = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="operated_programmes",
        limit_choices_to={"kind": Organisation.Kind.NGO},
        verbose_name=_("operator (NGO)"),
    )
    partner_companies = models.ManyToManyField(
        Organisation, blank=True, related_name="company_programmes", limit_choices_to={"kind": "company"}
    )
    partner_municipalities = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="municipality_programmes",
        limit_choices_to={"kind": "municipality"},
    )
    duration_months = models.PositiveSmallIntegerField(_("duration (months)"), default=6)
    # Data protection by default (GDPR art. 5(1)(e), 25(2)): a participant's personal data is pseudonymised this
    # many months after their last follow-up in the programme (stafet.privacy.retention).
    retention_months = models.PositiveSmallIntegerField(
        _("keep personal data for (months)"),
        default=12,
        validators=[MinValueValidator(1)],
        help_text=_("After the last follow-up (+12 months outcome), then the participant is pseudonymised."),
    )
    meetings_per_month = models.DecimalField(_("meetings per month"), max_digits=3, decimal_places=1, default=2)
    hours_per_month = models.DecimalField(_("hours per month"), max_digits=4, decimal_places=1, default=4)
    # Eligibility as data: a list of {"field", "op", "value"} evaluated by programmes.eligibility.
    participant_rules = models.JSONField(
        _("eligibility rules for participants"), default=list, blank=True, validators=[validate_participant_rules]
    )
    mentor_rules = models.JSONField(
        _("eligibility rules for mentors"), default=list, blank=True, validators=[validate_mentor_rules]
    )
    # One relative weight per part the engine scores (programmes.weights); the field's default is imported here,
    # where migration 0001 looks for it.
    weights = models.JSONField(_("matching weights"), default=default_weights, validators=[validate_weights])
    max_distance_km = models.PositiveSmallIntegerField(_("maximum distance (km)"), default=40)
    min_language_level = models.CharField(
        _("minimum level of a shared language"), max_length=6, choices=CEFR.choices, default=CEFR.B1
    )
    refused_venues = models.JSONField(
        _("venues not allowed for meetings"), default=list, blank=True, validators=[validate_venues]
    )
    venue_rule_reason = models.JSONField(
        _("why those venues are refused"), default=dict, blank=True, validators=[validate_texts]
    )
    mentors_per_participant = models.PositiveSmallIntegerField(
        _("mentors per participant"), default=1, validators=[MinValueValidator(1)]
    )
    recruits_mentors = models.BooleanField(
        _("recruits mentors"), default=False, help_text=_("Mentors can sign up on the programme's public page.")
    )
    measuring_points = models.JSONField(
        _("outcome measuring points"), default=all_measuring_points, validators=[validate_measuring_points]
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        constraints = [
            models.CheckConstraint(condition=models.Q(duration_months__gte=1), name="programme_duration_positive"),
            models.CheckConstraint(condition=models.Q(max_distance_km__gte=1), name="programme_distance_positive"),
            models.CheckConstraint(
                condition=models.Q(mentors_per_participant__gte=1, mentors_per_participant__lte=2),
                name="programme_one_or_two_mentors",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def shown_description(self) -> str:
        """The description in the page's language, or the nearest one written (``stafet.i18n``)."""
        return in_page_language(self.description)

    @property
    def shown_venue_rule_reason(self) -> str:
        return in_page_language(self.venue_rule_reason)

    def clean(self) -> None:
        # The form's choices already say so; this holds for any other way a programme is saved with a form.
        if self.operator_id and self.operator.kind != Organisation.Kind.NGO:
            raise ValidationError({"operator": _("A programme is operated by an NGO.")})
        if self.recruits_mentors and self.is_talent:
            raise ValidationError(
                {"recruits_mentors": _("A talent programme has no mentors: it cannot have a sign-up page for them.")}
            )

    @property
    def is_talent(self) -> bool:
        return self.kind == self.Kind.TALENT


class Cohort(Lifecycle, models.Model):
    """A cohort (hold) of a programme: starts together, often with a welcome event."""

    class Status(models.TextChoices):
        PLANNING = "planning", _("planning")
        MATCHING = "matching", _("matching")
        RUNNING = "running", _("running")
        CLOSED = "closed", _("closed")

    TRANSITIONS = {
        Status.PLANNING: {Status.MATCHING},
        Status.MATCHING: {Status.PLANNING, Status.RUNNING},
        Status.RUNNING: {Status.MATCHING, Status.CLOSED},
        Status.CLOSED: set(),
    }

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="cohorts")
    name = models.CharField(_("name"), max_length=200)
    start_date = models.DateField(_("start date"))
    welcome_event_date = models.DateField(_("welcome event"), null=True, blank=True)
    capacity = models.PositiveSmallIntegerField(_("places for participants"), validators=[MinValueValidator(1)])
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNING)

    class Meta:
        ordering = ["-start_date", "name"]
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        constraints = [
            models.UniqueConstraint(fields=["programme", "name"], name="cohort_name_unique_in_programme"),
            models.CheckConstraint(condition=models.Q(capacity__gte=1), name="cohort_capacity_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.programme} – {self.name}"

    @property
    def has_started(self) -> bool:
        return self.start_date <= timezone.localdate()


class Referral(Lifecycle, models.Model):
    """A municipality refers a citizen to a programme, with the citizen's consent recorded."""

    class Status(models.TextChoices):
        PENDING = "pending", _("awaiting screening")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")
        WITHDRAWN = "withdrawn", _("withdrawn")

    class DeclineReason(models.TextChoices):
        NOT_ELIGIBLE = "not_eligible", _("does not meet the eligibility rules")
        NO_PLACE = "no_place", _("no place in a cohort")
        LANGUAGE = "language", _("no shared working language yet")
        NOT_READY = "not_ready", _("not ready for the programme now")
        NOT_SELECTED = "not_selected", _("not among those selected; continues in the ordinary integration programme")
        DECLINED_BY_CITIZEN = "declined_by_citizen", _("the citizen declined")
        OTHER = "other", _("other")

    class ConsentScope(models.TextChoices):
        """What the citizen consented to, each scope including the one before it. Company contacts see a
        candidate only with the last (``people.access``)."""

        PROGRAMME = "programme", _("share profile with the programme's NGO and mentors")
        PROGRAMME_AND_FOLLOW_UP = (
            "programme_follow_up",
            _("share profile with the programme's NGO and mentors; follow-up on outcomes for 12 months"),
        )
        PROGRAMME_AND_COMPANIES = (
            "programme_companies",
            _(
                "share profile with the programme's NGO and mentors and with companies with relevant job openings; "
                "follow-up on outcomes for 12 months"
            ),
        )

    TRANSITIONS = {
        Status.PENDING: {Status.ACCEPTED, Status.DECLINED, Status.WITHDRAWN},
        Status.ACCEPTED: {Status.WITHDRAWN},
        Status.DECLINED: {Status.PENDING},
        Status.WITHDRAWN: set(),
    }

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="referrals")
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="referrals")
    municipality = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="referrals",
        limit_choices_to={"kind": Organisation.Kind.MUNICIPALITY},
        verbose_name=_("referring municipality"),
    )
    caseworker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="referrals"
    )
    referred_on = models.DateField(_("referred on"))
    consent_given_on = models.DateField(_("consent given on"))
    consent_scope = models.CharField(_("consent scope"), max_length=30, choices=ConsentScope.choices)
    note = models.TextField(_("note from the caseworker"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    decline_reason = models.CharField(_("reason"), max_length=30, choices=DeclineReason.choices, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-referred_on", "-id"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        constraints = [
            models.UniqueConstraint(fields=["participant", "programme"], name="referral_unique_per_programme"),
            models.CheckConstraint(
                condition=models.Q(consent_given_on__lte=models.F("referred_on")),
                name="consent_before_referral",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="declined") | ~models.Q(decline_reason=""),
                name="decline_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant} → {self.programme}"

    def clean(self) -> None:
        if self.municipality_id and self.municipality.kind != Organisation.Kind.MUNICIPALITY:
            raise ValidationError({"municipality": _("A referral comes from a municipality (its job centre).")})


class ParticipantEnrolment(Lifecycle, models.Model):
    class Status(models.TextChoices):
        ENROLLED = "enrolled", _("enrolled")
        COMPLETED = "completed", _("completed")
        WITHDRAWN = "withdrawn", _("withdrawn")

    TRANSITIONS = {
        Status.ENROLLED: {Status.COMPLETED, Status.WITHDRAWN},
        Status.COMPLETED: set(),
        Status.WITHDRAWN: set(),
    }

    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="participant_enrolments")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="enrolments")
    referral = models.ForeignKey(Referral, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    enrolled_on = models.DateField(_("enrolled on"))
    # The programme's rules (in words) the coordinator overruled in screening ("accept despite"); matching
    # treats the participant as eligible.
    rules_overruled = models.JSONField(_("rules overruled in screening"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ENROLLED)
    open_mentorships: int  # on the cohort page (set by the view)

    class Meta:
        verbose_name = _("participant enrolment")
        verbose_name_plural = _("participant enrolments")
        constraints = [
            models.UniqueConstraint(fields=["cohort", "participant"], name="participant_enrolled_once_per_cohort"),
        ]

    def __str__(self) -> str:
        return f"{self.participant} in {self.cohort}"


class MentorEnrolment(Lifecycle, models.Model):
    """A mentor's place in a cohort. ``open_mentorships`` is kept by the database itself (triggers on the
    mentorship table, migration 0002) and a check constraint refuses any write that would take it past
    ``capacity``: a mentor can never be over capacity, whoever writes the mentorship."""

    class Status(models.TextChoices):
        ENROLLED = "enrolled", _("enrolled")
        WITHDRAWN = "withdrawn", _("withdrawn")

    TRANSITIONS = {Status.ENROLLED: {Status.WITHDRAWN}, Status.WITHDRAWN: {Status.ENROLLED}}

    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="mentor_enrolments")
    mentor = models.ForeignKey(Mentor, on_delete=models.CASCADE, related_name="enrolments")
    capacity = models.PositiveSmallIntegerField(_("capacity in this cohort"), validators=[MinValueValidator(1)])
    open_mentorships = models.PositiveSmallIntegerField(default=0, editable=False)
    enrolled_on = models.DateField(_("enrolled on"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ENROLLED)

    class Meta:
        verbose_name = _("mentor enrolment")
        verbose_name_plural = _("mentor enrolments")
        constraints = [
            models.UniqueConstraint(fields=["cohort", "mentor"], name="mentor_enrolled_once_per_cohort"),
            models.CheckConstraint(
                condition=models.Q(open_mentorships__lte=models.F("capacity")),
                name="mentor_never_over_capacity",
            ),
            models.CheckConstraint(condition=models.Q(capacity__gte=1), name="mentor_enrolment_capacity_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.mentor} in {self.cohort}"

    @property
    def free_places(self) -> int:
        return self.capacity - self.open_mentorships

    def clean(self) -> None:
        # The database would refuse it too; here the admin's form says why instead of failing.
        if self.capacity is not None and self.capacity < self.open_mentorships:
            raise ValidationError(
                {
                    "capacity": _("%(m)s has %(n)s open mentorships in this cohort; the capacity cannot be lower.")
                    % {"m": self.mentor, "n": self.open_mentorships}
                }
            )


class MentorApplication(Lifecycle, models.Model):
    """A mentor's sign-up to a programme on its public page, with the consent given there, and the coordinator's
    screening of it against the programme's mentor rules."""

    class Status(models.TextChoices):
        PENDING = "pending", _("awaiting screening")
        APPROVED = "approved", _("approved")
        DECLINED = "declined", _("declined")

    class DeclineReason(models.TextChoices):
        NOT_ELIGIBLE = "not_eligible", _("does not meet the rules for mentors")
        NO_NEED = "no_need", _("no need for more mentors now")
        NOT_REACHED = "not_reached", _("could not be reached")
        WITHDREW = "withdrew", _("withdrew the application")
        OTHER = "other", _("other")

    TRANSITIONS = {
        Status.PENDING: {Status.APPROVED, Status.DECLINED},
        Status.APPROVED: set(),
        Status.DECLINED: {Status.PENDING},
    }

    mentor = models.ForeignKey(Mentor, on_delete=models.CASCADE, related_name="applications")
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="mentor_applications")
    submitted_at = models.DateTimeField(_("signed up"), default=timezone.now)
    consent_given_at = models.DateTimeField(_("consent given"))
    # A keyed hash of the address the sign-up came from, never the address itself: what the rate limit counts.
    source = models.CharField(max_length=64, blank=True, editable=False)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    decline_reason = models.CharField(_("reason"), max_length=30, choices=DeclineReason.choices, blank=True)
    rules_overruled = models.JSONField(_("rules overruled in screening"), default=list, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("mentor application")
        verbose_name_plural = _("mentor applications")
        constraints = [
            models.UniqueConstraint(fields=["mentor", "programme"], name="mentor_applies_once_per_programme"),
            models.CheckConstraint(
                condition=~models.Q(status="declined") | ~models.Q(decline_reason=""),
                name="mentor_decline_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentor} → {self.programme}"
