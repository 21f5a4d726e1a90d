"""The statistics as CSV: the one CSV writer's bytes, and the figures of the data set."""

import csv
import io

import pytest

from bookings.statistics.exports import french_number, write_department_csv, write_structure_csv
from bookings.statistics.queries import department_statistics, structure_statistics
from structures.exports import csv_writer

from .world import PERIOD

pytestmark = pytest.mark.django_db


def read_csv(text):
    assert text.startswith("\ufeff"), "the BOM tells spreadsheets the file is UTF-8"
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_structure_csv(world):
    out = io.StringIO()
    write_structure_csv(
        csv_writer(out), structure_statistics(world["nord"], *PERIOD), "Relais Nord"
    )
    rows = read_csv(out.getvalue())

    assert rows[0] == ["Statistiques de la structure", "Relais Nord"]
    assert rows[1][1].startswith("du 01/01/2026 au 30/06/2026")
    assert ["Invitations réservées", "9"] in rows
    assert ["Invitations utilisées", "5"] in rows
    assert ["Absences", "2"] in rows
    assert ["Invitations annulées", "2"] in rows
    assert ["Taux de présence (%)", "71,4"] in rows
    assert ["Personnes suivies touchées (venues au moins une fois)", "3"] in rows
    assert ["mars 2026", "4", "2", "2", "0", "0", "50"] in rows
    assert ["juin 2026", "1", "0", "0", "1", "0", ""] in rows
    assert ["Théâtre", "8", "4", "2", "2", "2", "66,7"] in rows
    assert ["Salle B", "4", "2", "0", "2", "2", "100"] in rows
    assert ["Jazz au parc", "4", "2", "0", "2", "2", "100"] in rows


def test_department_csv(world):
    out = io.StringIO()
    write_department_csv(csv_writer(out), department_statistics(world["paris"], *PERIOD))
    rows = read_csv(out.getvalue())

    assert rows[0] == ["Statistiques du département", "75 – Paris"]
    assert ["Invitations réservées", "11"] in rows
    assert ["Invitations offertes par les partenaires", "49"] in rows
    assert ["Relais de Bobigny", "93", "1", "0", "1", "0", "0", "0", "0"] in rows
    assert ["Relais Nord", "75", "9", "5", "2", "2", "2", "71,4", "3"] in rows
    assert ["Théâtre du Soleil", "2", "15", "6", "4", "2", "40", "66,7"] in rows
    assert ["Musée vide", "1", "20", "0", "0", "0", "0", ""] in rows


def test_the_file_is_for_french_spreadsheets(world):
    out = io.StringIO()
    write_structure_csv(
        csv_writer(out), structure_statistics(world["nord"], *PERIOD), "Relais Nord"
    )
    text = out.getvalue()

    assert text.startswith(
        "\ufeffStatistiques de la structure;Relais Nord\r\n"
        "Période;du 01/01/2026 au 30/06/2026 (début des créneaux)\r\n"
        "\r\n"
        "Indicateur;Valeur\r\n"
        "Invitations réservées;9\r\n"
    )
    # The definitions close the file, so it says what it counts.
    assert text.endswith(
        "Personnes suivies touchées;personnes suivies différentes venues au moins une fois "
        "(les invités et accompagnateurs ne sont pas comptés).\r\n"
    )


@pytest.mark.parametrize(
    ("value", "expected"), [(87.5, "87,5"), (100.0, "100"), (0.0, "0"), (None, "")]
)
def test_french_number(value, expected):
    assert french_number(value) == expected
