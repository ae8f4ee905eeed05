"""A report's tables as downloads, exactly as the page shows them."""

import csv

from django.http import HttpResponse

from stafet.outcomes.report import Table
from stafet.sheets import safe_row


def csv_response(table: Table, filename: str) -> HttpResponse:
    """The table as on the screen; a byte-order mark so spreadsheet programs read æ, ø and å right."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(safe_row(table.headers))
    for row in table.rows:
        writer.writerow(safe_row(row.cells))
    return response
