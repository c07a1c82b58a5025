"""The repository index's facet options, written out in Python: about 150 checkboxes, each
of which costs a Django template a dozen lookups and conditions."""

from django import template
from django.utils.html import format_html_join

register = template.Library()


@register.simple_tag
def facet_options(group):
    """One line per option: its checkbox, its label and its count."""
    return format_html_join(
        "\n",
        '<div class="facet__option"><input type="checkbox" id="facet-{0}-{1}" name="{0}" value="{1}"{2}>'
        ' <label for="facet-{0}-{1}">{3} <span class="facet__count">({4})</span></label></div>',
        (
            (group.param, option.value, " checked" if option.selected else "", option.label, option.count)
            for option in group.options
        ),
    )


@register.simple_tag
def selected_facets_as_hidden_fields(groups):
    """The selected options, carried by the search form."""
    return format_html_join(
        "",
        '<input type="hidden" name="{}" value="{}">',
        ((group.param, option.value) for group in groups for option in group.options if option.selected),
    )
