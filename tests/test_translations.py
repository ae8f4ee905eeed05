"""The Danish catalogue is complete: every source string has a translation and none is a fuzzy guess."""

import re
from pathlib import Path

from django.utils import translation

PO = Path(__file__).resolve().parent.parent / "stafet" / "locale" / "da" / "LC_MESSAGES" / "django.po"
MSGSTR = re.compile(r'^msgstr(?:\[\d\])? ((?:".*"\n?)+)', re.M)


def untranslated(po: str) -> list[str]:
    """The entries (after the header) with an empty translation or a fuzzy flag."""
    found = []
    for entry in po.split("\n\n")[1:]:
        if "msgid" not in entry or entry.lstrip().startswith("#~"):
            continue
        texts = ["".join(re.findall(r'"(.*)"', block)) for block in MSGSTR.findall(entry + "\n")]
        if "#, fuzzy" in entry or not texts or not all(texts):
            found.append(entry)
    return found


def test_every_string_has_a_danish_translation():
    assert untranslated(PO.read_text(encoding="utf-8")) == []
    with translation.override("da"):  # and the compiled catalogue is the current one
        assert translation.gettext("Two-factor login") == "Totrinslogin"


def test_an_empty_or_fuzzy_entry_is_found():
    po = 'msgid ""\nmsgstr "header"\n\nmsgid "A"\nmsgstr ""\n\n#, fuzzy\nmsgid "B"\nmsgstr "b"\n\n'
    po += 'msgid "C"\nmsgstr ""\n"c"\n\nmsgid "D"\nmsgid_plural "Ds"\nmsgstr[0] "d"\nmsgstr[1] ""\n'
    assert [e.split('msgid "')[1][0] for e in untranslated(po)] == ["A", "B", "D"]
