"""Form widgets shared by the apps' forms."""

from django import forms


class DateInput(forms.DateInput):
    """A browser date picker. It only accepts ISO dates (2026-12-01) as its value, whatever the page's language,
    so the value is always written that way: with Danish formats it would be 01.12.2026, which the browser
    drops, and a default date such as today would show as an empty field."""

    input_type = "date"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")
