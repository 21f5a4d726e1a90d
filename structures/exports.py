"""Files staff and workers download: the one CSV writer and the one attachment response.

Every CSV of the portal goes through `csv_writer()`, so a rule for all of them (the
separator, the BOM, one day the neutralising of spreadsheet formulas) is written once.
"""

import csv

from django.http import HttpResponse
from django.utils.http import content_disposition_header

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"


def csv_writer(out):
    """A CSV writer for French spreadsheets: `;` between cells, Windows line ends (CRLF),
    and a BOM first so Excel reads the file as UTF-8. `out` takes text (`write(str)`)."""
    out.write("\ufeff")
    return csv.writer(out, delimiter=";", lineterminator="\r\n")


def attachment(content, filename, content_type):
    """A response the browser saves as `filename`; `content` is bytes or text."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def csv_attachment(filename):
    """A CSV download and the writer that fills it: `response, writer = csv_attachment(...)`."""
    response = attachment(b"", filename, CSV_CONTENT_TYPE)
    return response, csv_writer(response)
