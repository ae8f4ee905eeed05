"""Reference data: taxonomies and places, loaded from the data files in ``stafet/reference/data``."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from stafet.i18n import in_page_language


class BilingualLabel(models.Model):
    label_en = models.CharField(_("label (English)"), max_length=255)
    label_da = models.CharField(_("label (Danish)"), max_length=255, blank=True)
    code: str  # each subclass's own code field

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.code} {self.label}"

    @property
    def label(self) -> str:
        return in_page_language({"da": self.label_da, "en": self.label_en})


class Occupation(BilingualLabel):
    """An ISCO-08 group (DISCO-08 in Denmark): major (1 digit) … unit group (4 digits)."""

    class Level(models.IntegerChoices):
        MAJOR = 1, _("major group")
        SUB_MAJOR = 2, _("sub-major group")
        MINOR = 3, _("minor group")
        UNIT = 4, _("unit group")

    code = models.CharField(_("ISCO-08 code"), max_length=4, primary_key=True)
    level = models.PositiveSmallIntegerField(choices=Level.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")

    class Meta:
        ordering = ["code"]
        verbose_name = _("occupation (ISCO-08)")
        verbose_name_plural = _("occupations (ISCO-08)")
        constraints = [
            models.CheckConstraint(condition=models.Q(level__gte=1, level__lte=4), name="occupation_level_1_4"),
        ]


class Industry(BilingualLabel):
    """An industry (branche): a NACE rev. 2 / DB07 section, A–U."""

    code = models.CharField(_("DB07 section"), max_length=1, primary_key=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("industry")
        verbose_name_plural = _("industries")


class Municipality(models.Model):
    """One of Denmark's 98 municipalities (kommuner), with a representative point for distances."""

    code = models.CharField(_("municipality code"), max_length=4, primary_key=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    region = models.CharField(_("region"), max_length=100)
    town = models.CharField(_("representative town"), max_length=100)
    lat = models.FloatField(_("latitude"))
    lng = models.FloatField(_("longitude"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name


class Postcode(models.Model):
    """A Danish postcode, placed in its municipality (and at its coordinates unless better ones are known)."""

    code = models.CharField(_("postcode"), max_length=4, primary_key=True)
    name = models.CharField(_("place"), max_length=100)
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="postcodes")
    lat = models.FloatField(_("latitude"))
    lng = models.FloatField(_("longitude"))

    class Meta:
        ordering = ["code"]
        verbose_name = _("postcode")
        verbose_name_plural = _("postcodes")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class BilingualName(models.Model):
    name_en = models.CharField(_("name (English)"), max_length=100)
    name_da = models.CharField(_("name (Danish)"), max_length=100, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return in_page_language({"da": self.name_da, "en": self.name_en})


class Language(BilingualName):
    """A language by ISO 639 code (639-1 where it has one, else 639-3, e.g. ``prs`` for Dari)."""

    code = models.CharField(_("ISO 639 code"), max_length=3, primary_key=True)

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("language")
        verbose_name_plural = _("languages")


class Country(BilingualName):
    """A country by ISO 3166-1 alpha-2 code (country of origin)."""

    code = models.CharField(_("ISO 3166 code"), max_length=2, primary_key=True)

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")


class CEFR(models.TextChoices):
    """Common European Framework of Reference levels, plus mother tongue."""

    A1 = "A1", "A1"
    A2 = "A2", "A2"
    B1 = "B1", "B1"
    B2 = "B2", "B2"
    C1 = "C1", "C1"
    C2 = "C2", "C2"
    NATIVE = "native", _("mother tongue")

    @classmethod
    def rank(cls, level: str) -> int:
        return [c.value for c in cls].index(level)


class EducationLevel(models.TextChoices):
    NONE = "none", _("no formal education")
    PRIMARY = "primary", _("primary school")
    UPPER_SECONDARY = "upper_secondary", _("upper secondary")
    VOCATIONAL = "vocational", _("vocational training")
    SHORT_CYCLE = "short_cycle", _("short-cycle higher education")
    BACHELOR = "bachelor", _("bachelor or professional bachelor")
    MASTER = "master", _("master")
    DOCTORATE = "doctorate", _("doctorate")

    @classmethod
    def rank(cls, level: str) -> int:
        return [c.value for c in cls].index(level)
