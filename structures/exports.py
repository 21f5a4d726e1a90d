"""Files staff and workers download: the one CSV writer and the one attachment response.

Every CSV of the portal goes through `csv_writer()`, so a rule for all of them (the
separator, the BOM, the neutralising of spreadsheet formulas) is written once.
"""

import csv

from django.http import HttpResponse
from django.utils.http import content_disposition_header

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"

# A cell starting with one of these is a formula to a spreadsheet (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell):
    """Text a spreadsheet shows as typed: a leading apostrophe keeps `=HYPERLINK(…)`,
    `+SUM(…)`, `-2+3` or `@SUM(A1)` from being run. Numbers and dates pass unchanged."""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


class _SafeWriter:
    """`csv.writer` whose every text cell goes through `neutralise()`."""

    def __init__(self, writer):
        self._writer = writer

    def writerow(self, row):
        return self._writer.writerow([neutralise(cell) for cell in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def csv_writer(out):
    """A CSV writer for French spreadsheets: `;` between cells, Windows line ends (CRLF),
    a BOM first so Excel reads the file as UTF-8, and no cell a spreadsheet would run as a
    formula. `out` takes text (`write(str)`)."""
    out.write("\ufeff")
    return _SafeWriter(csv.writer(out, delimiter=";", lineterminator="\r\n"))


def attachment(content, filename, content_type):
    """A response the browser saves as `filename`; `content` is bytes or text."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def csv_attachment(filename):
    """A CSV download and the writer that fills it: `response, writer = csv_attachment(...)`."""
    response = attachment(b"", filename, CSV_CONTENT_TYPE)
    return response, csv_writer(response)
