"""The file readers: numbers as people type them, encodings as spreadsheets save them."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stafet.matching.files import decode, parse_number, read_participants, read_rows

fast = settings(max_examples=50, deadline=None)


@fast
@given(value=st.floats(-1e6, 1e6, allow_nan=False).map(lambda x: round(x, 5)))
def test_a_number_reads_the_same_with_a_decimal_point_or_a_decimal_comma(value):
    text = repr(value)
    assert parse_number(text) == value
    assert parse_number(text.replace(".", ",")) == value


@pytest.mark.parametrize(
    ("text", "value"),
    [("55,68", 55.68), ("1.234,5", 1234.5), ("1,234.5", 1234.5), (" 12 ", 12.0), ("-0,5", -0.5), ("1 234,5", 1234.5)],
)
def test_numbers_in_danish_and_english_notation(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["", "north", "1,2,3", "nan", "inf", "12 km"])
def test_what_is_not_a_number_is_refused(text):
    with pytest.raises(ValueError):
        parse_number(text)


@fast
@given(text=st.text(alphabet="abcæøåÆØÅé;,:|\"' 0123456789", min_size=1))
def test_text_survives_every_encoding_a_spreadsheet_saves(text):
    for encoding in ("utf-8", "utf-8-sig", "cp1252", "utf-16"):
        assert decode(text.encode(encoding)) == text


def test_a_header_only_file_has_no_rows_and_a_json_list_may_be_empty(tmp_path):
    (tmp_path / "p.csv").write_text("id,municipality,languages\n")
    (tmp_path / "p.json").write_text("[]")
    assert read_participants(tmp_path / "p.csv") == [] == read_participants(tmp_path / "p.json")


def test_trailing_separators_and_blank_rows_from_excel_are_ignored(tmp_path):
    (tmp_path / "p.csv").write_bytes(b"id;municipality;languages;;\r\np1;0101;da:B1;;\r\n;;;;\r\n\r\n")
    table = read_rows(tmp_path / "p.csv")
    assert [number for number, _ in table.rows] == [2]
    assert table.columns == ["id", "municipality", "languages"]
