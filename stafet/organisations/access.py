"""Shared pieces of the access layer. Each app's ``access.py`` scopes its own models with these."""

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, QuerySet
from django.http import Http404

from stafet.organisations.models import Organisation, Role, Site, User
from stafet.params import parse_id


def role_of(user: User) -> str | None:
    """The role the access rules apply; ``None`` for anonymous or inactive users (who see nothing)."""
    if not user.is_authenticated or not user.is_active:
        return None
    if user.is_administrator:
        return Role.ADMINISTRATOR
    return user.role


def read_role_of(user: User) -> str | None:
    """The role whose reading scope applies to the user. A data-protection officer (databeskyttelsesrådgiver)
    reads what their organisation's staff read, to check it (an NGO's as its coordinators, a municipality's as
    its caseworkers), and changes nothing: the read helpers scope them with this, while every check of what a
    user may change keeps :func:`role_of`, which never gives a DPO a staff role
    (``privacy.middleware.ReadOnlyDataProtectionOfficerMiddleware`` refuses their writes and their other pages)."""
    role = role_of(user)
    if role != Role.DATA_PROTECTION_OFFICER or user.organisation is None:
        return role
    return {
        Organisation.Kind.NGO: Role.COORDINATOR,
        Organisation.Kind.MUNICIPALITY: Role.CASEWORKER,
    }.get(Organisation.Kind(user.organisation.kind))


def get_one_or_404[M: Model](queryset: QuerySet[M], pk: object, *, by: str = "pk") -> M:
    """The object with ``pk`` (or with that id in the foreign key ``by``) if the scoped ``queryset`` holds it; a
    404 otherwise, so a user cannot tell an object they may not see from one that does not exist. An id that is
    no id at all ("²", a number too large for the database) is a 404 too (``params.parse_id``)."""
    number = parse_id(pk)
    if number is None:
        raise Http404
    try:
        return queryset.get(**{by: number})
    except ObjectDoesNotExist as error:  # the model's own DoesNotExist is a subclass
        raise Http404 from error


def companies_for_user(user: User) -> QuerySet[Organisation]:
    """The companies a user keeps the details, sites and job openings of: a company contact their own company; a
    coordinator the partner companies of their NGO's programmes; an administrator every company."""
    role, org = role_of(user), user.organisation_id
    companies = Organisation.objects.filter(kind=Organisation.Kind.COMPANY)
    if role == Role.ADMINISTRATOR:
        return companies
    if role == Role.COORDINATOR:
        # The programmes' partner companies (``programmes.Programme.partner_companies``).
        return companies.filter(company_programmes__operator=org).distinct()
    if role == Role.COMPANY_CONTACT and org is not None:
        return companies.filter(pk=org)
    return companies.none()


def get_company_for_user(user: User, pk: object) -> Organisation:
    return get_one_or_404(companies_for_user(user), pk)


def get_company_site_for_user(user: User, company: Organisation, pk: object) -> Site:
    """A site of ``company``, which the caller has opened with :func:`get_company_for_user`."""
    return get_one_or_404(company.sites.all(), pk)


def can_add_companies(user: User) -> bool:
    """Coordinators add their programmes' partner companies; administrators any."""
    return role_of(user) in (Role.COORDINATOR, Role.ADMINISTRATOR)
