"""Crawl the site as one user: every page reachable from the home page, with the links and forms on it.

Used by the tests that must cover every page and every form without a hand-kept list (crafted input, duplicate
element ids). One concrete page is kept per URL pattern and set of query parameters, so a list of 50 participants
costs one participant page, not 50.
"""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urljoin, urlsplit

from django.test import Client
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve

# Not followed: leaving the site, static files, and the admin (Django's own, crawled only by its own test).
SKIPPED_PREFIXES = ("/static/", "/admin/", "/i18n/")
# Not submitted: it would end the session the crawl runs in.
SKIPPED_ACTIONS = ("/accounts/logout/",)


@dataclass
class Form:
    page: str
    action: str
    method: str
    fields: list[tuple[str, str]] = field(default_factory=list)  # (name, value) as the browser would send them
    buttons: list[tuple[str, str]] = field(default_factory=list)  # named submit buttons

    def key(self) -> tuple:
        """What makes two forms the same: the view they post to, and their fields (a row's prefix "r12-" and
        "r13-" alike)."""
        names = {re.sub(r"\d+", "#", name) for name, _ in self.fields + self.buttons}
        return (url_name(self.action), self.method, tuple(sorted(names)))

    def data(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for name, value in self.fields + self.buttons[:1]:
            out.setdefault(name, []).append(value)
        return out


@dataclass
class Page:
    url: str
    status: int
    html: str
    ids: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    forms: list[Form] = field(default_factory=list)


class Parser(HTMLParser):
    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.ids: list[str] = []
        self.links: list[str] = []
        self.forms: list[Form] = []
        self.form: Form | None = None
        self.by_id: dict[str, Form] = {}
        self.select: tuple[str, list[str], list[str], bool] | None = None  # name, options, selected, multiple
        self.textarea: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.ids.append(a["id"])
        if tag != "form" and (a.get("hx-post") or a.get("hx-get")):
            # An element that posts itself with htmx (a checkbox that approves a proposal): a form of its own.
            method = "post" if a.get("hx-post") else "get"
            own = Form(self.page, urljoin(self.page, a.get("hx-post") or a.get("hx-get")), method)
            if "name" in a and (tag != "input" or a.get("type") not in ("checkbox", "radio") or "checked" in a):
                own.fields.append((a["name"], a.get("value", "")))
            self.forms.append(own)
        outer = self.form
        if a.get("form") in self.by_id:  # a field outside its form, tied to it by the form's id
            self.form = self.by_id[a["form"]]
        try:
            self._field(tag, a)
        finally:
            self.form = outer if tag != "form" else self.form

    def _field(self, tag: str, a: dict[str, str]) -> None:
        if tag == "option" and self.select is not None:
            self.select[1].append(a.get("value", ""))
            if "selected" in a:
                self.select[2].append(a.get("value", ""))
        elif tag == "a" and a.get("href"):
            self.links.append(urljoin(self.page, a["href"]))
        elif tag == "form":
            method = a.get("method", "get").lower()
            self.form = Form(self.page, urljoin(self.page, a.get("action") or self.page), method)
            self.forms.append(self.form)
            if a.get("id"):
                self.by_id[a["id"]] = self.form
        elif self.form is None or "name" not in a:
            return
        elif tag == "input":
            kind = a.get("type", "text").lower()
            if kind in ("submit", "image"):
                self.form.buttons.append((a["name"], a.get("value", "")))
            elif kind in ("checkbox", "radio"):
                if "checked" in a or kind == "radio" and not any(n == a["name"] for n, _ in self.form.fields):
                    self.form.fields.append((a["name"], a.get("value", "on")))
            else:
                self.form.fields.append((a["name"], a.get("value", "")))
        elif tag == "button" and a.get("type", "submit") == "submit":
            self.form.buttons.append((a["name"], a.get("value", "")))
        elif tag == "select":
            self.select = (a["name"], [], [], "multiple" in a)
        elif tag == "textarea":
            self.textarea = (a["name"], [])

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        if self.textarea is not None:
            self.textarea[1].append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.form = None
        elif tag == "select" and self.select is not None and self.form is not None:
            name, options, selected, multiple = self.select
            if multiple:
                self.form.fields.extend((name, value) for value in selected)
            elif selected or options:
                self.form.fields.append((name, (selected or options)[0]))
            self.select = None
        elif tag == "textarea" and self.textarea is not None and self.form is not None:
            self.form.fields.append((self.textarea[0], "".join(self.textarea[1])))
            self.textarea = None


def parse(url: str, html: str) -> Page:
    parser = Parser(url)
    parser.feed(html)
    return Page(url, 200, html, parser.ids, parser.links, parser.forms)


def url_name(url: str) -> str | None:
    """The URL pattern's name ("namespace:name") for a path on this site, or ``None``."""
    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        return None
    return match.view_name


def page_key(url: str) -> tuple:
    parts = urlsplit(url)
    return (url_name(url), tuple(sorted({k for k, _ in parse_qsl(parts.query, keep_blank_values=True)})))


def local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("", "http") and parts.netloc in ("", "testserver") and parts.path.startswith("/")


def crawl(client: Client, start: str = "/", per_pattern: int = 3, limit: int = 400) -> list[Page]:
    """Every page reachable from ``start`` by links: up to ``per_pattern`` pages per URL pattern and set of query
    parameters (so a form shown on one cohort's page and not another's is found), breadth first."""
    seen: dict[tuple, int] = {}
    visited: set[str] = set()
    queue, pages = [start], []
    while queue and len(pages) < limit:
        url = queue.pop(0)
        if not local(url) or urlsplit(url).path.startswith(SKIPPED_PREFIXES) or url_name(url) is None:
            continue
        key = page_key(url)
        if url in visited or seen.get(key, 0) >= per_pattern:
            continue
        visited.add(url)
        seen[key] = seen.get(key, 0) + 1
        response = client.get(url)
        path = urlsplit(url)._replace(scheme="", netloc="", fragment="").geturl()
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            pages.append(Page(path, response.status_code, ""))
            continue
        page = parse(path, response.content.decode())
        pages.append(page)
        queue.extend(link.split("#")[0] for link in page.links)
    return pages


def forms_of(pages: list[Page]) -> list[Form]:
    """The distinct forms on ``pages`` (one per action pattern, method and field names), logout left out."""
    out, seen = [], set()
    for page in pages:
        for form in page.forms:
            path = urlsplit(form.action).path
            if not local(form.action) or path.startswith(SKIPPED_PREFIXES + SKIPPED_ACTIONS) or not url_name(path):
                continue
            if form.key() not in seen:
                seen.add(form.key())
                out.append(form)
    return out


def url_patterns(skip_namespaces: frozenset[str] = frozenset({"admin"})) -> set[str]:
    """Every named URL pattern of the site ("namespace:name")."""
    found = set()

    def walk(patterns, namespace):
        for p in patterns:
            if isinstance(p, URLResolver):
                if p.namespace not in skip_namespaces:
                    walk(p.url_patterns, p.namespace or namespace)
            elif isinstance(p, URLPattern) and p.name:
                found.add(f"{namespace}:{p.name}" if namespace else p.name)

    walk(get_resolver().url_patterns, None)
    return found
