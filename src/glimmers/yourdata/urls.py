"""The pages of "Your data": each part adds its own paths here."""

from django.urls import path

from glimmers.yourdata.exporting import views as exporting

app_name = "yourdata"

urlpatterns: list = []
urlpatterns += [
    path("export/", exporting.export_page, name="export"),
    path("export/download", exporting.download, name="export_download"),
    path("export/pdf", exporting.download_pdf, name="export_pdf"),
]
