"""Bringing a journal in through the page, in the background.

A file of 100,000 entries takes minutes to check and to write, far longer
than a request may take (``glimmers serve`` stops a worker stuck on one for
more than a minute, and a proxy gives up sooner). So the page only starts a
job: the look (a dry run) and, once the person confirms, the bringing in run
on a thread of their own through the same ``import_journal`` the command
line uses, and note their progress in the job's row (models.ImportJob).
The page shows that row, and looks again every few seconds.

A thread, not a queue with its own worker process: the work is rare, one
person's, and already written to survive being stopped part-way (what came
in stays, and bringing the same file in again adds the rest, doubling
nothing). A job whose heartbeat (``updated_at``) has not moved for
``STALE_SECONDS`` was stopped with its server, and the page says so. See
docs/decisions.md, "Bringing a journal in, a batch at a time".
"""

from __future__ import annotations

import logging
import threading
from datetime import timedelta

from django.db import close_old_connections, connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from glimmers.access import owned
from glimmers.db import writing
from glimmers.yourdata.importing import staging
from glimmers.yourdata.importing.service import ImportFailed, Report, import_journal
from glimmers.yourdata.models import ImportJob

log = logging.getLogger(__name__)

# A job that hasn't noted progress for this long was stopped (one batch takes
# about a second; a slow photo or two, a few).
STALE_SECONDS = 120
RUNNING = (ImportJob.State.LOOKING, ImportJob.State.BRINGING)

# The threads at work, by job id: the tests wait for them (``wait``).
_threads: dict[str, threading.Thread] = {}


def jobs(owner):
    return owned(ImportJob, owner)


def is_stale(job: ImportJob) -> bool:
    return job.state in RUNNING and timezone.now() - job.updated_at > timedelta(
        seconds=STALE_SECONDS
    )


def running(owner) -> ImportJob | None:
    """The person's job still at work, if there is one."""
    for job in jobs(owner).filter(state__in=RUNNING).order_by("-started_at"):
        if not is_stale(job):
            return job
    return None


class AlreadyAtWork(Exception):
    """The person has a file being read or brought in already: one at a time."""


def start(owner, upload, format_name: str, options: dict) -> ImportJob:
    """Keep an uploaded file waiting and look at it in the background (the dry run).

    One job at a time per person (AlreadyAtWork). The person's earlier jobs,
    done or left, go, with any file of theirs still waiting.
    """
    if running(owner) is not None:
        raise AlreadyAtWork
    for earlier in jobs(owner):
        forget(owner, earlier)
    staging.discard(owner, None)  # files left waiting for more than a day
    staged = staging.stage(owner, upload)
    with writing(owner):
        job = ImportJob.objects.create(
            owner=owner, file_name=staged.name, format=format_name, options=options
        )
    _in_background(owner, job)
    return job


def confirm(owner, job: ImportJob) -> bool:
    """Bring in a file that has been looked at; False if it can't be (any more)."""
    if job.state != ImportJob.State.LOOKED or not job.report or not job.report.get("new"):
        return False
    if staging.waiting(owner, job.file_name) is None:
        return False
    with writing(owner):
        changed = (
            jobs(owner)
            .filter(pk=job.pk, state=ImportJob.State.LOOKED)
            .update(state=ImportJob.State.BRINGING, done=0, updated_at=timezone.now())
        )
    if not changed:  # confirmed twice at once: the first one goes ahead
        return False
    job.refresh_from_db()
    _in_background(owner, job)
    return True


def forget(owner, job: ImportJob) -> None:
    """Remove a job and its waiting file (Not now, or once it is done with)."""
    staging.discard(owner, job.file_name)
    with writing(owner):
        jobs(owner).filter(pk=job.pk).delete()


def wait(job: ImportJob, seconds: float = 60) -> None:
    """Wait for a job's thread to finish (for tests)."""
    thread = _threads.get(str(job.pk))
    if thread is not None:
        thread.join(seconds)


def _in_background(owner, job: ImportJob) -> None:
    # A new thread has no language of its own: it speaks the one of the page that started it,
    # since what it says (a problem, the lines left out) is kept as words in the job's row.
    language = translation.get_language()

    def begin() -> None:
        thread = threading.Thread(
            target=_work, args=(owner, job.pk, language), name=f"import-{job.pk}", daemon=True
        )
        _threads[str(job.pk)] = thread
        thread.start()

    transaction.on_commit(begin)  # the thread must find the row


def _note(owner, job_id, **values) -> None:
    with writing(owner):
        jobs(owner).filter(pk=job_id).update(updated_at=timezone.now(), **values)


def _work(owner, job_id, language: str | None = None) -> None:
    close_old_connections()
    try:
        with translation.override(language):
            _do(owner, job_id)
    finally:
        _threads.pop(str(job_id), None)
        connection.close()  # this thread's own connection


def _do(owner, job_id) -> None:
    job = jobs(owner).filter(pk=job_id).first()
    if job is None:
        return
    looking = job.state == ImportJob.State.LOOKING
    staged = staging.waiting(owner, job.file_name)

    def progress(stage: str, done: int, total: int | None) -> None:
        _note(owner, job_id, done=done, total=total)

    try:
        if staged is None:
            raise ImportFailed(_("That file is no longer waiting here; please choose it again."))
        report = import_journal(
            owner,
            staged,
            format_name=job.format,
            dry_run=looking,
            options=job.options,
            progress=progress,
        )
    except ImportFailed as problem:
        staging.discard(owner, job.file_name)
        _note(owner, job_id, state=ImportJob.State.FAILED, problem=str(problem))
        return
    except Exception:
        log.exception("Bringing in a journal (job %s) failed", job_id)
        staging.discard(owner, job.file_name)
        _note(owner, job_id, state=ImportJob.State.FAILED, problem=_unexpected(looking))
        return
    if looking:
        _note(
            owner,
            job_id,
            state=ImportJob.State.LOOKED,
            format=report.format,
            report=report.as_data(),
        )
    else:
        staging.discard(owner, job.file_name)
        _note(owner, job_id, state=ImportJob.State.DONE, report=report.as_data())


def _unexpected(looking: bool) -> str:
    if looking:
        return _("Something went wrong on our side while reading that file. Nothing was changed.")
    return _(
        "Something went wrong on our side part-way through. What came in so far is kept; "
        "bring the same file in again to add the rest (nothing is doubled)."
    )


def report_of(job: ImportJob) -> Report | None:
    return Report.from_data(job.report) if job.report else None
