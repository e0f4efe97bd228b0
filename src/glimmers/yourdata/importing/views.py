"""The page "Bring in a journal", /your-data/import/: upload, look at what would come in, confirm.

The uploaded file waits in a private folder of the data directory between
the look (a dry run) and the confirmation, under a random name; it is
removed once imported, when the person says "Not now", or after a day. The
look and the bringing in run in the background (importing/jobs.py); the
job's own page, /your-data/import/<job>/, follows them.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from glimmers.access import get_owned
from glimmers.yourdata.importing import jobs
from glimmers.yourdata.importing.forms import ImportForm, upload_max_bytes
from glimmers.yourdata.models import ImportJob


def _page(request, form, *, status=200) -> HttpResponse:
    context = {"form": form, "most": upload_max_bytes(), "running": jobs.running(request.user)}
    return render(request, "yourdata/import.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def import_page(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _page(request, ImportForm())
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, form, status=400)
    options = {
        "mapping": form.cleaned_data["mapping"],
        "date_format": form.cleaned_data["date_format"],
    }
    try:
        job = jobs.start(
            request.user, form.cleaned_data["file"], form.cleaned_data["format"], options
        )
    except jobs.AlreadyAtWork:
        form.add_error(None, _("Another file is being brought in; please wait until it is done."))
        return _page(request, form, status=409)
    return redirect("yourdata:import_job", job_id=job.pk)


def _status(job: ImportJob) -> str:
    """Where a job is, in a sentence (for the page, and for its script)."""
    if job.state == ImportJob.State.LOOKING:
        return _("Reading the file: %(n)s entries so far…") % {"n": f"{job.done:,}"}
    if job.total:
        return _("Bringing them in: %(done)s of %(total)s…") % {
            "done": f"{job.done:,}",
            "total": f"{job.total:,}",
        }
    return _("Bringing them in…")


@login_required
@require_GET
def job_page(request: HttpRequest, job_id) -> HttpResponse:
    job = get_owned(ImportJob, request.user, job_id)
    at_work = job.state in jobs.RUNNING and not jobs.is_stale(job)
    if request.GET.get("progress"):  # the page's script asking how it is going
        return JsonResponse({"working": at_work, "status": _status(job) if at_work else ""})
    context = {
        "job": job,
        "at_work": at_work,
        "stopped": jobs.is_stale(job),
        "status": _status(job) if at_work else "",
        "report": jobs.report_of(job),
    }
    return render(request, "yourdata/import_job.html", context)


@login_required
@require_POST
def confirm(request: HttpRequest, job_id) -> HttpResponse:
    job = get_owned(ImportJob, request.user, job_id)
    if jobs.confirm(request.user, job) or job.state == ImportJob.State.BRINGING:
        return redirect("yourdata:import_job", job_id=job.pk)
    if job.state == ImportJob.State.LOOKED and job.report and not job.report.get("new"):
        messages.info(request, _("Everything in that file is here already: nothing new to add."))
    else:
        messages.info(request, _("That file is no longer waiting here; please choose it again."))
    return redirect("yourdata:import")


@login_required
@require_POST
def cancel(request: HttpRequest, job_id) -> HttpResponse:
    job = get_owned(ImportJob, request.user, job_id)
    if job.state in jobs.RUNNING and not jobs.is_stale(job):
        messages.info(request, _("It is being brought in already; it will finish on its own."))
        return redirect("yourdata:import_job", job_id=job.pk)
    jobs.forget(request.user, job)
    return redirect("yourdata:import")
