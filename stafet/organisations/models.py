"""Organisations (NGOs, municipalities, companies), their sites, and the people who log in."""

from collections.abc import Callable

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from stafet.reference.models import Municipality, Postcode


class Organisation(models.Model):
    class Kind(models.TextChoices):
        NGO = "ngo", _("NGO")
        MUNICIPALITY = "municipality", _("municipality")
        COMPANY = "company", _("company")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    cvr = models.CharField(_("CVR number"), max_length=8, blank=True)
    # A municipality organisation is the job centre of one of the 98 municipalities.
    municipality = models.OneToOneField(
        Municipality, null=True, blank=True, on_delete=models.PROTECT, related_name="organisation"
    )
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="municipality", municipality__isnull=False)
                | (~models.Q(kind="municipality") & models.Q(municipality__isnull=True)),
                name="organisation_municipality_iff_kind",
            ),
            models.CheckConstraint(
                condition=models.Q(cvr="") | models.Q(cvr__regex=r"^[0-9]{8}$"), name="cvr_8_digits"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Site(models.Model):
    """A place where a company or NGO works: where mentors meet mentees and where job openings are."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="sites")
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=255)
    postcode = models.ForeignKey(Postcode, on_delete=models.PROTECT, related_name="+")
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lng = models.FloatField(_("longitude"), null=True, blank=True)

    class Meta:
        ordering = ["organisation__name", "name"]
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="site_name_unique_in_org")]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.name}"

    def save(self, *args, **kwargs) -> None:
        # Without a geocoded address the site sits at its postcode's point.
        if self.lat is None or self.lng is None:
            self.lat, self.lng = self.postcode.lat, self.postcode.lng
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.organisation_id and self.organisation.kind == Organisation.Kind.MUNICIPALITY:
            raise ValidationError({"organisation": _("Only companies and NGOs have sites.")})

    @property
    def location(self) -> tuple[float, float]:
        """Latitude and longitude: the geocoded address, else the postcode's point (as ``save`` stores it)."""
        if self.lat is not None and self.lng is not None:
            return self.lat, self.lng
        return self.postcode.lat, self.postcode.lng


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("coordinator")
    CASEWORKER = "caseworker", _("caseworker")
    COMPANY_CONTACT = "company_contact", _("company contact")
    MENTOR = "mentor", _("mentor")
    PARTICIPANT = "participant", _("participant")
    ADMINISTRATOR = "administrator", _("administrator")
    # Databeskyttelsesrådgiver: the NGO's or municipality's data-protection officer. Reads the data-protection
    # pages of the people their organisation holds data about, and changes nothing (stafet.privacy).
    DATA_PROTECTION_OFFICER = "data_protection_officer", _("data-protection officer")


# Which kind of organisation each role belongs to; mentors come from companies or NGOs (volunteers).
ROLE_ORGANISATION_KINDS: dict[str, set[str]] = {
    Role.COORDINATOR: {Organisation.Kind.NGO},
    Role.CASEWORKER: {Organisation.Kind.MUNICIPALITY},
    Role.COMPANY_CONTACT: {Organisation.Kind.COMPANY},
    Role.MENTOR: {Organisation.Kind.COMPANY, Organisation.Kind.NGO},
    Role.PARTICIPANT: set(),
    Role.ADMINISTRATOR: set(),
    Role.DATA_PROTECTION_OFFICER: {Organisation.Kind.NGO, Organisation.Kind.MUNICIPALITY},
}

# Roles that must log in with a second factor (OWASP ASVS level 2: every privileged user): they read many
# people's special-category data.
TWO_FACTOR_ROLES = frozenset({Role.ADMINISTRATOR, Role.DATA_PROTECTION_OFFICER, Role.COORDINATOR, Role.CASEWORKER})

# Staff roles that download everything held about a person they see, to answer the person's request (GDPR art. 15).
EXPORTING_STAFF_ROLES = frozenset({Role.COORDINATOR, Role.CASEWORKER})


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=32, choices=Role.choices, default=Role.PARTICIPANT)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    preferred_language = models.CharField(_("language"), max_length=8, default="da")
    # Set on ``request.user`` by django_otp's OTPMiddleware: whether this session has passed the second factor.
    is_verified: Callable[[], bool]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=["participant", "administrator"]) | models.Q(organisation__isnull=False),
                name="user_staff_roles_have_organisation",
            ),
        ]

    def clean(self) -> None:
        super().clean()
        kinds = ROLE_ORGANISATION_KINDS.get(self.role, set())
        if kinds and (self.organisation is None or self.organisation.kind not in kinds):
            raise ValidationError(
                {
                    "organisation": _("A %(role)s belongs to an organisation of kind %(kinds)s.")
                    % {"role": self.get_role_display(), "kinds": ", ".join(sorted(kinds))}
                }
            )

    @property
    def is_administrator(self) -> bool:
        return self.is_superuser or self.role == Role.ADMINISTRATOR

    @property
    def needs_two_factor(self) -> bool:
        """Whether this user must pass a second factor after the password (the Django admin's staff too)."""
        return self.is_superuser or self.is_staff or self.role in TWO_FACTOR_ROLES
