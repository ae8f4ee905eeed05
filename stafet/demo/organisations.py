"""The demo's organisations (NGOs, job centres, companies and their sites) and logins."""

from django.contrib.auth.hashers import make_password
from django_otp.plugins.otp_totp.models import TOTPDevice

from stafet.demo.base import DemoBuilder, slug
from stafet.demo.data import (
    COMPANIES,
    DEMO_PASSWORD,
    DEMO_TOTP_KEY,
    LOGINS,
    MUNICIPALITIES,
    NGOS,
)
from stafet.organisations.models import Organisation, Role, Site, User


def build_organisations(demo: DemoBuilder) -> None:
    for code, name in MUNICIPALITIES.items():
        org = Organisation.objects.filter(municipality_id=code).first()
        if org is None:
            org = Organisation.objects.create(
                name=name,
                kind=Organisation.Kind.MUNICIPALITY,
                municipality_id=code,
                email=f"jobcenter.{slug(name.split()[-1])}@example.org",
            )
        demo.orgs[name] = org
    for name, (site_name, address, postcode) in NGOS.items():
        org = Organisation.objects.create(
            name=name,
            kind=Organisation.Kind.NGO,
            email=f"kontakt@{slug(name.replace(' ', '-'))}.example.org",
            phone=demo.phone(),
        )
        demo.orgs[name] = org
        demo.sites[name] = Site.objects.create(organisation=org, name=site_name, address=address, postcode_id=postcode)
    for name, (_industry, sites) in COMPANIES.items():
        org = Organisation.objects.create(
            name=name,
            kind=Organisation.Kind.COMPANY,
            phone=demo.phone(),
            email=f"kontakt@{slug(name.split()[0])}.example.org",
        )
        demo.orgs[name] = org
        for site_name, address, postcode in sites:
            site = Site.objects.create(organisation=org, name=site_name, address=address, postcode_id=postcode)
            demo.sites[f"{name}|{site_name}"] = site
            demo.sites.setdefault(name, site)


def build_users(demo: DemoBuilder) -> None:
    password = make_password(DEMO_PASSWORD)  # hashed once: the same demo password for every login
    for username, first, last, role, org_name in LOGINS:
        demo.users[username] = User.objects.create(
            username=username,
            first_name=first or "",
            last_name=last or "",
            email=f"{username}@example.org",
            role=role,
            organisation=demo.orgs[org_name] if org_name else None,
            password=password,
            is_staff=role == Role.ADMINISTRATOR,
            is_superuser=role == Role.ADMINISTRATOR,
        )
    # Staff who must log in with a second factor share the published demo authenticator.
    TOTPDevice.objects.bulk_create(
        TOTPDevice(user=user, name="demo", key=DEMO_TOTP_KEY, confirmed=True)
        for user in demo.users.values()
        if user.needs_two_factor
    )
