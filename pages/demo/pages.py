"""Creating or updating demo pages by slug, so loading twice never duplicates."""

from django.utils.html import escape


def upsert_child(parent, model, slug: str, **fields):
    """The live child of `parent` with this slug, created or updated with `fields`."""
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        page = existing.specific
        if not isinstance(page, model):
            raise TypeError(f"{page} at slug {slug!r} is a {type(page).__name__}, not a {model.__name__}")
        for name, value in fields.items():
            setattr(page, name, value)
    else:
        page = model(slug=slug, **fields)
        parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def rich_paragraphs(paragraphs):
    """StreamField data for plain paragraphs."""
    return [{"type": "paragraph", "value": f"<p>{escape(text)}</p>"} for text in paragraphs]
