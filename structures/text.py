"""Text helpers shared by several apps: search columns, French grammar, one-line headers."""

import re
import unicodedata

from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe


def normalize(text):
    """Lower-case, accent-free, single-spaced text: "Théâtre  du Soleil" -> "theatre du soleil".

    Search columns store this form, and searches normalise the query the same way,
    so "theatre" finds "Théâtre" identically on PostgreSQL and SQLite.
    """
    decomposed = unicodedata.normalize("NFKD", text or "")
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(stripped.casefold().replace("œ", "oe").replace("æ", "ae").split())


def of(name):
    """French "de" before a name, elided before a vowel or a mute h: "d'Élodie", "de Paul";
    before a y only when a consonant follows ("d'Yves", "de Yasmine")."""
    start = normalize(name)[:2]
    first = start[:1]
    if first == "y":
        return f"de {name}" if start[1:] and start[1] in "aeiou" else f"d'{name}"
    return f"d'{name}" if first and first in "aeiouh" else f"de {name}"


def noun(count, singular, plural=None):
    """The noun agreeing with `count`: French takes the singular for 0 and 1.

    `plural` defaults to `singular` + "s".
    """
    return singular if abs(count) < 2 else (plural or f"{singular}s")


def plural(count, singular, plural=None):
    """The count and its noun agreeing with it: "1 invitation", "4 invitations"."""
    return f"{count} {noun(count, singular, plural)}"


_BREAKING_WHITESPACE = re.compile(r"[ \t\r\n\f\v]+")


def one_line(text):
    """`text` on one line, its runs of spaces and newlines as one space, trimmed: an e-mail's
    subject from a template. Non-breaking spaces ("20 h 30", "Rappel :") stay as they are,
    which str.split() would not do."""
    return _BREAKING_WHITESPACE.sub(" ", text).strip()


NBSP = "\u00a0"
# What typo() leaves alone in HTML: tags (their attributes with them), comments, and the
# contents of <script> and <style>.
_MARKUP = re.compile(
    r"(<script\b.*?</script\s*>|<style\b.*?</style\s*>|<!--.*?-->|<[^>]*>)",
    re.IGNORECASE | re.DOTALL,
)
_SPACES = r"[ \t\r\n]+"
_BEFORE_PUNCTUATION = re.compile(_SPACES + r"(?=[:;!?»])")
_AFTER_QUOTE = re.compile(r"«" + _SPACES)
_TIME = re.compile(r"(?<![\w])(\d{1,2})" + _SPACES + r"h(?:" + _SPACES + r"(\d\d))?(?![\w])")
# A booking reference, "CDC-R63HMB": bookings.models.REFERENCE_PATTERN, written again here
# because structures is below bookings (tests/structures/test_text.py checks both agree).
_REFERENCE = re.compile(r"(?<![\w-])(CDC-[0-9A-Z]{6})(?![\w-])")


def _typeset(text):
    text = _BEFORE_PUNCTUATION.sub(NBSP, text)
    text = _AFTER_QUOTE.sub("«" + NBSP, text)
    text = _TIME.sub(lambda m: f"{m[1]}{NBSP}h" + (f"{NBSP}{m[2]}" if m[2] else ""), text)
    return _REFERENCE.sub(r'<span class="nowrap">\1</span>', text)


def typo(value):
    """French typography for a sentence written in Python, as safe HTML: a non-breaking
    space before : ; ! ? and », after «, inside "20 h 30", and a booking reference that
    never breaks at its hyphen (<span class="nowrap">CDC-R63HMB</span>).

    Only the spaces already there become non-breaking: "https://…" and "10:30" stay as
    they are. A plain string is escaped first; safe HTML (format_html) changes only
    between its tags, never inside a tag or its attributes.
    """
    if value is None:
        return mark_safe("")
    if not isinstance(value, str) and not hasattr(value, "__html__"):
        value = str(value)  # a Django message: str() keeps format_html's safe string
    html = str(conditional_escape(value))
    parts = _MARKUP.split(html)
    # split() with one group: the text is at the even indexes, the markup at the odd ones.
    return mark_safe(
        "".join(part if index % 2 else _typeset(part) for index, part in enumerate(parts))
    )
