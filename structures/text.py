"""Text helpers shared by several apps: search columns, French grammar, one-line headers."""

import re
import unicodedata


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
