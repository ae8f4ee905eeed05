"""The login lockout's rules on top of django-axes: one limit per account and a higher one per address."""

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from stafet.organisations.models import User


class LockoutHandler(AxesDatabaseHandler):
    """Counts failed logins per account and per client address (``AXES_LOCKOUT_PARAMETERS``), each against its
    own limit: ``AXES_FAILURE_LIMIT`` for an account, ``LOCKOUT_ADDRESS_FAILURE_LIMIT`` for an address, because a
    job centre's caseworkers log in from one address and one person's typos must not lock them all out."""

    def get_failures(self, request: HttpRequest, credentials: dict | None = None) -> int:
        by_account, by_address = (
            attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        # axes compares the result with AXES_FAILURE_LIMIT: scale the address's count to that limit.
        scaled = by_address * settings.AXES_FAILURE_LIMIT // settings.LOCKOUT_ADDRESS_FAILURE_LIMIT
        return max(by_account, scaled)


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: REMOTE_ADDR, or behind ``TRUSTED_PROXY_COUNT`` reverse proxies the address the
    outermost one saw (each proxy appends to X-Forwarded-For, so what a client sends itself is further left)."""
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")


def client_str(username: str | None, ip_address: str, user_agent: str, path_info: str, request: HttpRequest) -> str:
    """How a login attempt is named in the log: the account's id, never the username typed (it can be a name, or a
    password typed into the wrong field), and the address."""
    user_id = User.objects.filter(username=username).values_list("pk", flat=True).first() if username else None
    account = f"account #{user_id}" if user_id else "an unknown username"
    return f"{account} from {ip_address} on {path_info}"


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict | None
) -> HttpResponse:
    """The page a locked-out login gets: what happened, for how long, and what to do (429 Too Many Requests)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "registration/locked_out.html", {"minutes": minutes}, status=429)
