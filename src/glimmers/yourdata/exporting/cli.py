"""`glimmers export`: take your journal out, as JSON, Markdown, CSV or a PDF.

The file is written beside its final name and moved into place only when it
is complete, so a failure part-way never leaves half an export that looks
whole. Without -o, JSON, CSV and the Markdown ZIP go to standard output when
it is a pipe or a file (never to a terminal, where bytes would be noise).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _

from glimmers.cli.base import BadInput, Context
from glimmers.journal.when import UnreadableWhen, parse_day
from glimmers.yourdata.exporting import formats


def _day(text: str | None):
    if not text:
        return None
    try:
        return parse_day(text, timezone.localtime())
    except UnreadableWhen as problem:
        raise BadInput(str(problem)) from None


def _write_to(path: Path, write) -> None:
    """Call ``write(binary file)`` on a temporary file next to ``path``, then move it there."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise BadInput(_("There is no folder %(folder)s to write into.") % {"folder": folder})
    try:
        fd, part = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".part")
    except OSError as problem:
        raise BadInput(
            _("Can't write in %(folder)s (%(problem)s).")
            % {"folder": folder, "problem": problem.strerror}
        ) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
        os.replace(part, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(part)
        raise


def _binary_stdout(ctx: Context):
    stream = getattr(ctx.out, "buffer", None)
    is_terminal = getattr(ctx.out, "isatty", lambda: False)()
    if stream is None or is_terminal:
        raise BadInput(
            _(
                "An export is a file: say where to write it with -o PATH "
                "(for example -o glimmers.zip), or pipe it somewhere."
            )
        )
    return stream


def export(ctx: Context) -> int:
    args = ctx.args
    fmt = args.format
    path = Path(args.output).expanduser() if args.output else None
    if fmt == "pdf":
        since, until = _day(args.since), _day(args.until)
        if since and until and since > until:
            raise BadInput(_("--since is after --until; swap them round."))

        def pdf(out) -> None:
            try:
                formats.write_pdf(
                    ctx.user,
                    out,
                    since=since,
                    until=until,
                    tag=args.tag,
                    reliable_only=args.reliable,
                )
            except formats.PdfNotAvailable as problem:
                raise BadInput(str(problem)) from None

        if path is None:
            stream = _binary_stdout(ctx)
            pdf(stream)
        else:
            _write_to(path, pdf)
            print(_("Your scrapbook is in %(path)s.") % {"path": path}, file=ctx.err)
        return 0
    if any((args.since, args.until, args.tag, args.reliable)):
        raise BadInput(_("--since, --until, --tag and --reliable are for --format pdf."))
    made = formats.export_for(ctx.user, fmt)

    def write(out) -> None:
        for chunk in made.chunks:
            out.write(chunk)

    if path is None:
        stream = _binary_stdout(ctx)
        write(stream)
        stream.flush()
        return 0
    _write_to(path, write)
    if fmt == "json" and made.is_zip:
        done = _("Your journal is in %(path)s (a ZIP, with your photos).")
    else:
        done = _("Your journal is in %(path)s.")
    print(done % {"path": path}, file=ctx.err)
    return 0


def _export_arguments(p):
    p.add_argument(
        "--format",
        "-f",
        choices=formats.FORMATS,
        default="json",
        help=_("json, markdown, csv, pdf"),
    )
    p.add_argument("-o", "--output", metavar="PATH", help=_("the file to write"))
    p.add_argument("--since", metavar="DAY", help=_("PDF: from this day"))
    p.add_argument("--until", metavar="DAY", help=_("PDF: up to this day"))
    p.add_argument("--tag", metavar="TAG", help=_("PDF: only glimmers with this #tag"))
    p.add_argument("--reliable", action="store_true", help=_("PDF: only my reliable glimmers"))
    p.set_defaults(handler=export)


COMMANDS = {"export": _export_arguments}
