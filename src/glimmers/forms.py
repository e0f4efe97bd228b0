from django.forms.renderers import DjangoTemplates


class FormRenderer(DjangoTemplates):
    """Every form field is wrapped in one accessible block: label, help, errors
    and the widget (glimmers/field.html, which ``{{ field.as_field_group }}`` renders)."""

    field_template_name = "glimmers/field.html"
