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


# The participants' languages: day first, the month by name in the reader's language, a 24-hour clock, and the
# Western digits 0–9 in every language (Arabic and Persian too; docs/translations.md says why).
@pytest.mark.parametrize(
    ("lang", "day", "weekday"),
    [("ar", "4 ديسمبر 2026", "الجمعة"), ("fa", "4 دسامبر 2026", "جمعه"), ("uk", "4 грудня 2026", "ятниця"),
     ("ti", "4 ታሕሳስ 2026", "ዓርቢ"), ("so", "4 Desembar 2026", "Jimco")],
)  # fmt: skip
def test_dates_in_a_participants_language_name_the_month_in_it_with_western_digits(lang, day, weekday):
    moment = datetime.datetime(2026, 12, 4, 14, 30)
    with translation.override(lang):
        shown = {formats.date_format(moment.date(), name) for name in ("DATE_FORMAT", "SHORT_DATE_FORMAT")}
        with_time = formats.date_format(moment, "SHORT_DATETIME_FORMAT")
        named_day = Template('{{ t|date:"l" }}').render(Context({"t": moment}))
    assert shown == {day}
    assert with_time.startswith(day) and with_time.endswith("14:30")
    assert weekday in named_day
    assert not re.search("[\u0660-\u0669\u06f0-\u06f9]", with_time + named_day)  # no Arabic-Indic digits


@pytest.mark.parametrize("lang", ["ti", "so"])
def test_how_long_ago_is_counted_in_tigrinya_and_somali_not_danish(lang):
    moment = datetime.datetime(2026, 12, 4, 14, 30)
    with translation.override(lang):
        ago = Template("{{ a|timesince:b }}").render(Context({"a": moment, "b": moment + datetime.timedelta(days=3)}))
    assert ago == {"ti": "3\xa0መዓልታት", "so": "3\xa0maalmood"}[lang]  # not "3 dage"


def test_the_participants_catalogues_use_western_digits_only():
    from pathlib import Path

    from django.conf import settings

    for lang in ("ar", "fa"):
        po = (Path(settings.BASE_DIR) / "locale" / lang / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
        assert not re.search("[\u0660-\u0669\u06f0-\u06f9]", po), lang
