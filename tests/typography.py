"""What a page shows of a sentence written in Python: escaped, with the French typography of
the `typo` filter (structures.text.typo, unit-tested in tests/structures/test_text.py)."""

from structures.text import typo

NBSP = "\u00a0"


def typeset(sentence):
    """`sentence` as the `typo` filter renders it, e.g. "Date : 20 h" with non-breaking spaces."""
    return str(typo(sentence))
