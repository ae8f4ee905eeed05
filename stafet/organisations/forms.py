"""A company's details and its sites, as the coordinator or the company's contact writes them."""

import re
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from stafet.forms import ModelMultipleIdsField
from stafet.organisations.actions import COMPANY_FIELDS
from stafet.organisations.models import Organisation, Site
from stafet.reference.models import Postcode

# A Danish address ends "…, 8000 Aarhus C": four digits, then the postal district.
_POSTCODE_IN_ADDRESS = re.compile(r"(?:^|[\s,])(\d{4})\s+[^\d\s,][^,]*$")


def postcode_in_address(address: str) -> str | None:
    """The postcode written at the end of a Danish address, if there is one.

    >>> postcode_in_address("Hovedgaden 1, 8000 Aarhus C"), postcode_in_address("Vesterbrogade 1400")
    ('8000', None)
    >>> postcode_in_address("Lyngby Hovedgade 10, 2.tv, 2800 Kgs. Lyngby")
    '2800'
    """
    match = _POSTCODE_IN_ADDRESS.search(address.strip())
    return match[1] if match else None


class CompanyForm(forms.Form):
    """The company's details; for a coordinator also the programmes it is a partner of (``partner_of``)."""

    def __init__(self, *args: Any, programmes: QuerySet | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(forms.fields_for_model(Organisation, fields=COMPANY_FIELDS))
        if programmes is not None:
            self.fields["partner_of"] = ModelMultipleIdsField(
                label=_("partner of the programmes"),
                queryset=programmes,
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )


class SiteForm(forms.Form):
    name = forms.CharField(label=_("name"), max_length=200, help_text=_("E.g. “Aarhus office”."))
    address = forms.CharField(label=_("address"), max_length=255, help_text=_("E.g. “Hovedgaden 1, 8000 Aarhus C”."))
    postcode = forms.CharField(
        label=_("postcode"),
        max_length=4,
        required=False,
        help_text=_("Empty: the postcode written in the address."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 4}),
    )

    def __init__(self, *args: Any, place_url: str | Promise = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if place_url:
            # As the user types, the page says where the address lies (``place_target``).
            attrs = {"hx-get": place_url, "hx-trigger": "input changed delay:400ms", "hx-include": "closest form",
                     "hx-target": f"#{self.place_target}", "hx-swap": "innerHTML"}  # fmt: skip
            self.fields["address"].widget.attrs.update(attrs)
            self.fields["postcode"].widget.attrs.update(attrs)

    @property
    def place_target(self) -> str:
        return f"place-{self.prefix or 'site'}"

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        data["postcode"], problem = place_of(data.get("address", ""), data.get("postcode") or "")
        if problem:
            self.add_error("postcode", problem)
        return data


def place_of(address: str, postcode: str) -> tuple[Postcode | None, str]:
    """The postcode of a site: the one given, else the one written in the address; with the problem in words
    when a code is written that is no Danish postcode. No code at all is for the action to refuse."""
    code = postcode.strip() or postcode_in_address(address)
    if not code:
        return None, ""
    found = Postcode.objects.filter(pk=code).first()
    return found, "" if found else str(_("“%(code)s” is not a Danish postcode.") % {"code": code})


def site_initial(site: Site) -> dict[str, Any]:
    return {"name": site.name, "address": site.address, "postcode": site.postcode_id}
