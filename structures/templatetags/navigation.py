"""The breadcrumbs above a page's heading: the way back up to the lists it comes from."""

from django import template

register = template.Library()


@register.inclusion_tag("includes/breadcrumbs.html")
def breadcrumbs(*steps):
    """{% breadcrumbs "Personnes suivies" persons_url person.full_name %}: pairs of label
    and address for the pages above, then the current page's label (shown, not linked)."""
    *links, current = steps
    if len(links) % 2:
        raise template.TemplateSyntaxError("breadcrumbs: a label and an address per step.")
    return {"links": list(zip(links[::2], links[1::2], strict=True)), "current": current}
