"""The page "Bring in a journal", /your-data/import/: upload, look at what would come in, confirm.

The uploaded file waits in a private folder of the data directory between
the look (a dry run) and the confirmation, under a random name only this
person's session knows; it is removed once imported, when another file is
chosen, or after a day.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from glimmers.yourdata.importing import staging
from glimmers.yourdata.importing.forms import ImportForm, upload_max_bytes
from glimmers.yourdata.importing.service import ImportFailed, import_journal

SESSION_KEY = "yourdata_import"


def _forget(request: HttpRequest) -> None:
    """Remove the file this person left waiting (if any), and any older than a day."""
    left = request.session.pop(SESSION_KEY, None) or {}
    staging.discard(request.user, left.get("name"))


def _page(request, form, *, report=None, status=200, problem="") -> HttpResponse:
    context = {
        "form": form,
        "report": report,
        "problem": problem,
        "most": upload_max_bytes(),
    }
    return render(request, "yourdata/import.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def import_page(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _page(request, ImportForm())
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, form, status=400)
    _forget(request)
    staged = staging.stage(request.user, form.cleaned_data["file"])
    options = {
        "mapping": form.cleaned_data["mapping"],
        "date_format": form.cleaned_data["date_format"],
    }
    try:
        report = import_journal(
            request.user,
            staged,
            format_name=form.cleaned_data["format"],
            dry_run=True,
            options=options,
        )
    except ImportFailed as problem:
        staged.unlink(missing_ok=True)
        return _page(request, form, status=400, problem=str(problem))
    request.session[SESSION_KEY] = {
        "name": staged.name,
        "format": report.format,
        "mapping": options["mapping"],
        "date_format": options["date_format"],
    }
    return _page(request, ImportForm(initial={"format": report.format}), report=report)


@login_required
@require_POST
def confirm(request: HttpRequest) -> HttpResponse:
    waiting = request.session.get(SESSION_KEY)
    if not waiting:
        messages.info(request, _("Choose the file to bring in first."))
        return redirect("yourdata:import")
    staged = staging.waiting(request.user, waiting.get("name", ""))
    if staged is None:
        request.session.pop(SESSION_KEY, None)
        messages.info(request, _("That file is no longer waiting here; please choose it again."))
        return redirect("yourdata:import")
    try:
        report = import_journal(
            request.user,
            staged,
            format_name=waiting["format"],
            options={
                "mapping": waiting.get("mapping") or {},
                "date_format": waiting.get("date_format") or "",
            },
        )
    except ImportFailed as problem:
        _forget(request)
        return _page(request, ImportForm(), status=400, problem=str(problem))
    _forget(request)
    message = ngettext("Brought in %(n)s glimmer.", "Brought in %(n)s glimmers.", report.new) % {
        "n": report.new
    }
    if report.already:
        message += " " + ngettext(
            "%(n)s was here already and was left as it is.",
            "%(n)s were here already and were left as they are.",
            report.already,
        ) % {"n": report.already}
    messages.success(request, message)
    return redirect("journal:timeline")


@login_required
@require_POST
def cancel(request: HttpRequest) -> HttpResponse:
    _forget(request)
    return redirect("yourdata:import")
