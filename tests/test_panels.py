"""Editing panels inserted after a named field, wherever the parent class put that field."""

import pytest
from wagtail.admin.panels import FieldPanel, MultiFieldPanel

from pages.panels import insert_panels_after


def field_names(panels):
    return [getattr(panel, "field_name", None) or panel.heading for panel in panels]


def test_panels_go_after_the_named_field_even_inside_a_group():
    panels = [FieldPanel("title"), MultiFieldPanel([FieldPanel("date"), FieldPanel("teaser")], heading="Dates")]
    inserted = insert_panels_after(panels, "teaser", [FieldPanel("start")])
    assert field_names(inserted) == ["title", "Dates", "start"]
    assert field_names(insert_panels_after(panels, "title", [FieldPanel("start")])) == ["title", "start", "Dates"]


def test_a_field_no_panel_edits_is_an_error_not_a_silent_append():
    with pytest.raises(ValueError, match="introduction"):
        insert_panels_after([FieldPanel("title")], "introduction", [FieldPanel("start")])
