"""Companies and their sites: a coordinator keeps the partner companies of their programmes, a company contact
their own company. Which programmes a company partners is the coordinator's to say, for their own programmes."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet
from django.forms.models import model_to_dict
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from stafet.forms import add_action_error
from stafet.organisations.access import (
    can_add_companies,
    companies_for_user,
    get_company_for_user,
    get_company_site_for_user,
)
from stafet.organisations.actions import COMPANY_FIELDS, add_company, add_site, change_company, change_site
from stafet.organisations.forms import CompanyForm, SiteForm, place_of, site_initial
from stafet.organisations.http import AuthedRequest
from stafet.organisations.models import Organisation, Site, User
from stafet.params import clean_text
from stafet.programmes.access import screening_programmes_for_user
from stafet.programmes.models import Programme

PLACE_URL = reverse_lazy("companies:site_place")


def _managed(user: User) -> QuerySet[Programme] | None:
    """The programmes whose partners the user decides (a coordinator's, an administrator's); else ``None``."""
    return screening_programmes_for_user(user) if can_add_companies(user) else None


@login_required
def company_list(request: AuthedRequest) -> HttpResponse:
    companies = companies_for_user(request.user).annotate(site_count=Count("sites", distinct=True))
    context = {"companies": companies, "can_add": can_add_companies(request.user)}
    return render(request, "companies/list.html", context)


@login_required
def company_new(request: AuthedRequest) -> HttpResponse:
    if not can_add_companies(request.user):
        raise Http404
    managed = _managed(request.user)
    form = CompanyForm(request.POST if request.method == "POST" else None, programmes=managed)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            company = add_company(by=request.user, managed=managed or [], **data)
        except ValidationError as error:
            add_action_error(error, form)
        else:
            messages.success(request, _("%(c)s is added. Add its sites below.") % {"c": company})
            return redirect("companies:detail", company.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "companies/new.html", {"form": form}, status=status)


def _company_context(request: AuthedRequest, company: Organisation, **forms: Any) -> dict[str, Any]:
    managed = _managed(request.user)
    initial = model_to_dict(company, fields=COMPANY_FIELDS)
    if managed is not None:
        initial["partner_of"] = list(company.company_programmes.filter(pk__in=managed))
    sites = [
        (site, forms.get(f"site{site.pk}") or SiteForm(prefix=f"site{site.pk}", initial=site_initial(site),
                                                       place_url=PLACE_URL))
        for site in company.sites.select_related("postcode")
    ]  # fmt: skip
    return {
        "company": company,
        "form": forms.get("form") or CompanyForm(programmes=managed, initial=initial),
        "sites": sites,
        "site_form": forms.get("site_form") or SiteForm(prefix="new_site", place_url=PLACE_URL),
    }


@login_required
def company_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """The company's details (changed here) and its sites."""
    company = get_company_for_user(request.user, pk)
    if request.method != "POST":
        return render(request, "companies/detail.html", _company_context(request, company))
    managed = _managed(request.user)
    form = CompanyForm(request.POST, programmes=managed)
    if form.is_valid():
        try:
            change_company(company=company, by=request.user, managed=managed or [], **form.cleaned_data)
        except ValidationError as error:
            add_action_error(error, form)
        else:
            messages.success(request, _("%(c)s is saved.") % {"c": form.cleaned_data["name"]})
            return redirect("companies:detail", company.pk)
    return render(request, "companies/detail.html", _company_context(request, company, form=form), status=400)


@login_required
@require_POST
def site_add(request: AuthedRequest, pk: int) -> HttpResponse:
    company = get_company_for_user(request.user, pk)
    form = SiteForm(request.POST, prefix="new_site", place_url=PLACE_URL)
    if form.is_valid():
        try:
            site = add_site(company=company, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_action_error(error, form)
        else:
            messages.success(request, _("%(s)s is added, at %(p)s.") % {"s": site.name, "p": site.postcode})
            return redirect("companies:detail", company.pk)
    context = _company_context(request, company, site_form=form)
    return render(request, "companies/detail.html", context, status=400)


@login_required
@require_POST
def site_change(request: AuthedRequest, pk: int, site_pk: int) -> HttpResponse:
    company = get_company_for_user(request.user, pk)
    site = get_company_site_for_user(request.user, company, site_pk)
    form = SiteForm(request.POST, prefix=f"site{site.pk}", place_url=PLACE_URL)
    if form.is_valid():
        try:
            site = change_site(site=site, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_action_error(error, form)
    ok = not form.errors
    if request.htmx:
        site = Site.objects.select_related("postcode").get(pk=site.pk)
        context = {"company": company, "site": site, "site_form": form if not ok else SiteForm(
            prefix=f"site{site.pk}", initial=site_initial(site), place_url=PLACE_URL), "saved": ok}  # fmt: skip
        return render(request, "companies/detail.html#site", context, status=200 if ok else 400)
    if ok:
        messages.success(request, _("%(s)s is saved.") % {"s": site.name})
        return redirect("companies:detail", company.pk)
    context = _company_context(request, company, **{f"site{site.pk}": form})
    return render(request, "companies/detail.html", context, status=400)


@login_required
def site_place(request: AuthedRequest) -> HttpResponse:
    """Where the address typed in a site form lies (htmx, as the user types): its postcode and the coordinates
    the matching will use."""
    if not companies_for_user(request.user).exists():
        raise Http404
    # The site forms send their own fields (``new_site-address``, ``site3-postcode``...).
    address = clean_text(next((v for k, v in request.GET.items() if k.endswith("address")), ""))
    postcode = clean_text(next((v for k, v in request.GET.items() if k.endswith("postcode")), ""))
    found, problem = place_of(address, postcode)
    return render(request, "companies/place.html", {"found": found, "problem": problem, "typed": address or postcode})
