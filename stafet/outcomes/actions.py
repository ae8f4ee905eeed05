import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from stafet.audit.record import record
from stafet.organisations.models import User
from stafet.outcomes.due import follow_up_consents
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
    if measured not in cohort.programme.measuring_points:
        raise ValidationError(
            {
                "measured": _("%(prog)s does not measure outcomes %(point)s (its settings).")
                % {"prog": cohort.programme, "point": Outcome.Measured(measured).label}
            }  # fmt: skip
        )
    if measured != Outcome.Measured.END and not _consented_to_follow_up(participant, cohort):
        # Following a citizen up after the programme needs their consent, recorded on the referral.
        raise ValidationError(
            {
                "measured": _(
                    "%(p)s has not consented to follow-up after the programme; only the outcome at the end can be "
                    "recorded."
                )
                % {"p": participant}
            }
        )
    outcome, created = Outcome.objects.update_or_create(
        participant=participant,
        cohort=cohort,
        measured=measured,
        defaults={"type": type, "date": date, "employer": employer, "note": note, "recorded_by": by},
    )
    record(actor=by, action="outcome.recorded" if created else "outcome.corrected", target=outcome, type=type)
    return outcome


def _consented_to_follow_up(participant: Participant, cohort: Cohort) -> bool:
    return follow_up_consents().filter(participant=participant, programme=cohort.programme_id).exists()
