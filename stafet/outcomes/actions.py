import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from stafet.audit.record import record
from stafet.organisations.models import User
from stafet.outcomes.models import Outcome
from stafet.people.models import Participant
from stafet.programmes.models import Cohort


@transaction.atomic
def record_outcome(
    *,
    participant: Participant,
    cohort: Cohort,
    type: str,  # noqa: A002 - the domain's word
    date: datetime.date,
    measured: str,
    by: User,
    employer: str = "",
    note: str = "",
) -> Outcome:
    """Record (or correct) what became of a participant at one measuring point."""
    if not cohort.participant_enrolments.filter(participant=participant).exists():
        raise ValidationError(_("%(p)s is not in %(c)s.") % {"p": participant, "c": cohort})
    if type not in Outcome.Type.values:
        raise ValidationError({"type": _("Unknown outcome.")})
    if measured not in Outcome.Measured.values:
        raise ValidationError({"measured": _("Unknown measuring point.")})
    outcome, created = Outcome.objects.update_or_create(
        participant=participant,
        cohort=cohort,
        measured=measured,
        defaults={"type": type, "date": date, "employer": employer, "note": note, "recorded_by": by},
    )
    record(actor=by, action="outcome.recorded" if created else "outcome.corrected", target=outcome, type=type)
    return outcome
