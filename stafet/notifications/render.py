"""Turning a notification into words: the subject, a one-line summary (the in-app list, the digest) and the email
(plain text and HTML), in the recipient's language.

Each kind has one template, ``notifications/messages/<kind>.txt``, with the partials ``subject``, ``summary``,
``body`` and ``action`` (the label of the link). Its strings are English source strings in ``{% translate %}``
and ``{% blocktranslate %}``, so a new language is a new catalogue, never a new template. The HTML email is
made from the same text (escaped, paragraphs kept), so the two parts always say the same.
"""

import datetime
from typing import Any

from django.conf import settings
from django.db.models import Choices
from django.template import Context
from django.template.defaultfilters import linebreaks_filter, urlize
from django.template.loader import get_template
from django.urls import reverse
from django.utils import translation

from stafet.notifications.models import Notification
from stafet.organisations.models import Role

# Codes kept in ``params`` and the choices that say them in the active language (``<key>_label`` in templates).
# Each app adds its own from its ``notices`` module, which this app loads for every installed app.
_LABELS: dict[str, type[Choices]] = {"role": Role}


def register_labels(**choices: type[Choices]) -> None:
    """Say the codes kept under these ``params`` keys with these choices' labels (``topic=Escalation.Topic``)."""
    _LABELS.update(choices)


def _label(choices: type[Choices], code: str) -> str:
    return str(choices(code).label) if code in choices.values else code


def _typed(value: Any, key: str = "") -> Any:
    """ISO dates and times in ``params`` back to dates and times, so templates format them in the language."""
    if isinstance(value, dict):
        return {k: _typed(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_typed(v, key) for v in value]
    if isinstance(value, str) and (key.endswith("_on") or key == "date"):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, str) and key.endswith("_at"):
        try:
            return datetime.datetime.fromisoformat(value)
        except ValueError:
            return value
    return value


def absolute(path: str) -> str:
    if not path or path.startswith(("http://", "https://")):
        return path
    return settings.STAFET_SITE_URL.rstrip("/") + path


def context_of(notification: Notification) -> dict[str, Any]:
    params = _typed(notification.params)
    for key, value in list(params.items()):
        if key in _LABELS and isinstance(value, str):
            params[f"{key}_label"] = _label(_LABELS[key], value)
    return {"p": params, "n": notification, "url": absolute(notification.url)}


def _part(kind: str, part: str, context: dict[str, Any]) -> str:
    template: Any = get_template(f"notifications/messages/{kind}.txt#{part}")  # the backend's template: its engine's
    return template.template.render(Context(context, autoescape=False)).strip()


def summary(notification: Notification) -> str:
    """One line in the active language (the page's, on the in-app list)."""
    return _part(notification.kind, "summary", context_of(notification))


def subject(notification: Notification) -> str:
    return " ".join(_part(notification.kind, "subject", context_of(notification)).split())


def email_parts(notification: Notification) -> tuple[str, str, str]:
    """Subject, plain text and HTML of the email, in the recipient's language."""
    with translation.override(notification.language):
        context = context_of(notification)
        if notification.kind == "digest":
            context["items"] = [
                {"summary": _part(item.kind, "summary", context_of(item)), "url": absolute(item.url)}
                for item in notification.items.order_by("created_at", "pk")
            ]
        title = " ".join(_part(notification.kind, "subject", context).split())
        body = _part(notification.kind, "body", context)
        action = _part(notification.kind, "action", context) if notification.url else ""
        layout = {
            **context,
            "subject": title,
            "body": body,
            "action": action,
            "contact": context["p"].get("contact") or {},
            "settings_url": absolute(reverse("notifications:settings")) if notification.recipient_id else "",
        }
        text = _part("layout", "text", layout)
        html_layout = {**layout, "body_html": linebreaks_filter(urlize(body, autoescape=True), autoescape=False)}
        html = get_template("notifications/messages/layout.txt#html").render(html_layout)
    return title, text + "\n", html
