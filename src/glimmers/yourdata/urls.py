"""The pages of "Your data": each part adds its own paths here."""

from django.urls import path

from glimmers.yourdata.deletion import views as deletion
from glimmers.yourdata.exporting import views as exporting
from glimmers.yourdata.importing import views as importing

app_name = "yourdata"

urlpatterns: list = []
urlpatterns += [
    path("delete-account/", deletion.delete_account_page, name="delete_account"),
]
urlpatterns += [
    path("export/", exporting.export_page, name="export"),
    path("export/download", exporting.download, name="export_download"),
    path("export/pdf", exporting.download_pdf, name="export_pdf"),
]
urlpatterns += [
    path("import/", importing.import_page, name="import"),
    path("import/<uuid:job_id>/", importing.job_page, name="import_job"),
    path("import/<uuid:job_id>/confirm", importing.confirm, name="import_confirm"),
    path("import/<uuid:job_id>/cancel", importing.cancel, name="import_cancel"),
]
