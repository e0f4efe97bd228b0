"""`glimmers import PATH [--format F] [--dry-run]`: bring in a journal from another app."""

from __future__ import annotations

import sys

from django.utils import timezone

from glimmers.cli.base import BadInput, Context
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
            raise BadInput(f"“{part}” in --map should read field=Column, e.g. text=Note.")
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
            line = f"Checking the file: {done:,} read…"
        else:
            line = f"Bringing it in: {done:,} of {total:,}…"
        self.err.write(f"\r  {line:<50}")
        self.err.flush()
        self.shown = True

    def end(self) -> None:
        if self.shown:
            self.err.write("\r" + " " * 60 + "\r")
            self.err.flush()


def _moment(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


def _describe(ctx: Context, report: Report) -> None:
    would = report.dry_run
    if report.mapping:
        ctx.print("Columns: " + ", ".join(f"{k}={v}" for k, v in report.mapping.items()))
    if would:
        ctx.print(f"Dry run ({report.format}): nothing was changed.")
        ctx.print(f"  would bring in   {report.new} glimmers ({report.photos} photos)")
    else:
        ctx.print(
            f"Brought in {report.new} glimmers ({report.photos} photos) from {report.format}."
        )
    if report.already:
        ctx.print(f"  already here     {report.already} (brought in before; left as they are)")
    if report.earliest is not None:
        ctx.print(f"  from             {_moment(report.earliest)} to {_moment(report.latest)}")
    for what, count in report.also.items():
        ctx.print(f"  and              {count} {what}")
    for reason, count in report.left_out.items():
        ctx.print(f"  left out         {count}: {reason}")
    if report.first and would:
        ctx.print("")
        ctx.print("The first few:")
        for item in report.first:
            words = " ".join(item.text.split())
            if len(words) > 60:
                words = words[:59] + "…"
            extra = f" [{item.photos} photo(s)]" if item.photos else ""
            ctx.print(f"  {_moment(item.noticed_at)}  {words}{extra}")
    if report.problem_count:
        ctx.print("")
        ctx.print(f"Not brought in ({report.problem_count}):")
        for problem in report.problems:
            ctx.print(f"  {problem.where}: {problem.message}")
        if report.problem_count > len(report.problems):
            ctx.print(f"  … and {report.problem_count - len(report.problems)} more")


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
        raise BadInput(f"{problem} Nothing was changed.") from None
    finally:
        if progress is not None:
            progress.end()
    ctx.emit(report.as_data(), lambda: _describe(ctx, report))
    return 0


def add_arguments(parser) -> None:
    parser.add_argument("path", help="the file, folder or ZIP to bring in")
    parser.add_argument(
        "--format", choices=CHOICES, default="auto", help="which app it came from (default: auto)"
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="show what would come in, change nothing"
    )
    parser.add_argument(
        "--map", metavar="FIELD=COLUMN,…", help="CSV columns: text=Note,date=Date,time=,tags="
    )
    parser.add_argument(
        "--date-format", metavar="FORMAT", help="a CSV's dates, e.g. %%d/%%m/%%Y (default: ISO)"
    )
    parser.add_argument(
        "--jrnl-timeformat", metavar="FORMAT", help="jrnl's timeformat, if not the default"
    )
    parser.add_argument("--json", action="store_true", help="output for scripts")
    parser.set_defaults(handler=cmd_import)


COMMANDS = {"import": add_arguments}
