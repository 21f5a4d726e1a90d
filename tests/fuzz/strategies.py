"""What the fuzz tests type into the portal, and what they check of every answer.

Inputs mix any Unicode text (control characters included), a few hostile fragments (HTML,
SQL, spreadsheet formulas), 100,000-character strings and numbers out of every range.
"""

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# Each one is looked for, verbatim, in every page that may show what was typed.
HTML_FRAGMENTS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "<svg onload=alert(1)>",
]
OTHER_FRAGMENTS = [
    "'; DROP TABLE bookings_booking; --",
    "' OR 1=1 --",
    '=HYPERLINK("http://x.test","clic")',
    "+SUM(1,2)",
    "@cmd",
    "%00",
    "%s %d {0} {{ user }}",
    "\u202e\u200b\ufeff",
    "\r\n\t\x0b\x0c\x1b",
    "../../etc/passwd",
    "CDC-AAAAAA",
    "2026-02-30",
    "31/12/9999",
]
NUMBERS = [
    "0", "-1", "1", "2", "3", "999999", "2147483648", "-2147483649", "9223372036854775808",
    "1e309", "NaN", "1.5", "²", "١٢", "0x10", " 7 ", "",
]  # fmt: skip
LONG = "x" * 100_000

# Any Unicode text but NUL, which the middleware answers with a 400 before any form.
any_text = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=40)

nasty_text = st.one_of(
    any_text,
    # LONG by name, so that a failure's report does not print it.
    st.sampled_from([*HTML_FRAGMENTS, *OTHER_FRAGMENTS, *NUMBERS, "LONG", "\x00"]).map(
        lambda text: LONG if text == "LONG" else text
    ),
    st.builds(lambda a, b: a + b, any_text, st.sampled_from(HTML_FRAGMENTS)),
)
numbers = st.one_of(st.sampled_from(NUMBERS), st.integers().map(str), st.integers(-5, 5).map(str))


def value(*extra):
    """A field's value: hostile text, a number, or one of `extra` (real or forged ids)."""
    choices = [nasty_text, numbers]
    if extra:
        choices.append(st.sampled_from([str(e) for e in extra]))
    return st.one_of(*choices)


def form_data(fields, *extra, **fixed):
    """A POST or GET dict over `fields`: each one missing, or a value from value(*extra)."""
    optional = {name: value(*extra) for name in fields if name not in fixed}
    return st.fixed_dictionaries(fixed, optional=optional)


def fuzz(max_examples=40):
    """Hypothesis settings of the fuzz tests: bounded, without deadline, fixtures allowed."""
    return settings(
        max_examples=max_examples,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


def check(response):
    """No server error, and none of the HTML fragments typed so far shown as HTML."""
    assert response.status_code < 500, response.status_code
    if not getattr(response, "streaming", False):
        body = response.content.decode(errors="replace")
        for fragment in HTML_FRAGMENTS:
            assert fragment not in body, fragment
    return response
