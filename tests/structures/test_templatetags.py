import pytest
from django.template import Context, Template

from structures.templatetags.french import plural


@pytest.mark.parametrize(
    ("count", "expected"),
    [(0, "invitation"), (1, "invitation"), (2, "invitations"), (12, "invitations")],
)
def test_plural_takes_the_singular_for_0_and_1(count, expected):
    assert plural(count, "invitation") == expected


def test_plural_takes_an_explicit_plural_after_a_comma():
    forms = "invitation réservée,invitations réservées"
    assert plural(1, forms) == "invitation réservée"
    assert plural(3, forms) == "invitations réservées"


def test_plural_in_a_template_leaves_the_number_to_the_template():
    template = Template('{% load french %}{{ n }} {{ n|plural:"réservation" }}')
    assert template.render(Context({"n": 0})) == "0 réservation"
    assert template.render(Context({"n": 2})) == "2 réservations"
