"""A report's tables as downloads (CSV, XLSX and PDF), exactly as the page shows them, with numbers as numbers.

Every report (a cohort's, a programme's, the talent report, the municipality and company reports) goes through
:func:`report_download`: the CSV and the XLSX are its :class:`~stafet.outcomes.report.Table` objects, the PDF is
the page's own report markup (the template partial the page renders) with the chart, printed without the page's
forms and links.

The CSV opens correctly in Danish Excel: ``;`` between the columns, a decimal comma, a byte-order mark (so æ, ø
and å read right), and a share as the number of per cent (``72``, in a column headed "… (%)") rather than the
text "72 %". Every cell passes through :mod:`stafet.sheets`, which neutralises formulas.
"""

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Protocol

from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import formats, timezone
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference

from stafet.outcomes.report import Table
from stafet.sheets import safe_row

PDF_STYLES = Path(__file__).parent / "report_pdf.css"

PERCENT = re.compile(r"^(-?\d+) %$")
DECIMAL = re.compile(r"^-?\d+[.,]\d+$")
#: What the screen shows where there is no figure; a spreadsheet gets an empty cell, so the column stays numeric.
NO_FIGURE = "–"


def sheet_value(cell: object) -> object:
    """A cell as a spreadsheet should hold it: a share as its number of per cent, a decimal as a ``Decimal``, no
    figure as nothing; text stays text.

    >>> sheet_value("72 %"), sheet_value("22,5"), sheet_value("–"), sheet_value(18), sheet_value("Hold 2016")
    (72, Decimal('22.5'), None, 18, 'Hold 2016')
    """
    if not isinstance(cell, str):
        return cell
    if cell == NO_FIGURE:
        return None
    if found := PERCENT.match(cell):
        return int(found.group(1))
    if DECIMAL.match(cell):
        return Decimal(cell.replace(",", "."))
    return cell


def sheet(table: Table) -> tuple[list[str], list[list[object]]]:
    """The table's headers and rows as spreadsheet values; a column of shares is headed "… (%)"."""
    rows = [[sheet_value(c) for c in row.cells] for row in table.rows]
    shares = {i for row in table.rows for i, c in enumerate(row.cells) if isinstance(c, str) and PERCENT.match(c)}
    headers = [f"{h} (%)" if i in shares else str(h) for i, h in enumerate(table.headers)]
    return headers, rows


def danish_csv_cell(value: object) -> object:
    """A value as Danish Excel reads it from a CSV: a decimal comma.

    >>> danish_csv_cell(Decimal("22.5")), danish_csv_cell(None), danish_csv_cell(7)
    ('22,5', '', 7)
    """
    if value is None:
        return ""
    if isinstance(value, Decimal | float):
        return str(value).replace(".", ",")
    return value


def csv_response(table: Table, filename: str) -> HttpResponse:
    """The table as on the screen, for Danish Excel (see the module's docstring)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    headers, rows = sheet(table)
    writer.writerow(safe_row(headers))
    for row in rows:
        writer.writerow(safe_row(danish_csv_cell(v) for v in row))
    return response


def xlsx_response(tables: Sequence[Table], filename: str, *, chart: str = "outcomes") -> HttpResponse:
    """The report's tables as one workbook, a sheet each as on the screen (numbers as numbers, shares as per
    cent), and the outcomes chart as a bar chart beside its table (``chart``: the key of the table it draws)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in tables:
        title = re.sub(r"[\[\]:*?/\\]", " ", str(table.title))[:31]
        worksheet = workbook.create_sheet(title=title)
        headers, rows = sheet(table)
        worksheet.append(safe_row(headers))
        for row in rows:
            worksheet.append(safe_row(row))
        first_column = [headers[0], *(row[0] for row in rows if row)]
        worksheet.column_dimensions["A"].width = max(len(str(cell or "")) for cell in first_column) + 2
        if table.note:
            worksheet.append([])
            worksheet.append(safe_row([table.note]))
        if table.key == chart and rows:
            bars = BarChart()
            bars.type = "bar"
            bars.title = str(table.title)
            bars.legend = None
            # The outcome rows (not the total and the denominator): their counts, labelled by the first column.
            last = 1 + sum(1 for row in table.rows if row.kind != "total")
            bars.add_data(Reference(worksheet, min_col=2, min_row=1, max_row=last + 1), titles_from_data=True)
            bars.set_categories(Reference(worksheet, min_col=1, min_row=2, max_row=last + 1))
            worksheet.add_chart(bars, "E2")
    response = HttpResponse(content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    workbook.save(response)
    return response


def pdf_response(html: str, filename: str) -> HttpResponse:
    """The HTML as an A4 PDF (WeasyPrint), with the reports' print styles."""
    from weasyprint import CSS, HTML  # loaded for a PDF only: it takes a while and most processes never do

    pdf = HTML(string=html).write_pdf(stylesheets=[CSS(filename=str(PDF_STYLES))])
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@dataclass(frozen=True)
class Tables:
    """Tables downloaded as one report, for a page that has no report object of its own."""

    title: str
    tables: tuple[Table, ...]

    def table(self, key: str) -> Table | None:
        return next((t for t in self.tables if t.key == key), None)


class Downloadable(Protocol):
    @property
    def tables(self) -> tuple[Table, ...]: ...

    def table(self, key: str) -> Table | None: ...


def report_download(
    request: HttpRequest, report: Downloadable, *, stem: str, body: str, context: dict
) -> HttpResponse | None:
    """The download ``?format=`` asks for: ``csv`` (the table ``?table=``; an unknown one is a 404), ``xlsx`` (every
    table, with the chart) or ``pdf`` (``body``, the template partial the page shows the report with, rendered with
    the page's ``context``); ``None`` when the page itself is asked for."""
    kind = request.GET.get("format")
    if kind == "csv":
        table = report.table(request.GET.get("table", ""))
        if table is None:
            raise Http404
        return csv_response(table, f"{table.key}-{stem}.csv")
    if kind == "xlsx":
        return xlsx_response(report.tables, f"{stem}.xlsx")
    if kind == "pdf":
        context = context | {"body": body, "generated_on": formats.date_format(timezone.localdate())}
        return pdf_response(render_to_string("outcomes/report_pdf.html", context, request=request), f"{stem}.pdf")
    return None
