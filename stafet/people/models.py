"""The people a programme brings together: participants (refugees) and mentors."""

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stafet.organisations.models import Organisation, Site
from stafet.reference.models import (
    CEFR,
    Country,
    EducationLevel,
    Industry,
    Language,
    Municipality,
    Occupation,
    Postcode,
)


def validate_birth_year(value: int) -> None:
    # A function, not MaxValueValidator(this year), so the migration does not change every new year.
    if not 1930 <= value <= datetime.date.today().year - 15:
        raise ValidationError(_("A birth year between 1930 and %(max)s.") % {"max": datetime.date.today().year - 15})


class Person(models.Model):
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # When the person's names, contact details and free text were replaced by a pseudonym (GDPR art. 17); their
    # ids and coded facts stay, so reports still count them (stafet.privacy.actions).
    pseudonymised_at = models.DateTimeField(_("pseudonymised"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class Participant(Person):
    """A refugee or family-reunified person (flygtning, familiesammenført) in a programme."""

    class JobReadiness(models.TextChoices):
        JOB_READY = "job_ready", _("job-ready (jobparat)")
        ACTIVITY_READY = "activity_ready", _("activity-ready (aktivitetsparat)")
        NOT_ASSESSED = "not_assessed", _("not yet assessed")

    class Gender(models.TextChoices):
        """Coded, for the reports' subgroups only; giving it is the participant's choice."""

        WOMAN = "woman", _("woman")
        MAN = "man", _("man")
        OTHER = "other", _("other")
        NOT_STATED = "not_stated", _("not stated")

    class Goal(models.TextChoices):
        JOB = "job", _("job")
        EDUCATION = "education", _("education")
        SELF_EMPLOYMENT = "self_employment", _("self-employment")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="participant"
    )
    birth_year = models.PositiveSmallIntegerField(_("birth year"), validators=[validate_birth_year])
    gender = models.CharField(
        _("gender"),
        max_length=20,
        choices=Gender.choices,
        default=Gender.NOT_STATED,
        blank=True,
        help_text=_("Optional: only counted in the reports' subgroups, never shown in matching."),
    )
    country_of_origin = models.ForeignKey(Country, on_delete=models.PROTECT, verbose_name=_("country of origin"))
    arrival_date = models.DateField(_("arrival in Denmark"), null=True, blank=True)
    residence_permit_date = models.DateField(_("residence permit granted"), null=True, blank=True)
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, verbose_name=_("municipality"))
    home_postcode = models.ForeignKey(Postcode, on_delete=models.PROTECT, verbose_name=_("home postcode"))
    education_level = models.CharField(_("education level"), max_length=20, choices=EducationLevel.choices)
    education_field = models.CharField(_("field of education"), max_length=200, blank=True)
    industries = models.ManyToManyField(Industry, blank=True, verbose_name=_("industries"))
    job_readiness = models.CharField(
        _("job-readiness"), max_length=20, choices=JobReadiness.choices, default=JobReadiness.NOT_ASSESSED
    )
    goal = models.CharField(_("goal"), max_length=20, choices=Goal.choices, default=Goal.JOB)
    competences = models.TextField(_("competences"), blank=True, help_text=_("In the participant's own words."))

    class Meta(Person.Meta):
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(residence_permit_date__isnull=True)
                | models.Q(arrival_date__isnull=True)
                | models.Q(residence_permit_date__gte=models.F("arrival_date")),
                name="permit_not_before_arrival",
            ),
        ]


class ParticipantOccupation(models.Model):
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="occupations")
    occupation = models.ForeignKey(Occupation, on_delete=models.PROTECT, verbose_name=_("occupation (ISCO-08)"))
    years = models.DecimalField(_("years"), max_digits=4, decimal_places=1, validators=[MinValueValidator(0)])

    class Meta:
        verbose_name = _("occupation")
        verbose_name_plural = _("occupations")
        constraints = [
            models.UniqueConstraint(fields=["participant", "occupation"], name="participant_occupation_unique"),
            models.CheckConstraint(condition=models.Q(years__gte=0), name="participant_occupation_years_nonneg"),
        ]

    def __str__(self) -> str:
        return f"{self.occupation} ({self.years} y)"


class LanguageSkill(models.Model):
    language = models.ForeignKey(Language, on_delete=models.PROTECT, verbose_name=_("language"))
    level = models.CharField(_("level (CEFR)"), max_length=6, choices=CEFR.choices)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.language} {self.get_level_display()}"


class ParticipantLanguage(LanguageSkill):
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="languages")

    class Meta:
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        constraints = [
            models.UniqueConstraint(fields=["participant", "language"], name="participant_language_unique"),
        ]


class Mentor(Person):
    """A business mentor (erhvervsmentor) lent by a company, or a community volunteer (frivillig mentor)."""

    class Kind(models.TextChoices):
        BUSINESS = "business", _("business mentor")
        COMMUNITY = "community", _("community volunteer")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="mentor"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.BUSINESS)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="mentors", verbose_name=_("employer or NGO")
    )
    site = models.ForeignKey(Site, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("site"))
    # Volunteers meet locally: their home postcode places them when they have no company site.
    home_postcode = models.ForeignKey(
        Postcode, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("home postcode")
    )
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    occupation = models.ForeignKey(
        Occupation, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("occupation (ISCO-08)")
    )
    industry = models.ForeignKey(Industry, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("industry"))
    years_experience = models.PositiveSmallIntegerField(_("years of work experience"), default=0)
    leadership_experience = models.BooleanField(_("leadership experience"), default=False)
    capacity = models.PositiveSmallIntegerField(_("capacity (mentees)"), default=1)
    availability = models.CharField(
        _("availability"),
        max_length=300,
        blank=True,
        help_text=_("When you can meet, e.g. “Tuesdays and Thursdays after 15, not in July”."),
    )
    training_completed_on = models.DateField(_("training completed"), null=True, blank=True)
    programmes = models.ManyToManyField(
        "programmes.Programme", blank=True, related_name="mentors", verbose_name=_("programmes signed up for")
    )

    class Meta(Person.Meta):
        verbose_name = _("mentor")
        verbose_name_plural = _("mentors")
        constraints = [
            models.CheckConstraint(condition=models.Q(capacity__gte=1, capacity__lte=10), name="mentor_capacity_1_10"),
            models.CheckConstraint(
                condition=models.Q(site__isnull=False) | models.Q(home_postcode__isnull=False),
                name="mentor_has_a_place",
            ),
        ]

    def clean(self) -> None:
        site = self.site  # None without a query when there is none
        if site is not None and self.organisation_id and site.organisation_id != self.organisation_id:
            raise ValidationError({"site": _("The site must be one of %(org)s's sites.") % {"org": self.organisation}})

    @property
    def is_trained(self) -> bool:
        return self.training_completed_on is not None

    @property
    def location(self) -> tuple[float, float]:
        if self.site is not None:
            return self.site.location
        if self.home_postcode is None:  # the constraint mentor_has_a_place forbids it
            raise ValueError(f"Mentor {self.pk} has neither a site nor a home postcode.")
        return self.home_postcode.lat, self.home_postcode.lng


class MentorLanguage(LanguageSkill):
    mentor = models.ForeignKey(Mentor, on_delete=models.CASCADE, related_name="languages")

    class Meta:
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        constraints = [models.UniqueConstraint(fields=["mentor", "language"], name="mentor_language_unique")]


class CVEntry(models.Model):
    """One line of a participant's CV: an education, a job or a skill, each with its dates."""

    class Kind(models.TextChoices):
        EDUCATION = "education", _("education")
        WORK = "work", _("work")
        SKILL = "skill", _("skill")

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="cv_entries")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("what"), max_length=200, help_text=_("The education, the job or the skill."))
    place = models.CharField(_("where"), max_length=200, blank=True, help_text=_("The school or the employer."))
    started_on = models.DateField(_("from"), null=True, blank=True)
    ended_on = models.DateField(_("to"), null=True, blank=True, help_text=_("Empty: still going on."))

    class Meta:
        ordering = ["kind", "-started_on", "pk"]
        verbose_name = _("CV entry")
        verbose_name_plural = _("CV entries")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(started_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="cv_entry_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": _("The end cannot be before the start.")})


def cv_path(document: "CVDocument", filename: str) -> str:
    # A random name: the file's name says nothing about whose CV it is.
    return f"cv/{uuid.uuid4().hex}.pdf"


class CVDocument(models.Model):
    """A participant's CV as an uploaded PDF. Kept outside the web server's reach (``MEDIA_ROOT`` has no URL);
    served only by the view that asks the access helpers."""

    participant = models.OneToOneField(Participant, on_delete=models.CASCADE, related_name="cv_document")
    file = models.FileField(upload_to=cv_path)
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("CV (PDF)")
        verbose_name_plural = _("CVs (PDF)")

    def __str__(self) -> str:
        return f"CV {self.participant_id}"
