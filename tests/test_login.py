"""Login that withstands attack (OWASP ASVS 5.0 level 2): lockout, two-factor login with recovery codes, idle
sessions, Argon2, and password change and reset for everyone."""

import datetime
import logging
import re
from binascii import unhexlify
from io import StringIO

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.contrib.auth.hashers import make_password
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone, translation
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from stafet.accounts.middleware import LAST_SEEN
from stafet.accounts.twofactor import current_code
from stafet.audit.models import AuditEvent
from stafet.demo.data import DEMO_TOTP_KEY
from stafet.organisations.models import Role
from tests.auth import log_in
from tests.factories import UserFactory

PASSWORD = "a-long-test-password"
LOGIN = "/accounts/login/"


@pytest.fixture
def coordinator(world):
    user = world.users["coordinator_a"]
    user.set_password(PASSWORD)
    user.save()
    return user


def post_login(client, username, password, address="10.1.1.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def log_out(client) -> None:
    client.logout()
    client.cookies["django_language"] = "en"  # logging out drops the client's cookies


def authenticator(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


# ---- Lockout ------------------------------------------------------------------------------------------------------


def test_five_wrong_passwords_lock_the_account_for_30_minutes_even_with_the_right_one(client, coordinator, caplog):
    for _ in range(4):
        assert post_login(client, coordinator.username, "wrong-guess-123").status_code == 200
    locked = post_login(client, coordinator.username, "wrong-guess-123")
    assert locked.status_code == 429
    assert "paused for 30 minutes" in locked.content.decode()
    # The right password is refused too while the lockout lasts, from another address as well.
    response = post_login(client, coordinator.username, PASSWORD, address="10.9.9.9")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_refused_login_is_logged_without_the_password_or_the_username(client, coordinator, caplog):
    with caplog.at_level(logging.INFO):
        post_login(client, coordinator.username, "Secret-Guess-789")
        post_login(client, "nobody-here", "Other-Guess-456")
    text = caplog.text
    assert f"account #{coordinator.pk} from 10.1.1.1" in text and "an unknown username from 10.1.1.1" in text
    assert "Guess" not in text and coordinator.username not in text and "nobody-here" not in text
    # The database keeps every refused attempt for the administrator, with the password masked.
    failures = AccessFailureLog.objects.filter(username=coordinator.username)
    assert failures.count() == 1
    assert not AccessAttempt.objects.filter(post_data__contains="Guess").exists()


def test_twenty_failures_from_one_address_lock_the_address_but_not_the_accounts(client, world, coordinator):
    for n in range(20):
        post_login(client, f"guess{n}", "wrong-guess-123", address="10.2.2.2")
    assert post_login(client, coordinator.username, PASSWORD, address="10.2.2.2").status_code == 429
    assert post_login(client, coordinator.username, PASSWORD, address="10.3.3.3").status_code == 302


def test_a_colleagues_typos_at_the_same_address_do_not_lock_anyone_out(client, world, coordinator):
    for _ in range(4):
        post_login(client, "caseworker_x", "typo-typo-123", address="10.4.4.4")
    assert post_login(client, coordinator.username, PASSWORD, address="10.4.4.4").status_code == 302


def test_the_lockout_ends_after_the_cool_off(client, coordinator):
    for _ in range(5):
        post_login(client, coordinator.username, "wrong-guess-123")
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=31))
    assert post_login(client, coordinator.username, PASSWORD).status_code == 302


def test_a_successful_login_resets_the_count(client, coordinator):
    for _ in range(4):
        post_login(client, coordinator.username, "wrong-guess-123")
    assert post_login(client, coordinator.username, PASSWORD).status_code == 302
    log_out(client)
    for _ in range(4):
        post_login(client, coordinator.username, "wrong-guess-123")
    assert post_login(client, coordinator.username, PASSWORD).status_code == 302


def test_the_lockout_page_speaks_danish(client, coordinator):
    client.cookies["django_language"] = "da"
    for _ in range(5):
        response = post_login(client, coordinator.username, "wrong-guess-123")
    assert response.status_code == 429
    assert "sat på pause i 30 minutter" in response.content.decode()


# ---- Two-factor login ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["admin", "coordinator_a", "caseworker_x", "dpo"])
def test_staff_go_from_the_password_to_the_two_factor_step(client, world, role):
    user = UserFactory(role=Role.DATA_PROTECTION_OFFICER, organisation=world.ngo_a) if role == "dpo" else None
    user = user or world.users[role]
    user.set_password(PASSWORD)
    user.save()
    authenticator(user)
    response = client.post(f"{LOGIN}?next=/people/participants/", {"username": user.username, "password": PASSWORD,
                           "next": "/people/participants/"}, follow=True)  # fmt: skip
    assert response.redirect_chain[-1][0] == "/accounts/two-factor/?next=%2Fpeople%2Fparticipants%2F"
    assert 'data-testid="two-factor"' in response.content.decode()


def test_the_right_code_completes_the_login_in_a_new_session(client, coordinator, caplog):
    device = authenticator(coordinator)
    log_in(client, coordinator, verified=False)
    before = client.session.session_key
    wrong = client.post(reverse("two_factor"), {"code": "000000", "next": "/people/participants/"})
    assert wrong.status_code == 400 and "That code is not right" in wrong.content.decode()
    assert f"Two-factor code refused for account #{coordinator.pk}" in caplog.text
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0, throttling_failure_timestamp=None)
    response = client.post(reverse("two_factor"), {"code": current_code(device), "next": "/people/participants/"})
    assert response.status_code == 302 and response["Location"] == "/people/participants/"
    assert client.session.session_key != before
    assert client.get(reverse("people:participants")).status_code == 200


def test_a_wrong_code_makes_the_next_try_wait(client, coordinator):
    device = authenticator(coordinator)
    log_in(client, coordinator, verified=False)
    client.post(reverse("two_factor"), {"code": "000000"})
    response = client.post(reverse("two_factor"), {"code": current_code(device)})
    assert response.status_code == 400 and "Wait 1 second" in response.content.decode()


def test_a_code_works_once(client, coordinator):
    device = authenticator(coordinator)
    code = current_code(device)
    assert log_in(client, coordinator, verified=False).post(reverse("two_factor"), {"code": code}).status_code == 302
    log_out(client)
    assert log_in(client, coordinator, verified=False).post(reverse("two_factor"), {"code": code}).status_code == 400


def test_the_next_parameter_cannot_leave_the_site(client, coordinator):
    device = authenticator(coordinator)
    log_in(client, coordinator, verified=False)
    response = client.post(reverse("two_factor"), {"code": current_code(device), "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_enrolment_shows_the_qr_code_and_the_secret_and_gives_recovery_codes_once(client, coordinator):
    log_in(client, coordinator, verified=False)
    assert client.get("/").url == "/accounts/two-factor/setup/?next=%2F"
    page = client.get(reverse("two_factor_setup")).content.decode()
    # The QR code is drawn here as inline SVG (no image from another service); the secret is there as text.
    assert re.search(r'<svg[^>]*class="stafet-qr"', page) and "<img" not in page.split('id="main-content"')[1]
    secret = re.search(r'data-testid="secret">([A-Z2-7 ]+)<', page).group(1).replace(" ", "")
    key = unhexlify(client.session["stafet_totp_setup_key"])
    assert secret == __import__("base64").b32encode(key).decode().rstrip("=")
    assert client.post(reverse("two_factor_setup"), {"code": "123456"}).status_code == 400
    assert not TOTPDevice.objects.filter(user=coordinator).exists()

    response = client.post(reverse("two_factor_setup"), {"code": f"{TOTP(key).token():06d}", "next": "/"})
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", response.content.decode())
    assert len(codes) == 10 and len(set(codes)) == 10
    assert TOTPDevice.objects.get(user=coordinator).confirmed
    assert client.get("/").status_code == 200  # verified by the enrolment itself
    assert AuditEvent.objects.filter(action="account.authenticator_enrolled", target_id=str(coordinator.pk)).exists()
    # Shown once: the account page counts them but never shows them again.
    account = client.get(reverse("account")).content.decode()
    assert "10 recovery codes left" in account and codes[0] not in account


def test_a_recovery_code_logs_in_once(client, coordinator):
    authenticator(coordinator)
    codes = log_in(client, coordinator).post(reverse("recovery_codes"))
    code = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", codes.content.decode())[0]
    log_out(client)
    response = log_in(client, coordinator, verified=False).post(reverse("two_factor"), {"code": code.upper()})
    assert response.status_code == 302
    assert "9 codes are left" in client.get("/").content.decode()
    log_out(client)
    assert log_in(client, coordinator, verified=False).post(reverse("two_factor"), {"code": code}).status_code == 400


def test_new_recovery_codes_replace_the_old(client, coordinator):
    authenticator(coordinator)
    log_in(client, coordinator)
    old = re.findall(r"<code>([a-z2-7]{8})</code>", client.post(reverse("recovery_codes")).content.decode())
    new = re.findall(r"<code>([a-z2-7]{8})</code>", client.post(reverse("recovery_codes")).content.decode())
    assert set(StaticToken.objects.filter(device__user=coordinator).values_list("token", flat=True)) == set(new)
    assert not set(old) & set(new)
    assert AuditEvent.objects.filter(action="account.recovery_codes_regenerated").count() == 2
    assert client.get(reverse("recovery_codes")).status_code == 405  # made only by a POST, shown only then


def test_replacing_the_authenticator_needs_the_old_one_first(client, coordinator):
    authenticator(coordinator)
    log_in(client, coordinator, verified=False)
    assert client.get(reverse("two_factor_setup")).url.startswith(reverse("two_factor"))
    log_in(client, coordinator)
    assert client.get(reverse("two_factor_setup")).status_code == 200


def test_participants_and_mentors_log_in_without_a_second_factor_but_may_turn_it_on(client, world):
    participant = world.users["participant_user"]
    assert not participant.needs_two_factor and not world.users["mentor_user"].needs_two_factor
    assert log_in(client, participant).get("/").status_code == 200
    device = authenticator(participant)
    log_out(client)
    log_in(client, participant)
    assert client.get("/").url == "/accounts/two-factor/?next=%2F"  # turned on: used from the next login
    client.post(reverse("two_factor"), {"code": current_code(device)})
    assert client.get("/").status_code == 200


def test_the_data_protection_officer_needs_two_factor_and_reads_what_their_staff_read(client, world):
    """A municipality's DPO reads what its caseworkers read, read-only (tests/test_dpo_reads.py), and the
    data-protection pages (tests/test_privacy_access.py); the pages that change something answer 404."""
    dpo = UserFactory(role=Role.DATA_PROTECTION_OFFICER, organisation=world.mun_x)
    assert dpo.needs_two_factor
    log_in(client, dpo)
    home = client.get("/").content.decode()
    menu = re.findall(r'class="stafet-menu-link nav-link"[^>]*><span>([^<]+)<', home)
    assert menu == ["Programmes", "Participants", "Mentors", "Reports", "Data protection"]
    assert "Pia" in client.get(reverse("people:participants")).content.decode()
    assert "Mads" not in client.get(reverse("people:mentors")).content.decode()
    assert client.get(reverse("programmes:referrals")).status_code == 404
    # The citizen Aarhus referred and her mentorship are read; her mentor's own page and the openings are not.
    opens = {"people:participant": (world.p1, 200), "people:mentor": (world.m1, 404),
             "programmes:detail": (world.programme_p, 200), "mentorships:detail": (world.mentorship, 200),
             "placements:opening": (world.opening_c, 404)}  # fmt: skip
    for name, (obj, status) in opens.items():
        assert client.get(reverse(name, args=[obj.pk])).status_code == status, name


def test_the_demo_code_command_prints_a_code_only_for_demo_logins_in_development(world, settings):
    user = world.users["coordinator_a"]
    device = TOTPDevice.objects.create(user=user, name="demo", key=DEMO_TOTP_KEY, confirmed=True)
    settings.DEBUG = False
    with pytest.raises(CommandError, match="only in development"):
        call_command("demo_code", user.username, stdout=StringIO())
    settings.DEBUG = True
    out = StringIO()
    call_command("demo_code", user.username, stdout=out)
    assert device.verify_token(out.getvalue().strip())
    authenticator(world.users["coordinator_b"])  # a real authenticator: its code is never printed
    with pytest.raises(CommandError, match="not a demo login"):
        call_command("demo_code", "coordinator_b", stdout=StringIO())


def test_the_demo_two_factor_procedure_is_where_a_new_user_looks():
    from pathlib import Path

    from stafet.demo.data import DEMO_TOTP_SECRET

    root = Path(__file__).resolve().parent.parent
    for text in ((root / "README.md").read_text(), (root / "bin" / "start").read_text()):
        assert DEMO_TOTP_SECRET in text and "STAFET_DEBUG=1 .venv/bin/stafet demo_code koordinator" in text


# ---- Sessions and hashing -----------------------------------------------------------------------------------------


def idle(client, minutes: int) -> None:
    session = client.session
    session[LAST_SEEN] -= minutes * 60
    session.save()


def test_a_staff_session_ends_after_30_minutes_without_a_request(client, world):
    log_in(client, world.users["caseworker_x"])
    idle(client, 29)
    assert client.get("/").status_code == 200
    idle(client, 31)
    response = client.get("/programmes/referrals/")
    assert response.url == "/accounts/login/?next=%2Fprogrammes%2Freferrals%2F"
    assert "_auth_user_id" not in client.session
    assert "logged out after 30 minutes without activity" in client.get(response.url).content.decode()


@pytest.mark.parametrize("persona", ["contact_c", "admin"])
def test_company_contacts_and_administrators_have_staff_sessions(client, world, persona):
    log_in(client, world.users[persona])
    idle(client, 31)
    assert client.get("/").status_code == 302


@pytest.mark.parametrize("persona", ["mentor_user", "participant_user"])
def test_mentors_and_participants_keep_their_session_for_10_idle_hours(client, world, persona):
    log_in(client, world.users[persona])
    idle(client, 9 * 60)
    assert client.get("/").status_code == 200
    idle(client, 10 * 60 + 1)
    assert client.get("/").status_code == 302


def test_passwords_are_hashed_with_argon2():
    from stafet.config import settings as production

    assert production.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert make_password("x", hasher="argon2").startswith("argon2$argon2id$")


# ---- Password change and reset ------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["participant_user", "coordinator_a"])
def test_everyone_can_change_their_password(client, world, persona):
    user = world.users[persona]
    user.set_password(PASSWORD)
    user.save()
    log_in(client, user)
    assert client.get(reverse("account")).status_code == 200
    bad = client.post(reverse("password_change"), {"old_password": "wrong", "new_password1": "x",
                                                   "new_password2": "x"})  # fmt: skip
    assert bad.status_code == 200 and "form-error-message" in bad.content.decode()
    new = {"new_password1": "Blue-Harbour-Lamp-42", "new_password2": "Blue-Harbour-Lamp-42"}
    response = client.post(reverse("password_change"), {"old_password": PASSWORD, **new})
    assert response.url == reverse("password_change_done")
    user.refresh_from_db()
    assert user.check_password("Blue-Harbour-Lamp-42")
    assert client.get("/").status_code == 200  # still logged in (and past the second factor) here
    assert AuditEvent.objects.filter(action="account.password_changed", target_id=str(user.pk)).exists()


def test_a_forgotten_password_is_reset_by_email_link(client, world):
    user = world.users["mentor_user"]
    user.email = "mads@example.org"
    user.set_password(PASSWORD)  # a user without a usable password gets no reset link
    user.save()
    assert 'href="/accounts/password/reset/"' in client.get(LOGIN).content.decode()
    assert client.post(reverse("password_reset"), {"email": "mads@example.org"}).url == reverse("password_reset_done")
    assert client.post(reverse("password_reset"), {"email": "nobody@example.org"}).status_code == 302  # no tell
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/password/reset/\S+/)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    assert 'data-testid="password-reset-confirm"' in form.content.decode()
    response = client.post(form.redirect_chain[-1][0], {"new_password1": "Green-Valley-Door-77",
                                                         "new_password2": "Green-Valley-Door-77"})  # fmt: skip
    assert response.url == reverse("password_reset_complete")
    assert post_login(client, user.username, "Green-Valley-Door-77").status_code == 302
    assert AuditEvent.objects.filter(action="account.password_reset", target_id=str(user.pk)).exists()
    # The link works once.
    assert 'data-testid="invalid-link"' in client.get(link, follow=True).content.decode()


def test_the_reset_email_and_pages_are_in_danish(client, world):
    user = world.users["mentor_user"]
    user.email = "mads@example.org"
    user.set_password(PASSWORD)  # a user without a usable password gets no reset link
    user.save()
    client.cookies["django_language"] = "da"
    page = client.get(reverse("password_reset")).content.decode()
    assert "Glemt din adgangskode?" in page and "Send linket" in page
    with translation.override("da"):
        client.post(reverse("password_reset"), {"email": "mads@example.org"})
    assert mail.outbox[0].subject == "En ny adgangskode til Stafet"
    assert "Vælg en ny adgangskode her" in mail.outbox[0].body
