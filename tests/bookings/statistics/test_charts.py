"""Server-rendered SVG charts: well-formed, accessible, one bar per figure, escaped."""

from datetime import date
from xml.etree import ElementTree

import pytest

from bookings.statistics.charts import (
    Series,
    bar_chart,
    horizontal_bar_chart,
    month_chart,
    narrow_bar_chart,
    nice_scale,
    statistics_sections,
)
from bookings.statistics.queries import (
    DepartmentStatistics,
    Figures,
    Row,
    StructureStatistics,
    months_between,
)

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg):
    """The chart must be well-formed XML (so it prints and embeds anywhere)."""
    return ElementTree.fromstring(str(svg))


def bars(root):
    return [rect for rect in root.iter(f"{SVG}rect") if rect.get("class") == "bar"]


def chart(function=bar_chart, **kwargs):
    options = {
        "chart_id": "graphique-test",
        "title": "Invitations par mois",
        "description": "Diagramme en barres des invitations.",
        "categories": ["janv.\n2026", "févr.\n2026", "mars\n2026"],
        "series": [
            Series("Invitations réservées", [4, 0, 7]),
            Series("Invitations utilisées", [3, 0, 5]),
        ],
    }
    return parse(function(**{**options, **kwargs}))


@pytest.mark.parametrize("function", [bar_chart, horizontal_bar_chart, narrow_bar_chart])
def test_one_bar_per_category_and_series(function):
    root = chart(function)
    assert len(bars(root)) == 6
    heights = [
        float(rect.get("height" if function is bar_chart else "width")) for rect in bars(root)
    ]
    assert heights[2] == heights[3] == 0  # February is empty
    assert max(heights) == heights[4]  # March's 7 is the tallest bar


@pytest.mark.parametrize("function", [bar_chart, horizontal_bar_chart, narrow_bar_chart])
def test_the_chart_has_a_text_alternative(function):
    root = chart(function)

    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby"), root.get("aria-describedby")
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert (title.get("id"), title.text) == (title_id, "Invitations par mois")
    assert desc.get("id") == desc_id
    assert desc.text.startswith("Diagramme en barres des invitations.")
    assert "Valeur la plus haute : 7 (mars 2026, invitations réservées)." in desc.text
    assert "Le tableau qui suit donne les chiffres." in desc.text
    # Every bar says what it is, for a pointer or a screen reader exploring the chart.
    assert [rect.find(f"{SVG}title").text for rect in bars(root)][4] == (
        "mars 2026 – Invitations réservées : 7"
    )


def test_the_phone_chart_is_narrow_with_full_labels_above_the_bars():
    """Shown below 48em instead of the wide chart: 320 units wide (about the width of a
    360 px screen's card), each category's name on its own line, an id of its own."""
    root = chart(
        narrow_bar_chart,
        categories=["janv.\n2026", "Théâtre de la Ville – grande salle", "mars\n2026"],
    )

    assert root.get("viewBox").split()[2] == "320"
    assert root.get("id") == "graphique-test-telephone"
    assert root.get("class") == "chart-narrow-svg"
    labels = [t for t in root.iter(f"{SVG}text") if t.get("font-weight") == "600"]
    # The text shown follows the label's <title> (the full name, for a pointer).
    assert [label.find(f"{SVG}title").tail for label in labels] == [
        "janv. 2026",
        "Théâtre de la Ville – grande salle",
        "mars 2026",
    ]
    # Every bar and its value fit in the width.
    for rect in bars(root):
        assert float(rect.get("x")) + float(rect.get("width")) + 40 <= 320


def test_values_are_printed_so_the_chart_reads_without_colours():
    texts = [text.text for text in chart().iter(f"{SVG}text")]
    assert {"4", "3", "7", "5"} <= set(texts)


def test_user_text_is_escaped():
    root = chart(
        horizontal_bar_chart,
        categories=['<script>alert("x")</script>', "Théâtre & cirque"],
        series=[Series("Réservées", [1, 2])],
    )
    assert not list(root.iter(f"{SVG}script"))
    labels = [title.text for title in root.iter(f"{SVG}title")]
    assert '<script>alert("x")</script>' in labels
    assert "Théâtre & cirque" in labels


def test_long_labels_are_shortened_with_the_full_name_in_a_title():
    name = "Une très longue soirée de théâtre au bord de la Seine"
    root = chart(horizontal_bar_chart, categories=[name], series=[Series("Réservées", [3])])
    label = next(text for text in root.iter(f"{SVG}text") if text.find(f"{SVG}title") is not None)
    assert label.find(f"{SVG}title").text == name
    assert "".join(label.itertext()).endswith("…")


def test_an_empty_chart_still_renders():
    root = chart(series=[Series("Réservées", [0, 0, 0])])
    assert len(bars(root)) == 3
    assert "Toutes les valeurs sont nulles." in root.find(f"{SVG}desc").text


@pytest.mark.parametrize(
    ("maximum", "expected"),
    [(0, (1, 1)), (1, (1, 1)), (3, (3, 1)), (7, (8, 2)), (42, (50, 10)), (1234, (1500, 500))],
)
def test_nice_scale(maximum, expected):
    assert nice_scale(maximum) == expected


def test_statistics_sections():
    start, end = date(2025, 7, 1), date(2026, 6, 15)
    one = Figures(booked=3, used=2, no_shows=1)
    stats = StructureStatistics(
        start=start,
        end=end,
        totals=one,
        months=[
            Row(label=str(month), figures=one, key=month) for month in months_between(start, end)
        ],
        genres=[Row("Théâtre", one), Row("Concert", one)],
        venues=[Row("Salle A", one)],
        top_events=[Row("Le Malade imaginaire", one)],
    )

    sections = statistics_sections(stats)

    # No audience at all: no empty chart for it.
    assert [s.title for s in sections] == [
        "Invitations par mois",
        "Invitations par genre",
        "Lieux les plus réservés",
        "Événements les plus réservés",
    ]
    assert [len(bars(parse(s.svg))) for s in sections] == [24, 4, 2, 2]
    # The phone's layout of each chart: the same bars, another id.
    assert [len(bars(parse(s.narrow_svg))) for s in sections] == [24, 4, 2, 2]
    assert [parse(s.narrow_svg).get("id") for s in sections][:2] == [
        "graphique-mois-telephone",
        "graphique-genres-telephone",
    ]
    months = parse(sections[0].svg)
    assert "du 01/07/2025 au 15/06/2026" in months.find(f"{SVG}desc").text
    first_label = next(t for t in months.iter(f"{SVG}text") if t.find(f"{SVG}tspan") is not None)
    assert [tspan.text for tspan in first_label] == ["juil.", "2025"]
    assert sections[1].note == "Un événement de plusieurs genres compte dans chacun d'eux."
    assert sections[0].rows is stats.months


def test_one_month_chart_for_both_statistics_pages():
    start, end = date(2026, 1, 1), date(2026, 3, 31)
    months = [
        Row(label=str(month), figures=Figures(booked=n, used=n - 1), key=month)
        for n, month in enumerate(months_between(start, end), start=1)
    ]
    structure = StructureStatistics(start=start, end=end, totals=Figures(), months=months)
    department = DepartmentStatistics(
        department="75 – Paris", start=start, end=end, totals=Figures(), months=months
    )

    svg = month_chart(department)

    assert svg == month_chart(structure) == statistics_sections(structure)[0].svg
    root = parse(svg)
    assert root.get("id") == "graphique-mois"
    assert root.find(f"{SVG}title").text == "Invitations par mois"
    assert root.find(f"{SVG}desc").text == (
        "Diagramme en barres des invitations réservées et utilisées chaque mois, "
        "du 01/01/2026 au 31/03/2026. "
        "Valeur la plus haute : 3 (mars 2026, invitations réservées). "
        "Le tableau qui suit donne les chiffres."
    )
    assert [rect.find(f"{SVG}title").text for rect in bars(root)] == [
        "janv. 2026 – Invitations réservées : 1",
        "janv. 2026 – Invitations utilisées : 0",
        "févr. 2026 – Invitations réservées : 2",
        "févr. 2026 – Invitations utilisées : 1",
        "mars 2026 – Invitations réservées : 3",
        "mars 2026 – Invitations utilisées : 2",
    ]
