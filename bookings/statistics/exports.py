"""The statistics as CSV for French spreadsheets: the figures of the pages, then the
definitions, so a file read months later still says what it counts.

Each function fills a writer of `structures.exports.csv_writer()` (`;`, BOM, CRLF).
"""

from .queries import DEFINITIONS

FIGURE_HEADERS = [
    "Invitations réservées",
    "Invitations utilisées",
    "Absences",
    "Présences non saisies",
    "Invitations annulées",
    "Taux de présence (%)",
]
PARTNER_HEADERS = [
    "Partenaire",
    "Créneaux",
    "Invitations offertes",
    "Invitations réservées",
    "Invitations utilisées",
    "Absences",
    "Taux de réservation (%)",
    "Taux d'utilisation (%)",
]


def french_number(value):
    """'87,5' for spreadsheets set to French; '' for a missing rate."""
    if value is None:
        return ""
    return f"{value:g}".replace(".", ",")


def figure_cells(figures):
    return [
        figures.booked,
        figures.used,
        figures.no_shows,
        figures.unrecorded,
        figures.cancelled,
        french_number(figures.attendance_rate),
    ]


def _write_header(writer, title, name, start, end):
    writer.writerow([title, name])
    writer.writerow(["Période", f"du {start:%d/%m/%Y} au {end:%d/%m/%Y} (début des créneaux)"])
    writer.writerow([])


def _write_totals(writer, totals):
    writer.writerow(["Indicateur", "Valeur"])
    for header, value in zip(FIGURE_HEADERS, figure_cells(totals), strict=True):
        writer.writerow([header, value])
    writer.writerow(["Personnes suivies ayant une invitation", totals.persons_booked])
    writer.writerow(
        ["Personnes suivies touchées (venues au moins une fois)", totals.persons_reached]
    )
    writer.writerow([])


def _write_rows(writer, first_header, rows):
    writer.writerow([first_header, *FIGURE_HEADERS])
    for row in rows:
        writer.writerow([row.label, *figure_cells(row.figures)])
    writer.writerow([])


def _write_definitions(writer):
    for term, definition in DEFINITIONS:
        writer.writerow([term, definition])


def write_structure_csv(writer, stats, structure_name):
    """A structure's figures (queries.structure_statistics) into a CSV writer."""
    _write_header(writer, "Statistiques de la structure", structure_name, stats.start, stats.end)
    _write_totals(writer, stats.totals)
    _write_rows(writer, "Mois", stats.months)
    _write_rows(writer, "Genre", stats.genres)
    _write_rows(writer, "Type de public", stats.audiences)
    _write_rows(writer, "Lieu", stats.venues)
    _write_rows(writer, "Événement", stats.top_events)
    _write_definitions(writer)


def write_department_csv(writer, stats):
    """A département's figures (queries.department_statistics) into a CSV writer."""
    _write_header(
        writer, "Statistiques du département", str(stats.department), stats.start, stats.end
    )
    _write_totals(writer, stats.totals)
    writer.writerow(["Invitations offertes par les partenaires", stats.offered])
    writer.writerow(
        ["Invitations attribuées depuis les listes d'attente", stats.waiting_list_filled]
    )
    writer.writerow([])
    _write_rows(writer, "Mois", stats.months)
    writer.writerow(
        ["Structure", "Département de la structure", *FIGURE_HEADERS, "Personnes suivies touchées"]
    )
    for row in stats.structures:
        writer.writerow(
            [row.label, row.extra, *figure_cells(row.figures), row.figures.persons_reached]
        )
    writer.writerow([])
    writer.writerow(PARTNER_HEADERS)
    for partner in stats.partners:
        writer.writerow(
            [
                partner.name,
                partner.slots,
                partner.offered,
                partner.booked,
                partner.used,
                partner.no_shows,
                french_number(partner.booking_rate),
                french_number(partner.use_rate),
            ]
        )
    writer.writerow([])
    _write_definitions(writer)
