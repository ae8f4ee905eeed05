"""Every page a mentor or participant sees, and the public mentor sign-up page, is in the reader's language: no
message falls back to Danish (Django's fallback for a message a catalogue lacks)."""

import gettext
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings

from tests.crawl import crawl

LOCALE = Path(settings.BASE_DIR) / "locale"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")


def danish_messages() -> set[str]:
    """Stafet's Danish messages that differ from their English source, as the literal parts a page would show."""
    with open(LOCALE / "da" / "LC_MESSAGES" / "django.mo", "rb") as mo:
        catalogue = gettext.GNUTranslations(mo)._catalog  # type: ignore[attr-defined]
    out = set()
    for msgid, msgstr in catalogue.items():
        if not msgid or isinstance(msgid, tuple) or msgid == msgstr:
            continue
        for part in PLACEHOLDER.split(msgstr):
            part = " ".join(re.sub(r"<[^>]+>", " ", part).split()).strip(" .,:;()")
            if len(part) >= 4 and part.lower() != msgid.lower():
                out.add(part)
    return out


class Text(HTMLParser):
    """The text a reader sees or hears: text nodes, and labels in attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.nodes: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        for name, value in attrs:
            if name in ("aria-label", "title", "placeholder", "alt") and value:
                self.nodes.append(value)
            if name == "value" and tag == "input" and ("type", "submit") in attrs and value:
                self.nodes.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip and data.strip():
            self.nodes.append(" ".join(data.split()))


def danish_on(html: str, danish: set[str]) -> list[str]:
    parser = Text()
    parser.feed(html)
    found = []
    for node in parser.nodes:
        for phrase in danish:
            if node == phrase or (phrase.count(" ") >= 2 and phrase in node):
                found.append(phrase)
    return sorted(set(found))


@pytest.mark.parametrize("persona", ["mentor_user", "participant_user"])
@pytest.mark.parametrize("lang", ["ti", "ar"])
def test_every_page_of_a_mentor_and_participant_is_in_their_language(full_world, login, persona, lang):
    client = login(full_world.users[persona])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    danish = danish_messages()
    report = {}
    for page in crawl(client):
        if page.html:
            left = danish_on(page.html, danish)
            if left:
                report[page.url] = left
    Path(f"/tmp/i14l2/{persona}-{lang}.txt").write_text("\n".join(f"{u}: {v}" for u, v in report.items()))
    assert report == {}
