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
