"""The shared form components show errors next to fields and in a linked summary."""

from django import forms
from django.template.loader import render_to_string

from pages.protection import ProtectedFormMixin


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
