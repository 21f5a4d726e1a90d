"""Bar charts drawn on the server as plain SVG: no JavaScript, printable, accessible.

Each chart is an `<svg role="img">` named by its `<title>` (aria-labelledby) and described by
its `<desc>` (aria-describedby)
(what it shows and its highest value); the page follows it with a table of the same
figures. Colours are SVG presentation attributes (the CSP forbids style attributes), and
every bar carries its value as text, so the chart reads in black and white too.
"""

import math
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import mark_safe

from .queries import TOP_VENUES

# Brand red, accent blue, dark green: each at least 4.5:1 against white.
PALETTE = ["#a3123a", "#0b5c8a", "#1d6b36", "#7a4b00"]
INK = "#1f2430"
GRID = "#d8d3cc"
FONT = 'font-family="inherit"'


@dataclass(frozen=True)
class Series:
    name: str
    values: list


def nice_scale(maximum, ticks=5):
    """(top of the axis, step): integer steps of 1, 2, 2.5 or 5 × 10^n, at most `ticks`."""
    if maximum <= 0:
        return 1, 1
    magnitude = 10 ** max(int(math.log10(maximum / ticks)), 0)
    for factor in (1, 2, 5, 10, 20, 50, 100):
        step = factor * magnitude
        if math.ceil(maximum / step) <= ticks:
            return step * math.ceil(maximum / step), step
    return maximum, maximum  # pragma: no cover - the loop always finds a step


def _flat(text):
    return " ".join(text.split("\n"))


def _shorten(text, length):
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _highest(categories, series):
    value, category, name = max(
        (
            (value, category, s.name)
            for s in series
            for category, value in zip(categories, s.values, strict=True)
        ),
        key=lambda item: item[0],
        default=(0, "", ""),
    )
    if not value:
        return "Toutes les valeurs sont nulles."
    return f"Valeur la plus haute : {value} ({_flat(category)}, {name.lower()})."


def _open_svg(chart_id, title, description, width, height, categories, series, css="chart"):
    desc = f"{description} {_highest(categories, series)} Le tableau qui suit donne les chiffres."
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{css}" id="{chart_id}" role="img" '
        f'aria-labelledby="{chart_id}-title" aria-describedby="{chart_id}-desc" '
        f'viewBox="0 0 {width} {height}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet" {FONT}>',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
    ]


def _legend(series, x, y):
    parts = []
    for index, s in enumerate(series):
        color = PALETTE[index % len(PALETTE)]
        parts.append(
            f'<rect x="{x}" y="{y - 10}" width="12" height="12" fill="{color}"/>'
            f'<text x="{x + 17}" y="{y}" font-size="13" fill="{INK}">{escape(s.name)}</text>'
        )
        x += 30 + 7 * len(s.name)
    return parts


def bar_chart(*, chart_id, title, description, categories, series):
    """Vertical grouped bars: one group per category (e.g. month), one bar per series.

    A category label may hold a line break ("mars\\n2025") for a second line.
    """
    left, right, top, bottom, plot_height = 44, 12, 40, 44, 220
    group = max(18 * len(series) + 14, 30)
    width = max(left + group * len(categories) + right, 480)
    group = (width - left - right) / max(len(categories), 1)
    bar = min((group - 10) / len(series), 40)
    height = top + plot_height + bottom
    top_value, step = nice_scale(max((max(s.values, default=0) for s in series), default=0))

    def y_of(value):
        return top + plot_height - plot_height * value / top_value

    parts = _open_svg(chart_id, title, description, width, height, categories, series)
    parts += _legend(series, left, 20)
    for tick in range(0, top_value + 1, step):
        y = y_of(tick)
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="{GRID}" stroke-width="1"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="12" text-anchor="end" '
            f'fill="{INK}">{tick}</text>'
        )
    for index, category in enumerate(categories):
        x0 = left + index * group + (group - bar * len(series)) / 2
        for position, s in enumerate(series):
            value = s.values[index]
            x, y = x0 + position * bar, y_of(value)
            tooltip = f"{_flat(category)} – {s.name} : {value}"
            parts.append(
                f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{bar - 2:.1f}" '
                f'height="{top + plot_height - y:.1f}" fill="{PALETTE[position % len(PALETTE)]}">'
                f"<title>{escape(tooltip)}</title></rect>"
            )
            if value:
                parts.append(
                    f'<text x="{x + (bar - 2) / 2:.1f}" y="{y - 3:.1f}" font-size="10" '
                    f'text-anchor="middle" fill="{INK}">{value}</text>'
                )
        lines = category.split("\n")
        center = left + index * group + group / 2
        tspans = "".join(
            f'<tspan x="{center:.1f}" dy="{0 if number == 0 else 14}">{escape(line)}</tspan>'
            for number, line in enumerate(lines)
        )
        parts.append(
            f'<text y="{top + plot_height + 16}" font-size="11" text-anchor="middle" '
            f'fill="{INK}">{tspans}</text>'
        )
    parts.append(
        f'<line x1="{left}" x2="{width - right}" y1="{top + plot_height}" '
        f'y2="{top + plot_height}" stroke="{INK}" stroke-width="1"/>'
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every text inside is escaped


def horizontal_bar_chart(*, chart_id, title, description, categories, series):
    """Horizontal grouped bars: one row per category (long names read well), one bar per series."""
    label_width, right, top, bottom, width = 210, 44, 40, 28, 680
    bar = 14
    row = bar * len(series) + 12
    plot_width = width - label_width - right
    height = top + row * len(categories) + bottom
    top_value, step = nice_scale(max((max(s.values, default=0) for s in series), default=0))

    def x_of(value):
        return label_width + plot_width * value / top_value

    parts = _open_svg(chart_id, title, description, width, height, categories, series)
    parts += _legend(series, label_width, 20)
    bottom_y = top + row * len(categories)
    for tick in range(0, top_value + 1, step):
        x = x_of(tick)
        parts.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top - 4}" y2="{bottom_y}" '
            f'stroke="{GRID}" stroke-width="1"/>'
            f'<text x="{x:.1f}" y="{bottom_y + 16}" font-size="12" text-anchor="middle" '
            f'fill="{INK}">{tick}</text>'
        )
    for index, category in enumerate(map(_flat, categories)):
        y0 = top + index * row + 6
        parts.append(
            f'<text x="{label_width - 8}" y="{y0 + row / 2:.1f}" font-size="12" '
            f'text-anchor="end" fill="{INK}"><title>{escape(category)}</title>'
            f"{escape(_shorten(category, 30))}</text>"
        )
        for position, s in enumerate(series):
            value = s.values[index]
            y = y0 + position * bar
            tooltip = f"{category} – {s.name} : {value}"
            parts.append(
                f'<rect class="bar" x="{label_width}" y="{y}" '
                f'width="{x_of(value) - label_width:.1f}" height="{bar - 2}" '
                f'fill="{PALETTE[position % len(PALETTE)]}"><title>{escape(tooltip)}</title></rect>'
                f'<text x="{x_of(value) + 4:.1f}" y="{y + bar - 4}" font-size="10" '
                f'fill="{INK}">{value}</text>'
            )
    parts.append(
        f'<line x1="{label_width}" x2="{label_width}" y1="{top - 4}" y2="{bottom_y}" '
        f'stroke="{INK}" stroke-width="1"/>'
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every text inside is escaped


# A phone's chart: drawn 320 units wide, shown about 300 px wide at 360 px.
NARROW_WIDTH = 320
NARROW_SUFFIX = "-telephone"


def narrow_bar_chart(*, chart_id, title, description, categories, series):
    """The same figures for a phone: one block per category, its full name on a line of its
    own above its bars, so nothing is too small to read or wider than the screen.

    The page shows it below 48em instead of the wide chart (CSS); its id ends with
    NARROW_SUFFIX so both charts live on one page.
    """
    width, bar, value_room, label_height = NARROW_WIDTH, 16, 40, 20
    block = label_height + bar * len(series) + 14
    top = 22 * len(series) + 8  # one legend line per series
    height = top + block * len(categories)
    top_value, _step = nice_scale(max((max(s.values, default=0) for s in series), default=0))
    plot_width = width - value_room
    parts = _open_svg(
        chart_id + NARROW_SUFFIX,
        title,
        description,
        width,
        height,
        categories,
        series,
        css="chart-narrow-svg",
    )
    for index, s in enumerate(series):
        y, color = 18 + 22 * index, PALETTE[index % len(PALETTE)]
        parts.append(
            f'<rect x="0" y="{y - 11}" width="13" height="13" fill="{color}"/>'
            f'<text x="19" y="{y}" font-size="14" fill="{INK}">{escape(s.name)}</text>'
        )
    for index, category in enumerate(map(_flat, categories)):
        y0 = top + index * block
        parts.append(
            f'<text x="0" y="{y0 + 15}" font-size="14" font-weight="600" fill="{INK}">'
            f"<title>{escape(category)}</title>{escape(_shorten(category, 38))}</text>"
        )
        for position, s in enumerate(series):
            value = s.values[index]
            y = y0 + label_height + position * bar
            length = plot_width * value / top_value
            tooltip = f"{category} – {s.name} : {value}"
            parts.append(
                f'<rect class="bar" x="0" y="{y}" width="{length:.1f}" height="{bar - 3}" '
                f'fill="{PALETTE[position % len(PALETTE)]}"><title>{escape(tooltip)}</title></rect>'
                f'<text x="{length + 5:.1f}" y="{y + bar - 5}" font-size="13" '
                f'fill="{INK}">{value}</text>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every text inside is escaped


SHORT_MONTHS = [
    "janv.", "févr.", "mars", "avr.", "mai", "juin",
    "juil.", "août", "sept.", "oct.", "nov.", "déc.",
]  # fmt: skip


MONTH_CHART_ID = "graphique-mois"
MONTH_CHART_TITLE = "Invitations par mois"


# The horizontal charts of a structure's page: id, title, table header, attribute of the
# statistics, what the description says, note under the chart.
BREAKDOWN_CHARTS = [
    (
        "graphique-genres",
        "Invitations par genre",
        "Genre",
        "genres",
        "par genre",
        "Un événement de plusieurs genres compte dans chacun d'eux.",
    ),
    (
        "graphique-publics",
        "Invitations par type de public",
        "Type de public",
        "audiences",
        "par type de public",
        "Un événement destiné à plusieurs publics compte dans chacun d'eux.",
    ),
    (
        "graphique-lieux",
        "Lieux les plus réservés",
        "Lieu",
        "venues",
        "des lieux les plus réservés",
        f"Les {TOP_VENUES} lieux où le plus d'invitations ont été réservées.",
    ),
    (
        "graphique-evenements",
        "Événements les plus réservés",
        "Événement",
        "top_events",
        "des événements les plus réservés",
        "",
    ),
]


@dataclass(frozen=True)
class ChartSection:
    """A chart of a breakdown and the rows of its table (same figures)."""

    chart_id: str
    title: str
    first_header: str
    rows: list
    svg: str
    note: str = ""
    narrow_svg: str = ""  # the same chart laid out for a phone (narrow_bar_chart)


def _two_series(rows):
    return [
        Series("Invitations réservées", [row.figures.booked for row in rows]),
        Series("Invitations utilisées", [row.figures.used for row in rows]),
    ]


def _period(stats):
    return f"du {stats.start:%d/%m/%Y} au {stats.end:%d/%m/%Y}"


def _month_chart(stats):
    return {
        "chart_id": MONTH_CHART_ID,
        "title": MONTH_CHART_TITLE,
        "description": (
            "Diagramme en barres des invitations réservées et utilisées "
            f"chaque mois, {_period(stats)}."
        ),
        "categories": [
            f"{SHORT_MONTHS[row.key.month - 1]}\n{row.key.year}" for row in stats.months
        ],
        "series": _two_series(stats.months),
    }


def month_chart(stats):
    """Invitations booked and used each month of the period: the chart of both statistics
    pages (a structure's and a département's), every month of the period a group."""
    return bar_chart(**_month_chart(stats))


def statistics_sections(stats):
    """The charts of a structure's statistics page, each with the rows of its table."""
    month = _month_chart(stats)
    sections = [
        ChartSection(
            chart_id=MONTH_CHART_ID,
            title=MONTH_CHART_TITLE,
            first_header="Mois",
            rows=stats.months,
            svg=bar_chart(**month),
            narrow_svg=narrow_bar_chart(**month),
        )
    ]
    for chart_id, title, header, attribute, what, note in BREAKDOWN_CHARTS:
        rows = getattr(stats, attribute)
        if not rows:
            continue
        chart = {
            "chart_id": chart_id,
            "title": title,
            "description": (
                "Diagramme en barres horizontales des invitations réservées et utilisées "
                f"{what}, {_period(stats)}."
            ),
            "categories": [row.label for row in rows],
            "series": _two_series(rows),
        }
        sections.append(
            ChartSection(
                chart_id,
                title,
                header,
                rows,
                horizontal_bar_chart(**chart),
                note,
                narrow_svg=narrow_bar_chart(**chart),
            )
        )
    return sections
