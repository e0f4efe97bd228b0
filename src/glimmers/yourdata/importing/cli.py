"""`glimmers import PATH [--format F] [--dry-run]`: bring in a journal from another app."""

from __future__ import annotations

import sys

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from glimmers.cli.base import BadInput, Context, moment_text
from glimmers.yourdata.importing.formats import CHOICES
from glimmers.yourdata.importing.service import ImportFailed, Report, import_journal


def _mapping(text: str | None) -> dict[str, str]:
    """--map text=Note,date=Date → {"text": "Note", "date": "Date"}."""
    if not text:
        return {}
    mapping = {}
    for part in text.split(","):
        name, equals, column = part.partition("=")
        if not equals or not name.strip() or not column.strip():
            raise BadInput(
                _("“%(part)s” in --map should read field=Column, e.g. text=Note.") % {"part": part}
            )
        mapping[name.strip().lower()] = column.strip()
    return mapping


class _Progress:
    """A line on stderr that counts entries as they go by, only when stderr is a terminal:
    first while the file is checked, then while it is written, out of the entries read."""

    def __init__(self, err):
        self.err = err
        self.shown = False

    def __call__(self, stage: str, done: int, total: int | None) -> None:
        if stage == "checking":
            line = _("Checking the file: %(done)s read…") % {"done": f"{done:,}"}
        else:
            line = _("Bringing it in: %(done)s of %(total)s…") % {
                "done": f"{done:,}",
                "total": f"{total:,}",
            }
        self.err.write(f"\r  {line:<50}")
        self.err.flush()
        self.shown = True

    def end(self) -> None:
        if self.shown:
            self.err.write("\r" + " " * 60 + "\r")
            self.err.flush()


def _moment(value) -> str:
    return moment_text(value)


def _glimmers_and_photos(report: Report) -> dict[str, str]:
    return {
        "glimmers": ngettext("%(count)s glimmer", "%(count)s glimmers", report.new)
        % {"count": report.new},
        "photos": ngettext("%(count)s photo", "%(count)s photos", report.photos)
        % {"count": report.photos},
        "format": report.format,
    }


def _describe(ctx: Context, report: Report) -> None:
    would = report.dry_run
    rows: list[tuple[str, str]] = []
    if report.mapping:
        columns = ", ".join(f"{k}={v}" for k, v in report.mapping.items())
        ctx.print(_("Columns: %(columns)s") % {"columns": columns})
    if would:
        ctx.print(_("Dry run (%(format)s): nothing was changed.") % {"format": report.format})
        rows.append(
            (_("would bring in"), _("%(glimmers)s (%(photos)s)") % _glimmers_and_photos(report))
        )
    else:
        ctx.print(
            _("Brought in %(glimmers)s (%(photos)s) from %(format)s.")
            % _glimmers_and_photos(report)
        )
    if report.already:
        rows.append(
            (
                _("already here"),
                _("%(count)s (brought in before; left as they are)") % {"count": report.already},
            )
        )
    if report.earliest is not None:
        span = {"first": _moment(report.earliest), "last": _moment(report.latest)}
        rows.append((_("from"), _("%(first)s to %(last)s") % span))
    for what, count in report.also.items():
        rows.append((_("and"), f"{count} {what}"))
    for reason, count in report.left_out.items():
        rows.append((_("left out"), f"{count}: {reason}"))
    # The values line up in one column, however long the labels are in this language.
    width = max([len(_("would bring in")), *(len(label) for label, _value in rows)])
    for label, value in rows:
        ctx.print(f"  {label.ljust(width)}   {value}")
    if report.first and would:
        ctx.print("")
        ctx.print(_("The first few:"))
        for item in report.first:
            words = " ".join(item.text.split())
            if len(words) > 60:
                words = words[:59] + "…"
            extra = ""
            if item.photos:
                extra = " [%s]" % (
                    ngettext("%(count)s photo", "%(count)s photos", item.photos)
                    % {"count": item.photos}
                )
            ctx.print(f"  {_moment(item.noticed_at)}  {words}{extra}")
    if report.problem_count:
        ctx.print("")
        ctx.print(_("Not brought in (%(count)s):") % {"count": report.problem_count})
        for problem in report.problems:
            ctx.print(f"  {problem.where}: {problem.message}")
        if report.problem_count > len(report.problems):
            more = report.problem_count - len(report.problems)
            ctx.print("  " + _("… and %(count)s more") % {"count": more})


def cmd_import(ctx: Context) -> int:
    args = ctx.args
    options = {
        "jrnl_timeformat": args.jrnl_timeformat,
        "mapping": _mapping(args.map),
        "date_format": args.date_format,
    }
    progress = _Progress(ctx.err) if ctx.err is sys.__stderr__ and ctx.err.isatty() else None
    try:
        report = import_journal(
            ctx.user,
            args.path,
            format_name=args.format,
            dry_run=args.dry_run,
            options=options,
            progress=progress,
        )
    except ImportFailed as problem:
        raise BadInput(_("%(problem)s Nothing was changed.") % {"problem": problem}) from None
    finally:
        if progress is not None:
            progress.end()
    ctx.emit(report.as_data(), lambda: _describe(ctx, report))
    return 0


def add_arguments(parser) -> None:
    parser.add_argument("path", help=_("the file, folder or ZIP to bring in"))
    parser.add_argument(
        "--format",
        choices=CHOICES,
        default="auto",
        help=_("which app it came from (default: auto)"),
    )
    parser.add_argument(
        "--dry-run", action="store_true", help=_("show what would come in, change nothing")
    )
    parser.add_argument(
        "--map", metavar="FIELD=COLUMN,…", help=_("CSV columns: text=Note,date=Date,time=,tags=")
    )
    parser.add_argument(
        "--date-format",
        metavar="FORMAT",
        # argparse formats help with "%" itself (%(default)s): "%%" prints one "%".
        help=_("a CSV's dates, e.g. %(example)s (default: ISO)") % {"example": "%%d/%%m/%%Y"},
    )
    parser.add_argument(
        "--jrnl-timeformat", metavar="FORMAT", help=_("jrnl's timeformat, if not the default")
    )
    parser.add_argument("--json", action="store_true", help=_("output for scripts"))
    parser.set_defaults(handler=cmd_import)


COMMANDS = {"import": add_arguments}
