"""`glimmers worker`: send the reminders that are due, again and again (or once, for cron).

Several may run at once, on one machine or many: each reminder is claimed by
one of them (reminders/delivery.py). `glimmers serve` starts one beside the
web server unless told not to (--no-worker).
"""

from __future__ import annotations

import os
import signal
import threading
import time
from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, close_old_connections, connections
from django.utils.translation import gettext as _

from glimmers.reminders import delivery


class Command(BaseCommand):
    @property
    def help(self):  # in the person's language, read when the help is shown
        return _(
            "Send the reminders that are due (e-mail, notifications), one pass every "
            "--interval seconds; --once for a single pass (cron). Safe to run several at once."
        )

    def add_arguments(self, parser):
        parser.add_argument(
            "--once", action="store_true", help=_("One pass, then stop (for cron or a timer).")
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=None,
            help=_("Seconds between passes (default: GLIMMERS_WORKER_INTERVAL, 30)."),
        )
        parser.add_argument(
            "--batch",
            type=int,
            default=delivery.BATCH,
            help=_("How many due reminders one claim takes (default 50)."),
        )
        parser.add_argument(
            "--parent",
            type=int,
            default=None,
            metavar="PID",
            help=_(
                "Stop when process PID, which started this one, ends (`glimmers serve` uses it)."
            ),
        )
        parser.add_argument(
            "--lease",
            type=float,
            default=delivery.LEASE.total_seconds(),
            help=_(
                "Seconds a claimed reminder stays this worker's; after that, if this worker "
                "stopped mid-send, another may send it (default 120)."
            ),
        )

    def handle(self, *args, **options):
        interval = options["interval"] or settings.WORKER_INTERVAL_SECONDS
        if interval <= 0 or options["lease"] <= 0:
            raise CommandError(_("--interval and --lease must be more than 0 seconds."))
        if options["batch"] < 1:
            raise CommandError(_("--batch must be at least 1."))
        lease = timedelta(seconds=options["lease"])
        name = delivery.worker_name()
        if options["once"]:
            self._report(delivery.run_pass(name, lease=lease, batch=options["batch"]))
            connections.close_all()
            return
        stopping = threading.Event()
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stopping.set())
        if options["parent"] is not None:
            # The pid is given, not read here: the server may be gone before we get this far.
            parent = options["parent"]
            threading.Thread(
                target=_stop_when_orphaned, args=(parent, stopping), daemon=True
            ).start()
        self.stdout.write(
            _("Reminders worker %(name)s: a pass every %(seconds)s s. Ctrl+C stops it.")
            % {"name": name, "seconds": f"{interval:g}"}
        )
        self.stdout.flush()
        while not stopping.is_set():
            started = time.monotonic()
            try:
                self._report(delivery.run_pass(name, lease=lease, batch=options["batch"]))
            except DatabaseError as error:
                # The database went away for a moment (a restart): try again next pass.
                self.stderr.write(
                    _("Reminders worker: the database did not answer (%(error)s).")
                    % {"error": error}
                )
                close_old_connections()
                connections.close_all()
            stopping.wait(max(0.0, interval - (time.monotonic() - started)))
        connections.close_all()

    def _report(self, done: delivery.Pass) -> None:
        if done.claimed:
            self.stdout.write(
                _(
                    "Reminders: %(sent)s sent, %(dropped)s not sent (late or no longer wanted), "
                    "%(retrying)s to try again."
                )
                % {
                    "sent": len(done.sent),
                    "dropped": len(done.dropped),
                    "retrying": len(done.retrying),
                }
            )
            self.stdout.flush()


def _stop_when_orphaned(parent: int, stopping: threading.Event) -> None:
    while not stopping.is_set() and os.getppid() == parent:
        stopping.wait(1.0)
    stopping.set()
