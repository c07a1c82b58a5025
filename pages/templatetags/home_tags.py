"""`{% home_blocks %}`: the blocks that apps registered in `pages.home_blocks`, in order."""

from django import template
from django.utils.safestring import mark_safe

from pages.home_blocks import registered_home_blocks

register = template.Library()


@register.simple_tag(takes_context=True)
def home_blocks(context):
    """Each block's template with only the values its context function gives, as an
    inclusion tag would render it."""
    rendered = []
    for block in registered_home_blocks():
        block_template = context.template.engine.get_template(block.template)
        rendered.append(block_template.render(context.new(block.context_function(context))))
    return mark_safe("\n\n".join(rendered))
