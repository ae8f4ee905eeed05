"""The participant's CV is part of what is held about them: its lines are in the export, and erasure blanks their
free text and deletes the PDF (a file no column scan reaches), once the erasure has committed."""

import datetime
import json

from django.core.files.base import ContentFile
from django.urls import reverse

from stafet.people.models import CVDocument, CVEntry
from stafet.privacy.actions import pseudonymise
from tests.auth import log_in

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def with_cv(world):
    CVEntry.objects.create(participant=world.p1, kind="work", title="Baker", place="Brødhuset ApS",
                           started_on=datetime.date(2015, 1, 1))  # fmt: skip
    cv = CVDocument(participant=world.p1)
    cv.file.save("cv.pdf", ContentFile(PDF))
    return cv


def test_the_export_holds_the_cv(world, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    cv = with_cv(world)
    log_in(client, world.users["participant_user"])
    data = json.loads(client.get(reverse("privacy:export_json", args=[world.p1.pk])).content)
    assert [(e["title"], e["place"]) for e in data["participant"]["cv"]] == [("Baker", "Brødhuset ApS")]
    assert data["participant"]["cv_pdf_uploaded_at"] == cv.uploaded_at.isoformat()


def test_erasure_blanks_the_cv_lines_and_deletes_the_pdf(world, settings, tmp_path, django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path
    cv = with_cv(world)
    assert list(tmp_path.rglob("*.pdf"))
    with django_capture_on_commit_callbacks(execute=True):
        pseudonymise(person=world.p1, by=world.users["admin"], reason="request")
    entry = CVEntry.objects.get(participant=world.p1)
    assert (entry.kind, entry.title, entry.place, entry.started_on) == ("work", "", "", datetime.date(2015, 1, 1))
    assert not CVDocument.objects.filter(pk=cv.pk).exists()
    assert not list(tmp_path.rglob("*.pdf"))
