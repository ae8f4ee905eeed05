"""Loading the reference data into the database."""

import csv
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from stafet.reference.loaders import DATA_DIR, ReferenceDataError, load_reference
from stafet.reference.models import Country, Industry, Language, Municipality, Occupation, Postcode

MODELS = {
    "occupations": Occupation,
    "industries": Industry,
    "municipalities": Municipality,
    "postcodes": Postcode,
    "languages": Language,
    "countries": Country,
}


def db_counts():
    return {name: model._default_manager.count() for name, model in MODELS.items()}


def copy_data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    target.mkdir(parents=True)
    for path in DATA_DIR.glob("*.csv"):
        shutil.copy(path, target / path.name)
    return target


def edit_row(path: Path, row_number: int, field: str, value: str) -> None:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        header, rows = reader.fieldnames, list(reader)
    assert header is not None
    rows[row_number - 1][field] = value
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


@pytest.mark.django_db
def test_load_and_load_again_is_idempotent():
    counts = load_reference()
    assert counts == db_counts()
    assert counts["municipalities"] == 98
    assert counts["occupations"] == 619
    assert counts["industries"] == 21
    assert counts["postcodes"] >= 1000
    first = {
        name: sorted(model._default_manager.values_list(*[f.attname for f in model._meta.concrete_fields]))
        for name, model in MODELS.items()
    }
    assert load_reference() == counts
    assert db_counts() == counts
    again = {
        name: sorted(model._default_manager.values_list(*[f.attname for f in model._meta.concrete_fields]))
        for name, model in MODELS.items()
    }
    assert again == first


@pytest.mark.django_db
def test_loaded_facts():
    load_reference()
    assert Postcode.objects.get(code="2800").municipality.name == "Lyngby-Taarbæk Kommune"
    assert Postcode.objects.get(code="3700").municipality_id == "0400"
    assert Occupation.objects.filter(code="2512", parent__parent__parent__code="2").exists()
    assert Occupation.objects.filter(level__in=[1, 2], label_da="").count() == 0
    assert Occupation.objects.filter(level=1).count() == 10
    assert Occupation.objects.filter(level=2).count() == 43
    assert Industry.objects.filter(label_da="").count() == 0
    assert Language.objects.get(code="prs").name_en == "Dari"
    assert Country.objects.get(code="SY").name_da == "Syrien"


@pytest.mark.django_db
def test_load_updates_changed_labels():
    load_reference()
    Industry.objects.filter(code="P").update(label_da="forkert")
    load_reference()
    assert Industry.objects.get(code="P").label_da == "Undervisning"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("file", "row", "field", "value", "needle"),
    [
        ("postcodes.csv", 500, "municipality_code", "0411", "not a code in municipalities.csv"),
        ("postcodes.csv", 7, "lat", "60.1", "must lie in Denmark"),
        ("municipalities.csv", 3, "code", "151", "4 digits"),
        ("occupations.csv", 20, "level", "9", "level from 1 to 4"),
        ("languages.csv", 1, "name_en", "", "must not be empty"),
        ("countries.csv", 249, "code", "DK", "duplicates row"),
    ],
)
def test_bad_row_names_file_row_field_and_writes_nothing(tmp_path, file, row, field, value, needle):
    before = db_counts()  # the test database holds the reference data already, as production does
    data_dir = copy_data(tmp_path)
    edit_row(data_dir / file, row, field, value)
    with pytest.raises(ReferenceDataError) as excinfo:
        load_reference(data_dir=data_dir)
    message = str(excinfo.value)
    assert file in message
    assert f"row {row} " in message
    assert f"'{field}'" in message
    assert needle in message
    assert db_counts() == before


@pytest.mark.django_db
def test_bad_file_after_good_load_changes_nothing(tmp_path):
    load_reference()
    before = db_counts()
    data_dir = copy_data(tmp_path)
    edit_row(data_dir / "industries.csv", 1, "label_da", "ændret")
    edit_row(data_dir / "countries.csv", 10, "code", "xx")
    with pytest.raises(ReferenceDataError, match=r"countries\.csv, row 10 .*'code'"):
        load_reference(data_dir=data_dir)
    assert db_counts() == before
    assert Industry.objects.get(code="A").label_da == "Landbrug, jagt, skovbrug og fiskeri"


@pytest.mark.django_db
def test_missing_file_and_missing_column(tmp_path):
    data_dir = copy_data(tmp_path)
    (data_dir / "languages.csv").unlink()
    with pytest.raises(ReferenceDataError, match="languages.csv: file not found"):
        load_reference(data_dir=data_dir)
    data_dir = copy_data(tmp_path / "again")
    text = (data_dir / "industries.csv").read_text(encoding="utf-8")
    (data_dir / "industries.csv").write_text(text.replace("label_en", "english", 1), encoding="utf-8")
    with pytest.raises(ReferenceDataError, match="industries.csv, header .*label_en"):
        load_reference(data_dir=data_dir)


@pytest.mark.django_db
def test_management_command(tmp_path):
    out = StringIO()
    call_command("load_reference", stdout=out)
    assert "municipalities: 98" in out.getvalue()
    assert Municipality.objects.count() == 98
    data_dir = copy_data(tmp_path)
    edit_row(data_dir / "municipalities.csv", 1, "region", "Region Skåne")
    with pytest.raises(CommandError, match=r"nothing loaded: municipalities\.csv, row 1 .*'region'"):
        call_command("load_reference", data_dir=data_dir, stdout=StringIO())
