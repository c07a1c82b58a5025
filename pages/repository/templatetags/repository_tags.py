"""The repository index's facet options, written out in Python: about 150 checkboxes, each
of which costs a Django template a dozen lookups and conditions (and `format_html` five
escapes of values that are mostly known to be safe)."""

from html import escape

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def facet_options(group):
    """One line per option: its checkbox, its label and its count. The parameter is one of the
    finder's names and the count a number; the value and the label are escaped."""
    param = escape(group.param)
    return mark_safe(  # noqa: S308 - every value that is not a literal is escaped above or below
        "\n".join(
            f'<div class="facet__option"><input type="checkbox" id="facet-{param}-{value}" name="{param}" '
            f'value="{value}"{" checked" if option.selected else ""}> <label for="facet-{param}-{value}">'
            f'{escape(str(option.label))} <span class="facet__count">({int(option.count)})</span></label></div>'
            for option in group.options
            for value in (escape(str(option.value)),)
        )
    )


@register.simple_tag
def selected_facets_as_hidden_fields(groups):
    """The selected options, carried by the search form."""
    return format_html_join(
        "",
        '<input type="hidden" name="{}" value="{}">',
        ((group.param, option.value) for group in groups for option in group.options if option.selected),
    )
