"""Background work of matching: telling mentor and participant that their mentorship (mentorforløb) is set."""

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.utils import translation
from django.utils.translation import gettext as _

from stafet.mentorships.models import Mentorship


def _letter(mentorship: Mentorship, to_mentor: bool) -> tuple[str, str]:
    cohort = mentorship.cohort
    start = mentorship.started_on or cohort.start_date
    subject = _("Your mentorship in %(programme)s") % {"programme": cohort.programme}
    if to_mentor:
        body = _(
            "Dear %(name)s,\n\nYou are now the %(role)s mentor of %(other)s in %(cohort)s, starting %(start)s.\n"
            "The programme's coordinator will contact you about your first meeting.\n"
        )
        name, other = mentorship.mentor.first_name, mentorship.participant.name
    else:
        body = _(
            "Dear %(name)s,\n\nYour %(role)s mentor in %(cohort)s is %(other)s, starting %(start)s.\n"
            "The programme's coordinator will contact you about your first meeting.\n"
        )
        name, other = mentorship.participant.first_name, mentorship.mentor.name
    return subject, body % {
        "name": name,
        "other": other,
        "role": mentorship.get_role_display(),
        "cohort": cohort,
        "start": start.strftime("%d.%m.%Y"),
    }


@task
def notify_mentorship_published(mentorship_id: int) -> int:
    """Email the mentor and the participant of a new mentorship; returns how many emails were sent.

    Sent in the site's language (Danish by default): the people have no language of their own on record.
    """
    mentorship = (
        Mentorship.objects.select_related("cohort__programme", "mentor", "participant").filter(pk=mentorship_id).first()
    )
    if mentorship is None:  # Deleted before the task ran: nobody to tell.
        return 0
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for person, to_mentor in ((mentorship.mentor, True), (mentorship.participant, False)):
            if person.email:
                subject, body = _letter(mentorship, to_mentor)
                sent += send_mail(subject, body, None, [person.email])
    return sent
