from django.forms.renderers import DjangoTemplates


class FormRenderer(DjangoTemplates):
    """Every form field is wrapped in one accessible block (see glimmers/field.html)."""

    field_template_name = "glimmers/field.html"
