"""Login, the two-factor step and enrolment, recovery codes, and password change and reset (Django's own views)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms import BaseForm
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django.views.generic.edit import FormMixin
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from stafet.accounts import twofactor
from stafet.accounts.actions import (
    accept_invitation as accept,
)
from stafet.accounts.actions import (
    enrol_authenticator,
    invitation_for_token,
    regenerate_recovery_codes,
)
from stafet.accounts.forms import CodeForm
from stafet.audit.record import record
from stafet.organisations.http import AuthedRequest, Request

SETUP_KEY = "stafet_totp_setup_key"


def _next(request: AuthedRequest) -> str:
    """Where to go after the step: the page the user asked for, if it is on this site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse(settings.LOGIN_REDIRECT_URL)


def _verified(request: AuthedRequest, device) -> None:
    # A new session key once the login is complete (OWASP: a session token per authentication).
    request.session.cycle_key()
    otp_login(request, device)


@login_required
def two_factor(request: AuthedRequest) -> HttpResponse:
    """The step after the password: a code from the authenticator app, or a recovery code."""
    if request.user.is_verified():
        return redirect(_next(request))
    if not twofactor.has_authenticator(request.user):
        return redirect(f"{reverse('two_factor_setup')}?{urlencode({'next': _next(request)})}")
    form = CodeForm(request.POST or None)
    if form.is_valid():
        result = twofactor.verify_code(request.user, form.cleaned_data["code"])
        if result.device is not None:
            _verified(request, result.device)
            if result.recovery_codes_left is not None:
                messages.warning(request, ngettext(
                    "You logged in with a recovery code. %(n)d code is left: make new ones on your account page.",
                    "You logged in with a recovery code. %(n)d codes are left: make new ones on your account page.",
                    result.recovery_codes_left,
                ) % {"n": result.recovery_codes_left})  # fmt: skip
            return redirect(_next(request))
        form.add_error("code", result.error)
    status = 400 if form.errors else 200
    return render(request, "accounts/two_factor.html", {"form": form, "next": _next(request)}, status=status)


@login_required
def two_factor_setup(request: AuthedRequest) -> HttpResponse:
    """Enrolment: scan the QR code (or type the secret) into an authenticator app, then confirm with its code.
    With an authenticator already, the user must have passed it in this session to replace it."""
    user = request.user
    if not user.is_verified() and twofactor.has_authenticator(user):
        return redirect(f"{reverse('two_factor')}?{urlencode({'next': _next(request)})}")
    key = request.session.setdefault(SETUP_KEY, twofactor.new_key())
    form = CodeForm(request.POST or None)
    if form.is_valid():
        step = twofactor.first_code_matches(key, twofactor.normalise(form.cleaned_data["code"]))
        if step is not None:
            device, codes = enrol_authenticator(user=user, key=key, last_t=step)
            del request.session[SETUP_KEY]
            _verified(request, device)
            return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": _next(request)})
        form.add_error("code", _("That code does not match. Check that the app shows Stafet and try the newest code."))
    uri = twofactor.provisioning_uri(key, user.get_username())
    context = {"form": form, "qr": twofactor.qr_svg(uri), "secret": twofactor.secret_for_humans(key),
               "next": _next(request), "replacing": twofactor.has_authenticator(user)}  # fmt: skip
    return render(request, "accounts/two_factor_setup.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def recovery_codes(request: AuthedRequest) -> HttpResponse:
    """New recovery codes, shown this once (the page is never cached)."""
    codes = regenerate_recovery_codes(user=request.user)
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": reverse("account")})


@login_required
def account(request: AuthedRequest) -> HttpResponse:
    """The user's own login: password, authenticator app and recovery codes."""
    user = request.user
    context = {
        "authenticator": TOTPDevice.objects.filter(user=user, confirmed=True).first(),
        "codes_left": StaticToken.objects.filter(device__user=user, device__confirmed=True).count(),
        "required": user.needs_two_factor,
    }
    return render(request, "accounts/account.html", context)


class DkfdsFormMixin(FormMixin):
    """Django's auth forms with the design system's input class."""

    def get_form(self, form_class: type[BaseForm] | None = None) -> BaseForm:
        form = super().get_form(form_class)
        for field in form.fields.values():
            field.widget.attrs.setdefault("class", "form-input")
        return form


class PasswordChangeView(DkfdsFormMixin, auth_views.PasswordChangeView):
    success_url = reverse_lazy("password_change_done")

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            record(actor=self.request.user, action="account.password_changed", target=form.user)
        return response


class PasswordResetView(DkfdsFormMixin, auth_views.PasswordResetView):
    success_url = reverse_lazy("password_reset_done")


class PasswordResetConfirmView(DkfdsFormMixin, auth_views.PasswordResetConfirmView):
    success_url = reverse_lazy("password_reset_complete")

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            record(actor=form.user, action="account.password_reset", target=form.user)
        return response


def accept_invitation(request: Request, token: str) -> HttpResponse:
    """The invitation's one-time link: the invited person chooses a password and is logged in (staff then set up
    their two-factor login). A used, replaced or expired link says so and changes nothing."""
    invitation = invitation_for_token(token)
    if invitation is None:
        return render(request, "accounts/invitation.html", {"form": None}, status=404)
    form = SetPasswordForm(invitation.user, request.POST or None)
    for field in form.fields.values():
        field.widget.attrs.setdefault("class", "form-input")
    if form.is_valid():
        try:
            user = accept(invitation=invitation, password=form.cleaned_data["new_password1"])
        except ValidationError as error:
            return render(request, "accounts/invitation.html", {"form": None, "error": error}, status=409)
        auth_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome to Stafet. Your password is saved."))
        return redirect(settings.LOGIN_REDIRECT_URL)
    status = 400 if form.errors else 200
    return render(request, "accounts/invitation.html", {"form": form, "invited": invitation.user}, status=status)
