"""Choice widgets that write their options out in Python.

Django renders every option of a select, and every box of a checkbox list, through a
template of its own that includes another for the attributes: a form offering sixty
countries renders about two hundred templates on each view. These widgets write the same
HTML as Django's templates, attribute for attribute and in the same order.
"""

from django import forms
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe


def _attributes(attrs):
    """Django's `attrs.html`: False leaves an attribute out, True writes its name alone."""
    return mark_safe(
        "".join(
            format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value)
            for name, value in attrs.items()
            if value is not False
        )
    )


_SELECTED = " selected"


def _option(option):
    return format_html(
        '<option value="{}"{}>{}</option>', option["value"], _attributes(option["attrs"]), option["label"]
    )


def _input(widget):
    """Django's `input.html`."""
    value = "" if widget["value"] is None else format_html(' value="{}"', widget["value"])
    return format_html(
        '<input type="{}" name="{}"{}{}>', widget["type"], widget["name"], value, _attributes(widget["attrs"])
    )


class WrittenOutSelect(forms.Select):
    """A select, its options written out here. A select of one value without groups (a country
    list of 250) is written from its choices alone: Django's option dictionaries, built for its
    templates, cost more than writing the options."""

    def render(self, name, value, attrs=None, renderer=None):
        if self.allow_multiple_selected or any(isinstance(label, (list, tuple)) for _value, label in self.choices):
            return self._render_in_groups(name, value, attrs)
        chosen, selected_one, options = self.format_value(value), False, []
        for option_value, label in self.choices:
            option_value = "" if option_value is None else option_value
            # As Django's `optgroups`: only the first option of the chosen value is selected.
            selected = not selected_one and str(option_value) in chosen
            selected_one |= selected
            options.append(
                f'<option value="{conditional_escape(option_value)}"{_SELECTED if selected else ""}>'
                f"{conditional_escape(label)}</option>"
            )
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            _attributes(self.build_attrs(self.attrs, attrs)),
            mark_safe("".join(options)),
        )

    def _render_in_groups(self, name, value, attrs):
        widget = self.get_context(name, value, attrs)["widget"]
        groups = []
        for group_name, options, _index in widget["optgroups"]:
            rendered = mark_safe("".join(_option(option) for option in options))
            groups.append(
                format_html('<optgroup label="{}">{}</optgroup>', group_name, rendered) if group_name else rendered
            )
        return format_html(
            '<select name="{}"{}>{}</select>', widget["name"], _attributes(widget["attrs"]), mark_safe("".join(groups))
        )


class WrittenOutCheckboxes(forms.CheckboxSelectMultiple):
    """A checkbox list whose boxes (`{{ checkbox.tag }}`) are written out here."""

    def _render(self, template_name, context, renderer=None):
        if template_name != self.option_template_name:
            return super()._render(template_name, context, renderer)
        widget = context["widget"]
        if not widget.get("wrap_label"):
            return _input(widget)
        label_for = format_html(' for="{}"', widget["attrs"]["id"]) if widget["attrs"].get("id") else ""
        return format_html("<label{}>{}\n {}</label>", label_for, _input(widget), widget["label"])


class WrittenOutChoicesMixin:
    """For a form: its plain selects become `WrittenOutSelect`s."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if type(field.widget) is forms.Select:
                written_out = WrittenOutSelect(attrs=field.widget.attrs, choices=field.widget.choices)
                written_out.is_required = field.widget.is_required
                field.widget = written_out
