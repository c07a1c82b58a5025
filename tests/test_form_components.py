"""The shared form components show errors next to fields and in a linked summary."""

import re

from django import forms
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from pages.protection import ProtectedFormMixin
from pages.widgets import WrittenOutCheckboxes, WrittenOutChoicesMixin, WrittenOutSelect


class ApplicationForm(ProtectedFormMixin, forms.Form):
    organisation = forms.CharField(label="Organisation", max_length=10)
    consent = forms.BooleanField(label="I agree")


def test_error_summary_links_to_each_invalid_field():
    form = ApplicationForm(data={"organisation": "x" * 11})
    assert not form.is_valid()
    html = render_to_string("components/error_summary.html", {"form": form})
    assert 'href="#id_organisation"' in html
    assert 'href="#id_consent"' in html


def test_field_component_keeps_the_value_and_shows_the_error():
    form = ApplicationForm(data={"organisation": "Kota Bogor!!"})
    form.is_valid()
    html = render_to_string("components/form_field.html", {"field": form["organisation"]})
    assert 'value="Kota Bogor!!"' in html
    assert 'class="field-error" id="id_organisation_error"' in html
    assert 'for="id_organisation"' in html


def test_protection_fields_render_hidden_from_people():
    form = ApplicationForm()
    html = render_to_string("components/form_protection.html", {"form": form})
    assert 'aria-hidden="true"' in html
    assert 'name="nickname"' in html
    assert 'name="form_started"' in html
    assert [field.name for field in form.visible_content_fields()] == ["organisation", "consent"]


def _between_tags(html):
    return re.sub(r">\s+<", "><", str(html)).strip()


CHOICES = [("", "---------"), ("ID", "Indonesia"), ("Neighbours", [("MY", "Malaysia"), ("TL", "Timor-Leste & <co>")])]


def test_a_written_out_select_is_the_html_djangos_templates_write():
    attrs = {"id": "id_country", "required": True, "aria-describedby": "id_country_helptext", "disabled": False}
    for value in ("", "ID", "TL", None):
        django_select = forms.Select(choices=CHOICES).render("country", value, attrs)
        written_out = WrittenOutSelect(choices=CHOICES).render("country", value, attrs)
        assert _between_tags(written_out) == _between_tags(django_select)
    chosen = WrittenOutSelect(choices=CHOICES).render("country", "TL", attrs)
    assert '<optgroup label="Neighbours">' in chosen
    assert '<option value="TL" selected>Timor-Leste &amp; &lt;co&gt;</option>' in chosen


def test_a_written_out_select_without_groups_is_the_html_djangos_templates_write():
    choices = [(None, "All"), ("ID", "Indonesia"), (7, mark_safe("<b>Seven</b>")), ("ID", "Again"), ("X", "A & B")]
    attrs = {"id": "id_country", "class": "filter", "required": False}
    for value in (None, "", "ID", 7, "7", "X", "missing"):
        django_select = forms.Select(choices=choices).render("country", value, attrs)
        written_out = WrittenOutSelect(choices=choices).render("country", value, attrs)
        assert _between_tags(written_out) == _between_tags(django_select), value
    chosen = WrittenOutSelect(choices=choices).render("country", "ID", attrs)
    assert chosen.count(" selected") == 1  # only the first option of a repeated value


def test_written_out_checkboxes_are_the_html_djangos_templates_write():
    class InterestsForm(forms.Form):
        interests = forms.MultipleChoiceField(choices=[("a", "Climate"), ("b", "Finance <&>")])

    rendered = {}
    for widget in (forms.CheckboxSelectMultiple, WrittenOutCheckboxes):
        form = InterestsForm(data={"interests": ["b"]})
        form.fields["interests"].widget = widget(choices=form.fields["interests"].choices)
        boxes = list(form["interests"])
        rendered[widget] = [(box.tag(), box.tag(wrap_label=True)) for box in boxes]
    assert rendered[WrittenOutCheckboxes] == rendered[forms.CheckboxSelectMultiple]
    assert 'value="b"' in rendered[WrittenOutCheckboxes][1][0] and "checked" in rendered[WrittenOutCheckboxes][1][0]


def test_a_form_with_written_out_choices_keeps_the_chosen_values():
    class FilterForm(WrittenOutChoicesMixin, forms.Form):
        country = forms.ChoiceField(choices=CHOICES[:2], required=False)

    form = FilterForm(data={"country": "ID"})
    assert isinstance(form.fields["country"].widget, WrittenOutSelect)
    assert '<option value="ID" selected>Indonesia</option>' in str(form["country"])
