from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class DanishUnlessChosenMiddleware:
    """Stafet speaks Danish unless the user picks English with the language switch (a cookie).

    Django would otherwise follow the browser's Accept-Language, and most browsers here say English even
    for Danish users; the programmes' staff expect Danish by default."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
