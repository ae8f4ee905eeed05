from functools import cache

from django.http import HttpRequest

from stafet.notifications.access import unread_count


def notifications(request: HttpRequest) -> dict:
    """The unread count for the header, counted only when a page shows it (a callable, called by the template),
    and once per page although the header shows it twice (the wide bar and the phone's drawer)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": cache(lambda: unread_count(user))}
