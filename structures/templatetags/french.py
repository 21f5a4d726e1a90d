"""Template filters that write French: dates the French way, elision, agreement."""

from django import template

from structures import dates, text

register = template.Library()


@register.filter
def date_fr(value):
    return dates.french_date(value)


@register.filter
def time_fr(value):
    return dates.french_time(value)


@register.filter
def datetime_fr(value):
    return dates.french_datetime(value)


@register.filter
def of(name):
    """{{ name|of }}: "de Paul", "d'Élodie"."""
    return text.of(str(name))


@register.filter
def plural(count, forms):
    """{{ n }} {{ n|plural:"invitation" }}: the noun agreeing with n, singular for 0 and 1.

    The plural defaults to the singular + "s"; any other form follows a comma:
    {{ n|plural:"invitation réservée,invitations réservées" }}. The number is left to the
    template, which often sets it apart (the big figure of a card) or leaves it out (a label).
    """
    singular, _, plural_form = forms.partition(",")
    return text.noun(count, singular, plural_form or None)


@register.filter(is_safe=True)
def typo(value):
    """{{ message|typo }}: a sentence written in Python, with French typography (non-breaking
    spaces before : ; ! ? », in "20 h 30", unbreakable booking references); see text.typo."""
    return text.typo(value)
