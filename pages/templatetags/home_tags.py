"""`{% home_blocks %}`: the blocks that apps registered in `pages.home_blocks`, in order."""

from django import template
from django.utils.safestring import mark_safe

from pages.cards import CardList, resolve
from pages.home_blocks import registered_home_blocks

register = template.Library()


@register.simple_tag(takes_context=True)
def home_blocks(context):
    """Each block's template with only the values its context function gives, as an
    inclusion tag would render it. The cards of every block are read together, in one
    query (pages.cards)."""
    blocks = [(block, block.context_function(context)) for block in registered_home_blocks()]
    resolve([value for _block, values in blocks for value in values.values() if isinstance(value, CardList)])
    rendered = []
    for block, values in blocks:
        block_template = context.template.engine.get_template(block.template)
        rendered.append(block_template.render(context.new(values)))
    return mark_safe("\n\n".join(rendered))
