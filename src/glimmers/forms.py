from django import forms
from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString


class FieldGroup(BoundField):
    """A field in its accessible block (label, help, errors), written in Python.

    ``glimmers/field.html`` is the readable form of this markup, and what
    ``field.render()`` still uses. Rendering it through the template engine
    cost about 0.3 ms a field, more than the widget inside: the journal's
    filters alone spent a tenth of a search page on it. This writes exactly
    what the template writes; tests/test_field_group.py renders every page
    with forms both ways and compares them.
    """

    def as_field_group(self) -> SafeString:
        errors = self.errors
        label = conditional_escape(self.label) if self.label else ""
        auto_id = conditional_escape(self.auto_id)
        help_text = ""
        if self.help_text:
            help_id = f' id="{auto_id}_helptext"' if self.auto_id else ""
            help_text = f'<div class="helptext"{help_id}>{self.help_text}</div>'
        shown_errors = (
            f'<div id="{auto_id}_errors">{conditional_escape(errors)}</div>' if errors else ""
        )
        checkbox = self.widget_type == "checkbox"
        classes = (
            "field" + (" has-error" if errors else "") + (" checkbox-field" if checkbox else "")
        )
        for_id = conditional_escape(self.id_for_label)
        if checkbox:
            inside = (
                f'<div class="checkbox-row">{conditional_escape(self)} '
                f'<label for="{for_id}">{label}</label></div>\n{help_text}\n{shown_errors}\n'
            )
        else:
            fieldset = self.use_fieldset
            if fieldset:
                head = f'<fieldset class="choices"><legend>{label}</legend>'
            else:
                head = f'<label for="{for_id}">{label}</label>' if label else ""
            inside = (
                f"\n{head}\n{help_text}\n{shown_errors}\n{conditional_escape(self)}\n"
                f"{'</fieldset>' if fieldset else ''}\n"
            )
        return SafeString(f'<div class="{classes}">\n{inside}\n</div>')


class FormRenderer(DjangoTemplates):
    """Every form field is wrapped in one accessible block (see glimmers/field.html,
    written by FieldGroup)."""

    field_template_name = "glimmers/field.html"
    bound_field_class = FieldGroup


def _attributes(attrs: dict) -> SafeString:
    """Attributes as Django's widgets/attrs.html writes them, in the same order."""
    return SafeString(
        "".join(
            format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value)
            for name, value in attrs.items()
            if value is not False
        )
    )


class QuickSelect(forms.Select):
    """A ``<select>`` written out in Python, with the same markup as Django's.

    Django renders every ``<option>`` through two included templates, and
    builds a dictionary of attributes for each on the way, which cost about
    0.2 ms an option: a journal's filters, with their senses, people, values
    and states, spent more on their options than on the glimmers they
    filter. Labels and values are escaped by ``format_html``; which option is
    selected follows Django's rule (the first match, unless several may be).
    """

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        chosen = set(self.format_value(value))
        attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            attrs["multiple"] = True
        found = False
        groups = []
        for option_value, option_label in self.choices:
            if option_value is None:
                option_value = ""
            if isinstance(option_label, (list, tuple)):
                group_name, options = option_value, option_label
            else:
                group_name, options = None, [(option_value, option_label)]
            rendered = []
            for subvalue, label in options:
                text = str(subvalue)
                selected = (not found or self.allow_multiple_selected) and text in chosen
                found |= selected
                rendered.append(
                    format_html(
                        '<option value="{}"{}>{}</option>', text, _SELECTED[selected], label
                    )
                )
            rendered = SafeString("".join(rendered))
            if group_name:
                rendered = format_html('<optgroup label="{}">{}</optgroup>', group_name, rendered)
            groups.append(rendered)
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            _attributes(attrs),
            SafeString("".join(groups)),
        )


_SELECTED = {True: SafeString(" selected"), False: SafeString("")}


class QuickInput:
    """An ``<input>`` written out in Python, with the same markup as Django's
    ``input.html`` (which went through the template engine, about 0.25 ms
    each). Mixed into Django's own input widgets, so their values are shown
    as theirs are (``format_value``: a date in its input format, say)."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        shown = self.format_value(value)
        return format_html(
            '<input type="{}" name="{}"{}{}>',
            self.input_type,
            name,
            format_html(' value="{}"', shown) if shown is not None else "",
            _attributes(self.build_attrs(self.attrs, attrs)),
        )


class QuickTextInput(QuickInput, forms.TextInput):
    pass


class QuickDateInput(QuickInput, forms.DateInput):
    pass
