"""The read log: who looked at which person, on which page, when (GDPR art. 15 as the CJEU reads it, C-579/21;
Danish practice: log every use of personal data)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PersonRead(models.Model):
    """One person shown to (or used by) one user in one request. A list page writes one row per person on it,
    all in one insert (``stafet.privacy.reads``)."""

    class Kind(models.TextChoices):
        PARTICIPANT = "participant", _("participant")
        MENTOR = "mentor", _("mentor")

    at = models.DateTimeField(_("when"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    person_id = models.PositiveIntegerField(_("person id"))
    # The page (URL name) and its path, which carries ids only; never the query string, which can hold a search.
    what = models.CharField(_("page"), max_length=100)
    path = models.CharField(_("address"), max_length=255)
    method = models.CharField(_("method"), max_length=8, default="GET")

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("read record")
        verbose_name_plural = _("read records")
        indexes = [models.Index(fields=["kind", "person_id", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_id} {self.kind} {self.person_id} {self.what}"
