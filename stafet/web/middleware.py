from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation.trans_real import parse_accept_lang_header

from stafet.organisations.languages import language_for
from stafet.organisations.models import User


class DanishUnlessChosenMiddleware:
    """Stafet speaks Danish unless the reader picks another language with the language switch (a cookie).

    Django would otherwise follow the browser's Accept-Language, and most browsers here say English even for
    Danish users; the programmes' staff expect Danish by default. The browser's language counts only when the
    first language it asks for that Stafet speaks is one staff pages do not (Arabic, Persian, Ukrainian,
    Tigrinya, Somali): a refugee's phone set to Arabic shows the first page in Arabic."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        wanted = browser_language(request.META.pop("HTTP_ACCEPT_LANGUAGE", ""))
        if wanted and wanted not in settings.STAFF_LANGUAGES:
            request.META["HTTP_ACCEPT_LANGUAGE"] = wanted
        return self.get_response(request)


def browser_language(header: str) -> str | None:
    """The first language of an Accept-Language header that Stafet speaks, as a base code.

    >>> browser_language("ar-SY,ar;q=0.9,en;q=0.8"), browser_language("en-GB,ar;q=0.5"), browser_language("zz")
    ('ar', 'en', None)
    """
    spoken = {code for code, _name in settings.LANGUAGES}
    for code, _quality in parse_accept_lang_header(header):
        base = code.split("-")[0].lower()
        if base in spoken:
            return base
    return None


class UserLanguageMiddleware:
    """A logged-in user's pages in their language: the language switch's cookie (their choice on this device),
    else the language kept on the user (their choice on another device, or an administrator's). Staff read
    Danish or English only (``stafet.organisations.languages``). After the authentication middleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if isinstance(user, User) and user.is_authenticated:
            cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
            code = language_for(user, cookie, user.preferred_language)
            translation.activate(code)
            request.LANGUAGE_CODE = code
        return self.get_response(request)


class PrivateResponseMiddleware:
    """Headers every page gets (static files, served before this by WhiteNoise, keep theirs):

    - ``Cache-Control: no-store`` (with ``private`` and an old ``Expires``): pages and exports carry personal
      data, and neither the browser's history nor a shared proxy may keep a copy;
    - ``Permissions-Policy``: no page uses the camera, microphone, location or other device features."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        add_never_cache_headers(response)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class RefuseNullCharactersMiddleware:
    """A NUL character in a query string is a 400: no search, filter or id has one, and PostgreSQL refuses it in
    any text it is given, so it would otherwise reach the database (the admin's filters do) as a server error.
    Form fields need no such guard: Django's text fields refuse NUL with an error on the field."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if any("\x00" in key or "\x00" in value for key, values in request.GET.lists() for value in values):
            return HttpResponseBadRequest("A NUL character is not allowed in the address.")
        return self.get_response(request)
