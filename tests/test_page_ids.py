"""No page has two elements with the same id: a label, an htmx target or a skip link would reach the wrong one.

Every page each persona reaches is parsed (``tests.crawl``), so a new page is checked without being listed here.
"""

from collections import Counter

import pytest

from tests.auth import log_in
from tests.crawl import crawl, parse

PERSONAS = ["admin", "coordinator_a", "caseworker_x", "contact_c", "mentor_user", "participant_user"]


def duplicates(ids: list[str]) -> list[str]:
    return sorted(i for i, n in Counter(ids).items() if n > 1)


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_page_has_an_id_twice(full_world, client, persona):
    log_in(client, full_world.users[persona])
    pages = [page for page in crawl(client) if page.status == 200 and page.html]
    found = {page.url: duplicates(page.ids) for page in pages}
    assert len(pages) >= 2
    assert not {url: ids for url, ids in found.items() if ids}


def test_the_login_page_has_no_id_twice(client, db):
    assert not duplicates(parse("/accounts/login/", client.get("/accounts/login/").content.decode()).ids)


def test_a_duplicate_id_is_found():
    page = parse("/", '<label for="id_note"></label><input id="id_note"><textarea id="id_note"></textarea>')
    assert duplicates(page.ids) == ["id_note"]
