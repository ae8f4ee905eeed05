"""Languages: participants, mentors and visitors read Stafet in seven languages, staff in Danish and English; the
choice is kept on the user; a visitor's first page follows the browser; Arabic and Persian pages run right to
left; the participants' catalogues hold only participant and mentor messages, all translated."""

import gettext
import re
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from stafet.organisations.languages import language_for, languages_for

LOCALE = Path(settings.BASE_DIR) / "locale"
PARTICIPANT_LANGUAGES = ["ar", "fa", "uk", "ti", "so"]


def _menu(html: str) -> list[str]:
    # The header offers the languages twice, in its list on a wide screen and in the phone menu: once each here.
    return list(dict.fromkeys(re.findall(r'name="language" value="([a-z]+)"', html)))


def test_a_participant_and_a_mentor_choose_among_seven_languages_staff_among_two(world, login):
    assert _menu(login(world.users["participant_user"]).get(reverse("home")).content.decode()) == [
        "da",
        "en",
        "ar",
        "fa",
        "uk",
        "ti",
        "so",
    ]
    assert len(_menu(login(world.users["mentor_user"]).get(reverse("home")).content.decode())) == 7
    assert _menu(login(world.users["coordinator_a"]).get(reverse("home")).content.decode()) == ["da", "en"]


def test_a_visitor_is_offered_every_language(client):
    assert len(_menu(client.get(reverse("login")).content.decode())) == 7


def test_choosing_arabic_keeps_it_on_the_user_and_lays_the_page_out_right_to_left(world, login):
    client = login(world.users["participant_user"])
    client.post(reverse("set_language"), {"language": "ar", "next": "/"})
    world.users["participant_user"].refresh_from_db()
    assert world.users["participant_user"].preferred_language == "ar"
    html = client.get(reverse("home")).content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "صفحتي" in html  # "My page"


def test_the_language_kept_on_the_user_follows_them_to_another_device(world, login):
    user = world.users["participant_user"]
    user.preferred_language = "ti"
    user.save()
    client = login(user)
    del client.cookies[settings.LANGUAGE_COOKIE_NAME]
    html = client.get(reverse("home")).content.decode()
    assert '<html lang="ti" dir="ltr">' in html


def test_staff_cannot_choose_a_participant_language(world, login):
    client = login(world.users["coordinator_a"])
    client.post(reverse("set_language"), {"language": "ar", "next": "/"})
    world.users["coordinator_a"].refresh_from_db()
    assert world.users["coordinator_a"].preferred_language == "da"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    assert '<html lang="da" dir="ltr">' in client.get(reverse("home")).content.decode()


@pytest.mark.parametrize(
    ("accept", "lang"),
    [("ar-SY,ar;q=0.9,en;q=0.8", "ar"), ("fa-IR", "fa"), ("en-GB,en;q=0.9,ar;q=0.5", "da"), ("da", "da")],
)
def test_a_visitors_first_page_follows_the_browser_unless_it_asks_for_english(client, accept, lang):
    del client.cookies[settings.LANGUAGE_COOKIE_NAME]
    html = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE=accept).content.decode()
    assert f'<html lang="{lang}"' in html


def test_language_for_falls_back_to_danish_for_a_language_the_user_may_not_read(world):
    assert language_for(world.users["coordinator_a"], "fa", "en") == "en"
    assert language_for(world.users["participant_user"], "fa") == "fa"
    assert [code for code, _ in languages_for(None)] == [code for code, _ in settings.LANGUAGES]


@pytest.mark.parametrize("lang", PARTICIPANT_LANGUAGES)
def test_each_participant_language_has_a_complete_catalogue_of_participant_messages_only(lang):
    po = LOCALE / lang / "LC_MESSAGES" / "django.po"
    stats = subprocess.run(
        ["msgfmt", "--statistics", "-o", "/dev/null", str(po)], capture_output=True, text=True, check=True
    ).stderr
    assert re.fullmatch(r"\d+ translated messages?\.\n", stats), stats  # no fuzzy, no untranslated
    catalogue = gettext.GNUTranslations(open(po.with_suffix(".mo"), "rb"))  # noqa: SIM115
    assert catalogue.gettext("My page") != "My page"
    # A coordinator's matching page stays in the staff languages only.
    matching = "A talent programme matches candidates to job openings; mentor matching does not apply."
    assert matching not in catalogue._catalog


def test_arabic_and_ethiopic_fonts_are_served_by_stafet(client):
    html = client.get(reverse("login")).content.decode()
    assert "vendor/fonts/arabic/400.css" in html and "vendor/fonts/ethiopic/400.css" in html
    with translation.override("ar"):
        assert translation.get_language_bidi()


def test_the_error_summary_links_to_each_field_with_an_error(client):
    html = client.post(reverse("login"), {"username": "", "password": ""}).content.decode()
    summary = html[html.index('data-testid="error-summary"') :]
    assert 'href="#id_username"' in summary and 'href="#id_password"' in summary
