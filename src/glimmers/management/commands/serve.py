import contextlib
import errno
import gc
import os
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.urls import get_resolver
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from glimmers.server import CannotListen, default_threads, default_workers, serve
from glimmers.staticfiles import prepare as prepare_static_files

# Room for the form around the largest save: six photos at the photo limit.
FORM_ALLOWANCE_BYTES = 1024 * 1024


def cannot_listen_message(host: str, port: int, error: CannotListen) -> str:
    if error.errno == errno.EADDRINUSE:
        return _(
            "Port %(port)s on %(host)s is already in use, so Glimmers cannot listen there. "
            "Perhaps Glimmers is already running: open it in your browser, or stop the "
            "other program, or choose another port with --port (make run PORT=8123)."
        ) % {"port": port, "host": host}
    if error.errno == errno.EACCES:
        return _(
            "Glimmers may not listen on port %(port)s (ports below 1024 usually need "
            "administrator rights). Choose another port with --port."
        ) % {"port": port}
    if error.errno == errno.EADDRNOTAVAIL or error.unknown_host:
        return _("%(host)s is not an address of this machine, so Glimmers cannot listen on it.") % {
            "host": host
        }
    return _("Glimmers cannot listen on %(host)s port %(port)s: %(problem)s.") % {
        "host": host,
        "port": port,
        "problem": error.strerror,
    }


class Command(BaseCommand):
    @property
    def help(self):  # in the person's language, read when the help is shown
        return _(
            "Apply pending migrations, tidy photo files an interrupted save left behind, "
            "finish deleting any account a stop interrupted, then serve Glimmers with a "
            "production WSGI server."
        )

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help=_("Address to listen on."))
        parser.add_argument("--port", type=int, default=8000, help=_("Port to listen on."))
        parser.add_argument(
            "--threads",
            type=int,
            default=None,
            help=_("Threads in each worker process (default: 1 with several workers, 8 with one)."),
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=default_workers(),
            help=_(
                "Worker processes sharing the port (default: one per core, up to 4; "
                "always 1 where the system cannot fork)."
            ),
        )
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help=_(
                "Do not start the reminders worker beside the server (run `glimmers worker` "
                "yourself, or from cron with --once)."
            ),
        )

    def handle(self, *args, **options):
        from glimmers.accounts import setup_code
        from glimmers.journal.forms import MAX_PHOTOS_PER_SAVE
        from glimmers.journal.services import sweep_photo_files
        from glimmers.yourdata.deletion.services import finish_pending as finish_pending_deletions

        if not 0 < options["port"] < 65536:
            raise CommandError(_("--port must be between 1 and 65535."))
        if options["threads"] is None:
            options["threads"] = default_threads(options["workers"])
        if options["threads"] < 1:
            raise CommandError(_("--threads must be at least 1."))
        if options["workers"] < 1:
            raise CommandError(_("--workers must be at least 1."))
        call_command("migrate", interactive=False, verbosity=0)
        # A server stopped hard (power cut, SIGKILL) between writing a photo's
        # files and committing its row leaves files nothing refers to.
        swept = sweep_photo_files()
        if swept:
            self.stdout.write(
                ngettext(
                    "Removed %(count)s photo file left by an interrupted save or delete.",
                    "Removed %(count)s photo files left by an interrupted save or delete.",
                    len(swept),
                )
                % {"count": len(swept)}
            )
        # An account its owner asked to delete while the server stopped.
        finished = finish_pending_deletions()
        if finished:
            self.stdout.write(
                ngettext(
                    "Finished deleting %(count)s account a stop had interrupted.",
                    "Finished deleting %(count)s accounts a stop had interrupted.",
                    finished,
                )
                % {"count": finished}
            )
        # Hashed, pre-compressed static files, once per version, before the app loads
        # (whitenoise lists the files when it starts): glimmers/staticfiles.py.
        prepare_static_files(self.stdout.write)
        from glimmers.wsgi import application

        url = f"http://{options['host']}:{options['port']}"
        reminders = []

        def listening():
            if not options["no_worker"]:
                reminders.append(start_reminders_worker())
            self.stdout.write(
                _("Glimmers is open at %(url)s  (data: %(folder)s)")
                % {"url": url, "folder": settings.DATA_DIR}
            )
            setup_code.announce(self.stdout.write)  # first run: the code the welcome page asks
            if settings.BEHIND_PROXY:
                proxies = ", ".join(settings.TRUSTED_PROXIES)
                self.stdout.write(
                    _("Behind a proxy: trusting X-Forwarded-For/-Proto from %(proxies)s.")
                    % {"proxies": proxies}
                )
            self.stdout.write(_("Press Ctrl+C to stop."))
            self.stdout.flush()

        _freeze_what_is_loaded()
        try:
            serve(
                application,
                host=options["host"],
                port=options["port"],
                threads=options["threads"],
                workers=options["workers"],
                max_body=MAX_PHOTOS_PER_SAVE * settings.PHOTO_MAX_BYTES + FORM_ALLOWANCE_BYTES,
                request_timeout=settings.REQUEST_TIMEOUT_SECONDS,
                listening=listening,
            )
        except CannotListen as error:
            raise CommandError(
                cannot_listen_message(options["host"], options["port"], error)
            ) from None
        finally:
            for worker in reminders:
                stop_reminders_worker(worker)


def start_reminders_worker() -> subprocess.Popen:
    """`glimmers worker` beside the server, so reminders go out with `make run` alone.

    A process of its own (never a thread of this one, which forks the web
    workers); it stops when the server does, and by itself if the server is
    killed outright (--parent).
    """
    return subprocess.Popen(  # noqa: S603 - our own interpreter and command
        [sys.executable, "-m", "glimmers", "worker", "--parent", str(os.getpid())],
        env=os.environ.copy(),
    )


def stop_reminders_worker(worker: subprocess.Popen) -> None:
    if worker.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        worker.terminate()
    try:
        worker.wait(timeout=30)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait(timeout=10)


def _freeze_what_is_loaded() -> None:
    """Keep Python's collector off what lives as long as the server.

    Settings, apps, models, every view (imported here through the URLconf):
    walking them made each of a worker's full collections a 30–40 ms pause in
    the middle of some request (docs/decisions.md, "The glimmer card").
    Frozen before the workers fork, they are skipped, and the pages the
    workers share stay shared, as Python's gc.freeze() documentation advises.
    """
    get_resolver().url_patterns  # noqa: B018 - imports every view
    gc.collect()
    gc.freeze()
