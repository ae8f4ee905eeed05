"""Every page a mentor or participant sees, every email they get, and the public mentor sign-up page speak the
reader's language: nothing falls back to Danish, which Django shows for any message a catalogue lacks.

The pages are found by crawling from the home page as the mentor and as the participant (so a new page is covered
without a list to keep), and each is searched for Stafet's Danish messages (and Django's own: dates, form errors).
"""

import gettext
import re
from html.parser import HTMLParser
from pathlib import Path

import django
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from stafet.notifications.models import Notification
from stafet.notifications.render import email_parts
from tests.crawl import crawl, parse

LOCALE = Path(settings.BASE_DIR) / "locale"
DJANGO = Path(django.__file__).parent
DJANGO_DA = [DJANGO / d / "da/LC_MESSAGES/django.mo" for d in ("conf/locale", "contrib/auth/locale")]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")
SCRIPT = {"ar": r"[\u0600-\u06ff]", "fa": r"[\u0600-\u06ff]", "ti": r"[\u1200-\u137f]", "uk": r"[\u0400-\u04ff]"}
# The language switch names each language in itself: "Dansk" there is right in every language.
LANGUAGE_NAMES = {translation.get_language_info(code)["name_local"] for code, _name in settings.LANGUAGES}


def _catalogue(path: Path) -> dict:
    with open(path, "rb") as mo:
        return gettext.GNUTranslations(mo)._catalog


def danish_messages() -> tuple[set[str], set[str]]:
    """The Danish of Stafet's messages and of Django's form and date messages, as the literal parts a page shows,
    and the words of the English messages. A Danish text that is also an English message ("type", "status") is
    left out: it cannot tell the two apart."""
    english: set[str] = set()
    words: set[str] = set()  # as written: the English "December" is not the Danish "december"
    danish: dict[str, str] = {}
    for path in [LOCALE / "da/LC_MESSAGES/django.mo", *DJANGO_DA]:
        for msgid, msgstr in _catalogue(path).items():
            msgid = msgid[0] if isinstance(msgid, tuple) else msgid
            if msgid and "\x04" not in msgid:
                english.add(msgid)
                words.update(re.findall(r"\w+", msgid))
                danish[msgid] = msgstr
    out = set()
    for msgstr in danish.values():
        for part in PLACEHOLDER.split(msgstr):
            part = " ".join(re.sub(r"<[^>]+>", " ", part).split()).strip(" .,:;()")
            if len(part) >= 4 and part not in english and part not in words and part not in LANGUAGE_NAMES:
                out.add(part)
    return out, words


DANISH, ENGLISH_WORDS = danish_messages()


class Text(HTMLParser):
    """The text a reader sees or hears: text nodes, and the labels in attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.nodes: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        self.skip += tag in ("script", "style")
        a = dict(attrs)
        self.nodes += [a[k] for k in ("aria-label", "title", "placeholder", "alt") if a.get(k)]
        if tag == "input" and a.get("type") == "submit" and a.get("value"):
            self.nodes.append(a["value"])

    def handle_endtag(self, tag):
        self.skip -= tag in ("script", "style")

    def handle_data(self, data):
        if not self.skip and data.strip():
            self.nodes.append(" ".join(data.split()))


def danish_in(nodes: list[str]) -> list[str]:
    """The Danish messages among ``nodes``: a whole text, or a phrase of three words or more inside one."""
    found = {p for node in nodes for p in DANISH if node == p or (p.count(" ") >= 2 and p in node)}
    # Single words in small letters (a month, "minutter"): names of places and people are capitalised.
    words = {w for node in nodes for w in re.findall(r"\w+", node) if w.islower()}
    found |= {w for w in words if w in DANISH and w not in ENGLISH_WORDS}
    return sorted(found)


def page_text(html: str) -> list[str]:
    parser = Text()
    parser.feed(html)
    return parser.nodes


def test_the_check_finds_danish_text():
    assert "Planlæg næste møde" in danish_in(page_text("<p>Planlæg næste møde</p><button aria-label='Luk'>x</button>"))
    assert danish_in(page_text("<p>4. december 2026</p>")) == ["december"]
    assert danish_in(page_text("<p>ዝቕጽል ርክብ 4 ታሕሳስ 2026</p><a>Dansk</a>")) == []


def assert_in_language(pages: dict[str, str], lang: str) -> None:
    left = {url: danish_in(page_text(html)) for url, html in pages.items()}
    assert {url: found for url, found in left.items() if found} == {}
    for url, html in pages.items():
        assert f'<html lang="{lang}"' in html, url
        main = html[html.find("<main") :]
        if lang in SCRIPT:
            assert re.search(SCRIPT[lang], main), url


@pytest.mark.parametrize("lang", ["ti", "ar"])
@pytest.mark.parametrize("persona", ["mentor_user", "participant_user"])
def test_every_page_of_a_mentor_and_a_participant_is_in_their_language(full_world, login, persona, lang):
    client = login(full_world.users[persona])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    pages = {page.url: page.html for page in crawl(client) if page.status == 200 and "<main" in page.html}
    # "Your profile" redirects (people:me), which the crawl does not follow: its pages are added by name.
    w = full_world
    own = {
        "mentor_user": [("people:mentor", w.m1.pk), ("people:mentor_edit", w.m1.pk)],
        "participant_user": [("people:participant", w.p1.pk), ("people:participant_edit", w.p1.pk)],
    }[persona]
    for name, pk in own:
        response = client.get(reverse(name, args=[pk]))
        assert response.status_code == 200, name
        pages[reverse(name, args=[pk])] = response.content.decode()
    # The crawl reaches the pages of the brief: the mentorship with its forms, events, profile, data, settings.
    expected = {
        "mentor_user": ["/mentorships/", "/events/", "/people/mentors/", "/notifications/settings/", "/accounts/"],
        "participant_user": ["/events/", "/privacy/me/", "/notifications/", "/accounts/password/change/"],
    }[persona]
    assert all(any(url.startswith(prefix) for url in pages) for prefix in expected), sorted(pages)
    assert_in_language(pages, lang)


@pytest.mark.parametrize(("accept", "lang"), [("so-SO,so;q=0.9", "so"), ("uk-UA,uk;q=0.9,en;q=0.5", "uk")])
def test_the_mentor_signup_and_login_pages_follow_a_visitors_browser(full_world, client, accept, lang):
    del client.cookies[settings.LANGUAGE_COOKIE_NAME]
    urls = [
        reverse("programmes:signup", args=[full_world.programme_p.pk]),
        reverse("login"),
        reverse("password_reset"),
        reverse("password_reset_done"),
        reverse("accept_invitation", args=[full_world.invitation_token]),
    ]
    pages = {url: client.get(url, HTTP_ACCEPT_LANGUAGE=accept).content.decode() for url in urls}
    assert_in_language(pages, lang)
    # The sign-up sent as the browser would, with the name, email and consent left empty: the errors are in the
    # visitor's language too.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    (form,) = [f for f in parse(urls[0], pages[urls[0]]).forms if f.action.endswith(urls[0])]
    data = {k: v for k, v in form.data().items() if k not in ("mentor-first_name", "mentor-email", "consent-consent")}
    refused = client.post(urls[0], data).content.decode()
    with translation.override(lang):
        required = translation.gettext("This field is required.")
    assert required != "This field is required." and escape(required) in refused
    assert_in_language({"signup (refused)": refused}, lang)


MENTOR_AND_PARTICIPANT_EMAILS = [
    "invitation", "mentorship_published", "meeting_planned", "meeting_changed", "meeting_cancelled",
    "meeting_reminder", "event_invitation", "event_changed", "event_cancelled", "event_reminder",
    "escalation_taken", "escalation_resolved", "no_first_meeting", "no_recent_meeting",
]  # fmt: skip
PARAMS = {
    "as": "mentor", "participant": "Pia", "mentor": "Mads", "other": "Pia", "by": "Ida", "name": "Ida",
    "programme": "Programme P", "cohort": "Cohort K", "event": "Cohort K", "topic": "housing", "role": "mentor",
    "days": 30, "count": 3, "starts_at": "2026-12-04T14:30:00+01:00", "started_on": "2026-11-04", "since": "2026-11-04",
    "place": "NGO A", "username": "pia", "until": "2026-12-11T14:30:00+01:00", "hours": 2, "venue": "online",
}  # fmt: skip


@pytest.mark.parametrize("lang", ["ti", "ar"])
@pytest.mark.parametrize("kind", [*MENTOR_AND_PARTICIPANT_EMAILS, "digest"])
def test_every_email_a_mentor_or_participant_gets_is_in_their_language(world, lang, kind):
    user = world.users["mentor_user"]
    made = dict(kind=kind, event=kind, recipient=user, recipient_key=f"user:{user.pk}", language=lang,
                delivery="email", status="pending", params=PARAMS, url="/mentorships/1/")  # fmt: skip
    notification = Notification.objects.create(**made)
    if kind == "digest":
        for item in ("meeting_planned", "escalation_resolved", "no_recent_meeting"):
            Notification.objects.create(**made | {"kind": item, "event": item, "digest": notification})
    subject, text, html = email_parts(notification)
    lines = [subject, *text.splitlines()]
    assert danish_in([line for line in lines if line.strip()]) == []
    assert re.search(SCRIPT[lang], subject) and re.search(SCRIPT[lang], text)
    if kind in ("meeting_planned", "event_invitation"):
        assert {"ti": "ታሕሳስ", "ar": "ديسمبر"}[lang] in text  # the month in the reader's language
