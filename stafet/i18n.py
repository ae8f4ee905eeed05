"""The page's language, and texts kept in more than one language.

Stafet's interface speaks Danish and English today; the participants' pages will add Arabic, Farsi, Ukrainian,
Tigrinya and Somali. Data written by people (a programme's description, reference labels, the engine's
explanations) exists in some of those languages only, so every choice of "which text do we show" goes through
:func:`in_page_language`, with one fallback order for all of them: the page's language, else English (Stafet's
source language, the one every text has or can have), else Danish (the default language, which every programme
text is written in).
"""

from collections.abc import Mapping

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _

SOURCE_LANGUAGE = "en"


def page_language() -> str:
    """The language of the page being made, as a base code: "da", "en" (later "ar", "fa", "uk", "ti", "so").

    >>> from django.utils import translation
    >>> with translation.override("en-gb"):
    ...     page_language()
    'en'
    """
    return (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0].lower()


def fallback_languages() -> tuple[str, ...]:
    """The languages to look for a text in, best first."""
    return tuple(dict.fromkeys((page_language(), SOURCE_LANGUAGE, settings.LANGUAGE_CODE)))


def text_languages() -> list[tuple[str, str]]:
    """The languages a text people write can be kept in (code, name): the interface's languages, Danish first.

    >>> [code for code, name in text_languages()][:2]
    ['da', 'en']
    """
    return [(code, str(name)) for code, name in settings.LANGUAGES]


def validate_texts(texts: object) -> None:
    """A text kept per language: an object of language code → text, e.g. ``{"da": "…", "en": "…"}``.

    >>> validate_texts({"da": "hold", "en": ""})
    >>> validate_texts({"xx": "hold"})
    Traceback (most recent call last):
    ...
    django.core.exceptions.ValidationError: ['Unknown language “xx”: the languages are da, en, ar, fa, uk, ti, so.']
    """
    codes = [code for code, _name in text_languages()]
    if not isinstance(texts, Mapping) or not all(isinstance(text, str) for text in texts.values()):
        raise ValidationError(
            _("A text in several languages is an object of language code and text, e.g. %(example)s.")
            % {"example": '{"da": "…", "en": "…"}'}
        )
    unknown = [str(code) for code in texts if code not in codes]
    if unknown:
        raise ValidationError(
            _("Unknown language %(unknown)s: the languages are %(codes)s.")
            % {"unknown": ", ".join(f"“{code}”" for code in unknown), "codes": ", ".join(codes)}
        )


def in_page_language(texts: Mapping[str, str]) -> str:
    """The text for the page's language, else the first of :func:`fallback_languages` that has one; else "".

    >>> from django.utils import translation
    >>> with translation.override("en"):
    ...     in_page_language({"da": "hold", "en": "cohort"}), in_page_language({"da": "hold", "en": ""})
    ('cohort', 'hold')
    >>> with translation.override("ar"):
    ...     in_page_language({"da": "hold", "en": "cohort"})
    'cohort'
    """
    return next((texts[code] for code in fallback_languages() if texts.get(code)), "")
