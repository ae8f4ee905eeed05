"""One date format per language, everywhere, and numbers in the page's locale."""

import datetime
import re
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import formats, translation

from stafet.mentorships.forms import MeetingForm


@pytest.mark.parametrize(
    ("lang", "day"), [("da", "4. december 2026"), ("en", "4 December 2026")]
)  # fmt: skip
def test_short_and_long_dates_are_written_the_same_way(lang, day):
    date = datetime.date(2026, 12, 4)
    with translation.override(lang):
        shown = {formats.date_format(date, name) for name in ("DATE_FORMAT", "SHORT_DATE_FORMAT")}
        moment = datetime.datetime(2026, 12, 4, 14, 30)
        both = {formats.date_format(moment, name) for name in ("DATETIME_FORMAT", "SHORT_DATETIME_FORMAT")}
    assert shown == {day} and both == {f"{day}, 14:30"}


@pytest.mark.parametrize(
    ("lang", "expected"), [("da", "fredag 4. december 2026, 14:30"), ("en", "Friday 4 December 2026, 14:30")]
)  # fmt: skip
def test_a_day_with_its_weekday_is_in_the_pages_language(lang, expected):
    template = Template('{{ t|date:"l" }} {{ t|date:"DATETIME_FORMAT" }}')
    with translation.override(lang):
        assert template.render(Context({"t": datetime.datetime(2026, 12, 4, 14, 30)})) == expected


def test_dates_typed_the_danish_way_are_still_read():
    from django import forms

    with translation.override("da"):
        field = forms.DateField(localize=True)
        assert field.clean("04.12.2026") == datetime.date(2026, 12, 4)


@pytest.mark.parametrize(("lang", "shown"), [("da", 'value="2,0"'), ("en", 'value="2.0"')])
def test_hours_in_the_meeting_form_are_in_the_pages_locale(lang, shown):
    with translation.override(lang):
        html = str(MeetingForm(initial={"hours": Decimal("2.0")})["hours"])
    assert shown in html and 'inputmode="decimal"' in html


@pytest.mark.parametrize("typed", ["1,5", "1.5"])
def test_hours_typed_with_a_comma_or_a_point_are_read_in_danish(typed):
    with translation.override("da"):
        field = MeetingForm.base_fields["hours"]
        assert field.clean(typed) == Decimal("1.5")


def test_no_short_numeric_dates_on_the_report_or_the_escalations(world, login):
    client = login(world.users["coordinator_a"])
    client.cookies["django_language"] = "da"
    for url in (
        reverse("outcomes:cohort_report", args=[world.cohort_k.pk]),
        reverse("mentorships:escalations"),
        reverse("mentorships:detail", args=[world.mentorship.pk]),
    ):
        html = client.get(url).content.decode()
        assert not re.search(r"\b\d{2}\.\d{2}\.\d{4}\b|\b\d{2}/\d{2}/\d{4}\b", html), url
