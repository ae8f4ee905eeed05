from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.cache import add_never_cache_headers


class DanishUnlessChosenMiddleware:
    """Stafet speaks Danish unless the user picks English with the language switch (a cookie).

    Django would otherwise follow the browser's Accept-Language, and most browsers here say English even
    for Danish users; the programmes' staff expect Danish by default."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
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
