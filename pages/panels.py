"""Editing panels placed by the field they follow, so a subclass survives changes to its parent's list."""


def panel_field_names(panel):
    """The names of the fields `panel` edits, its children's included."""
    names = {panel.field_name} if getattr(panel, "field_name", None) else set()
    for child in getattr(panel, "children", ()):
        names |= panel_field_names(child)
    return names


def insert_panels_after(panels, field_name, new_panels):
    """A copy of `panels` with `new_panels` after the panel that edits `field_name`."""
    for position, panel in enumerate(panels):
        if field_name in panel_field_names(panel):
            return [*panels[: position + 1], *new_panels, *panels[position + 1 :]]
    raise ValueError(f"No panel edits the field {field_name!r}.")
