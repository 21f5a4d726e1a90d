"""The breadcrumbs tag: pairs of label and address, then the current page."""

import pytest
from django.template import Context, Template, TemplateSyntaxError


def render(source, **context):
    return Template("{% load navigation %}" + source).render(Context(context))


def test_the_pages_above_are_links_and_the_current_page_is_not():
    html = render(
        '{% breadcrumbs "Personnes suivies" url name %}', url="/personnes/", name="Léa <B>"
    )
    assert '<a href="/personnes/">Personnes suivies</a>' in html
    assert '<span aria-current="page">Léa &lt;B&gt;</span>' in html
    assert 'aria-label="Fil d\'Ariane"' in html


def test_a_label_without_an_address_is_a_template_error():
    with pytest.raises(TemplateSyntaxError):
        render('{% breadcrumbs "Personnes suivies" "Léa" "/x/" "Modifier" %}')
