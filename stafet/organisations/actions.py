"""Workflows of companies and their sites, as the coordinator or the company's own contact keeps them. Each runs in
one transaction and writes its own audit record."""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from stafet.audit.record import apply_changes, record
from stafet.organisations.models import Organisation, Site, User
from stafet.reference.models import Postcode

COMPANY_FIELDS = ("name", "cvr", "email", "phone")
SITE_FIELDS = ("name", "address", "postcode")


def _set_partners(company: Organisation, partner_of: Iterable[Any], managed: Iterable[Any]) -> list[int]:
    """Make ``company`` a partner of the programmes in ``partner_of`` and of none of the other ``managed`` ones
    (the programmes of the user's NGO; other NGOs' partnerships stay as they are). The programme ids changed."""
    wanted = {p.pk for p in partner_of}
    managed_ids = {p.pk for p in managed}
    if wanted - managed_ids:
        raise ValidationError({"programmes": _("Choose among your own programmes.")})
    current = set(company.company_programmes.filter(pk__in=managed_ids).values_list("pk", flat=True))
    company.company_programmes.add(*(wanted - current))
    company.company_programmes.remove(*(current - wanted))
    return sorted(wanted ^ current)


@transaction.atomic
def add_company(*, by: User, partner_of: Iterable[Any], managed: Iterable[Any], **fields: Any) -> Organisation:
    """A new company, partner of at least one of the coordinator's programmes (else nobody would see it)."""
    partner_of = list(partner_of)
    if not partner_of:
        raise ValidationError({"programmes": _("Choose the programmes the company is a partner of.")})
    company = Organisation(kind=Organisation.Kind.COMPANY, **{k: fields[k] for k in COMPANY_FIELDS if k in fields})
    company.full_clean()
    company.save()
    programmes = _set_partners(company, partner_of, managed)
    record(actor=by, action="company.added", target=company, programmes=programmes)
    return company


@transaction.atomic
def change_company(
    *, company: Organisation, by: User, partner_of: Iterable[Any] | None = None, managed: Iterable[Any] = (),
    **fields: Any,
) -> Organisation:  # fmt: skip
    """Change a company's details and, for a coordinator, which of their programmes it is a partner of."""
    company = Organisation.objects.select_for_update().get(pk=company.pk)
    changed = list(apply_changes(company, fields, allowed=COMPANY_FIELDS))
    company.full_clean()
    if changed:
        company.save(update_fields=changed)
    programmes = _set_partners(company, partner_of, managed) if partner_of is not None else []
    if changed or programmes:
        record(actor=by, action="company.changed", target=company, changed=changed, programmes=programmes)
    return company


def _place(site: Site, postcode: Postcode | None) -> None:
    if postcode is None:
        raise ValidationError(
            {"postcode": _("Write the postcode in the address (e.g. “Hovedgaden 1, 8000 Aarhus C”) or below.")}
        )
    # The site sits at its postcode's point (``Site.save``) until better coordinates are known.
    site.postcode, site.lat, site.lng = postcode, None, None


@transaction.atomic
def add_site(*, company: Organisation, by: User, name: str, address: str, postcode: Postcode | None) -> Site:
    """A new site of the company. An address gives the postcode, and the postcode gives the coordinates."""
    site = Site(organisation=company, name=name.strip(), address=address.strip())
    _place(site, postcode)
    site.full_clean(exclude=["lat", "lng"])
    site.save()
    record(actor=by, action="site.added", target=site, postcode=site.postcode_id)
    return site


@transaction.atomic
def change_site(*, site: Site, by: User, name: str, address: str, postcode: Postcode | None) -> Site:
    site = Site.objects.select_for_update().get(pk=site.pk)
    old_postcode = site.postcode_id
    changed = list(apply_changes(site, {"name": name.strip(), "address": address.strip()}, allowed=SITE_FIELDS))
    if postcode is None or postcode.pk != old_postcode:
        _place(site, postcode)
        changed += ["postcode", "lat", "lng"]
    site.full_clean(exclude=["lat", "lng"])
    if changed:
        site.save()
        record(actor=by, action="site.changed", target=site, changed=sorted(changed))
    return site
