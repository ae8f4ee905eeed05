"""A company's details and its sites, as the coordinator or the company's contact writes them."""

import re
from typing import Any

from django import forms
from django.db.models import QuerySet
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

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        code = (data.get("postcode") or "").strip() or postcode_in_address(data.get("address", ""))
        data["postcode"] = None
        if code:
            data["postcode"] = Postcode.objects.filter(pk=code).first()
            if data["postcode"] is None:
                self.add_error("postcode", _("“%(code)s” is not a Danish postcode.") % {"code": code})
        return data


def site_initial(site: Site) -> dict[str, Any]:
    return {"name": site.name, "address": site.address, "postcode": site.postcode_id}
