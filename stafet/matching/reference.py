"""The reference data as the engine uses it: ISCO-08 groups, NACE sections, language names, places.

Nothing is kept here: every name and point is read from the project's reference data files through
:mod:`stafet.reference.data` (plain Python, no Django), the same records the web app loads into its tables, so
the command line and the web app place people at the same points and name things alike.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from types import MappingProxyType

from stafet.reference import data
from stafet.reference.data import Municipality, Postcode

__all__ = [
    "DISCO08",
    "ISCO08",
    "NACE_SECTIONS",
    "Municipality",
    "Postcode",
    "industry_name",
    "language_name",
    "municipality",
    "occupation_name",
    "postcode",
]

#: ISCO-08 code (1-4 digits) -> English label.
ISCO08: Mapping[str, str] = MappingProxyType({code: o.label_en for code, o in data.occupations().items()})
#: ISCO-08 code -> Danish DISCO-08 title (Danmarks Statistik); the few groups without one are left out.
DISCO08: Mapping[str, str] = MappingProxyType(
    {code: o.label_da for code, o in data.occupations().items() if o.label_da}
)
#: NACE rev. 2 section letters, A-U.
NACE_SECTIONS: tuple[str, ...] = tuple(data.industries())

municipality = data.municipality
postcode = data.postcode


def _in_sentence(label: str) -> str:
    """A title as it reads inside a sentence: lower case first letter ("IT-" and acronyms stay)."""
    return label[:1].lower() + label[1:] if label[1:2].islower() else label


@functools.cache
def language_name(code: str, lang: str) -> str:
    """The language's name in English (``lang="en"``) or Danish (``lang="da"``); the code if it is unknown.

    >>> language_name("ar", "da"), language_name("prs", "en"), language_name("xx", "en")
    ('arabisk', 'Dari', 'xx')
    """
    found = data.languages().get(code)
    if found is None:
        return code
    return found.name_da if lang == "da" and found.name_da else found.name_en


@functools.cache
def industry_name(section: str, lang: str) -> str:
    """The NACE section's title in English or Danish, as it reads in a sentence (up to a semicolon).

    >>> industry_name("J", "en"), industry_name("G", "da")
    ('information and communication', 'engroshandel og detailhandel')
    """
    found = data.industries()[section]
    label = found.label_da if lang == "da" and found.label_da else found.label_en
    return _in_sentence(label.split(";")[0])


@functools.cache
def occupation_name(code: str, lang: str) -> str:
    """An ISCO-08 group's English label, or its Danish DISCO-08 title (in a sentence's case).

    >>> occupation_name("2512", "en"), occupation_name("2512", "da")
    ('Software developers', 'softwareudvikling')
    """
    if lang == "da" and code in DISCO08:
        return _in_sentence(DISCO08[code])
    return ISCO08.get(code, code)
