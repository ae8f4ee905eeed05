"""Who may open a person's data-protection page, their export, and the retention list.

The data-protection officer (databeskyttelsesrådgiver) of an NGO sees the people their NGO holds data about (as
its coordinators do); of a municipality, the citizens it referred (as its caseworkers do). Administrators see
everyone. A DPO reads and changes nothing (``privacy.middleware.ReadOnlyDataProtectionOfficerMiddleware``).
"""

from django.db.models import QuerySet

from stafet.organisations.access import get_one_or_404, role_of
from stafet.organisations.models import EXPORTING_STAFF_ROLES, Organisation, Role, User
from stafet.people.access import mentors_for_user, mentors_of_ngo
from stafet.people.models import Mentor, Participant
from stafet.programmes.access import participants_of_municipality, participants_of_ngo
from stafet.web.access import participants_for_user


def is_data_protection_staff(user: User) -> bool:
    """Administrators and DPOs open the data-protection pages (who read and who changed a person's data)."""
    return role_of(user) in (Role.ADMINISTRATOR, Role.DATA_PROTECTION_OFFICER)


def data_subjects_for_user(user: User) -> QuerySet[Participant]:
    """The participants whose data-protection page the user opens: everyone for administrators; for a DPO, the
    people their organisation holds data about; nobody for anyone else."""
    role = role_of(user)
    if role == Role.ADMINISTRATOR:
        return Participant.objects.all()
    if role == Role.DATA_PROTECTION_OFFICER and user.organisation is not None:
        if user.organisation.kind == Organisation.Kind.NGO:
            return participants_of_ngo(user.organisation_id)
        if user.organisation.kind == Organisation.Kind.MUNICIPALITY:
            return participants_of_municipality(user.organisation_id)
    return Participant.objects.none()


def mentor_data_subjects_for_user(user: User) -> QuerySet[Mentor]:
    """Mentors, likewise: an NGO's DPO sees its own volunteers and those signed up to its programmes; a
    municipality holds no data about mentors."""
    role = role_of(user)
    if role == Role.ADMINISTRATOR:
        return Mentor.objects.all()
    if (
        role == Role.DATA_PROTECTION_OFFICER
        and user.organisation is not None
        and user.organisation.kind == Organisation.Kind.NGO
    ):
        return mentors_of_ngo(user.organisation_id)
    return Mentor.objects.none()


def get_data_subject_for_user(user: User, pk: object) -> Participant:
    return get_one_or_404(data_subjects_for_user(user), pk)


def get_mentor_data_subject_for_user(user: User, pk: object) -> Mentor:
    return get_one_or_404(mentor_data_subjects_for_user(user), pk)


def exportable_participants_for_user(user: User) -> QuerySet[Participant]:
    """Whose complete export the user may download (art. 15 and 20): the participant their own; coordinators and
    caseworkers the people they see, to answer a request; DPOs and administrators their data subjects."""
    role = role_of(user)
    if role in (Role.ADMINISTRATOR, Role.DATA_PROTECTION_OFFICER):
        return data_subjects_for_user(user)
    if role in EXPORTING_STAFF_ROLES or role == Role.PARTICIPANT:
        return participants_for_user(user)
    return Participant.objects.none()


def get_exportable_participant_for_user(user: User, pk: object) -> Participant:
    return get_one_or_404(exportable_participants_for_user(user), pk)


def exportable_mentors_for_user(user: User) -> QuerySet[Mentor]:
    """Whose complete export the user may download, of mentors: the mentor their own; coordinators the mentors
    their NGO holds data about, to answer a request; DPOs and administrators their data subjects."""
    role = role_of(user)
    if role in (Role.ADMINISTRATOR, Role.DATA_PROTECTION_OFFICER):
        return mentor_data_subjects_for_user(user)
    if role in (Role.COORDINATOR, Role.MENTOR):
        return mentors_for_user(user)
    return Mentor.objects.none()


def get_exportable_person_for_user(user: User, kind: str, pk: object) -> Participant | Mentor:
    """The participant or mentor (``kind``) whose export the user downloads; 404 outside their scope."""
    if kind == "mentor":
        return get_one_or_404(exportable_mentors_for_user(user), pk)
    return get_exportable_participant_for_user(user, pk)


def get_data_subject_of_kind_for_user(user: User, kind: str, pk: object) -> Participant | Mentor:
    if kind == "mentor":
        return get_mentor_data_subject_for_user(user, pk)
    return get_data_subject_for_user(user, pk)
