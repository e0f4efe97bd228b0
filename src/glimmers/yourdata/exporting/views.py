"""The download page, /your-data/export/: one button per format."""

from __future__ import annotations

import tempfile

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from glimmers.yourdata.exporting import formats
from glimmers.yourdata.exporting.forms import FormatForm, PdfOptionsForm


def streamed(made: formats.Export) -> StreamingHttpResponse:
    """An export as a download, sent as it is made (the page and the API both use this)."""
    response = StreamingHttpResponse(made.chunks, content_type=made.content_type)
    response["Content-Disposition"] = f'attachment; filename="{made.filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _page(
    request: HttpRequest, pdf_form: PdfOptionsForm, status: int = 200, problem: str = ""
) -> HttpResponse:
    context = {"pdf_form": pdf_form, "problem": problem}
    return render(request, "yourdata/export.html", context, status=status)


@login_required
@require_GET
def export_page(request: HttpRequest) -> HttpResponse:
    return _page(request, PdfOptionsForm())


@login_required
@require_GET
def download(request: HttpRequest) -> HttpResponse:
    form = FormatForm(request.GET)
    if not form.is_valid():
        problem = " ".join(form.errors["format"])
        return _page(request, PdfOptionsForm(), status=400, problem=problem)
    return streamed(formats.export_for(request.user, form.cleaned_data["format"]))


@login_required
@require_GET
def download_pdf(request: HttpRequest) -> HttpResponse:
    form = PdfOptionsForm(request.GET)
    if not form.is_valid():
        return _page(request, form, status=400)
    # A PDF is written whole before it is sent (its writer wants a file), into a
    # temporary file that is gone once the answer has been sent.
    out = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it once sent
    try:
        formats.write_pdf(
            request.user,
            out,
            since=form.cleaned_data["since"],
            until=form.cleaned_data["until"],
            tag=form.cleaned_data["tag"] or None,
            reliable_only=form.cleaned_data["reliable"],
        )
    except formats.PdfNotAvailable as problem:
        out.close()
        form.add_error(None, str(problem))
        return _page(request, form)
    except BaseException:
        out.close()
        raise
    out.seek(0)
    response = FileResponse(
        out,
        as_attachment=True,
        filename=formats.pdf_filename(request.user),
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response
