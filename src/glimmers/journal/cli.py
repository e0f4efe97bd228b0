"""Journal commands: add, tally, list, search, show, edit, delete, trigger.

Each one validates through journal/forms.py and writes through
journal/services.py, exactly like the web pages and the API.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import tempfile

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from glimmers.cli.base import (
    UNREADABLE,
    BadInput,
    Context,
    checked_text,
    moment_text,
    read_stdin,
)
from glimmers.journal import queries, serialize, services
from glimmers.journal.forms import JournalFilterForm, PlainGlimmerForm, TriggerForm
from glimmers.journal.models import Glimmer, Kind, State
from glimmers.journal.when import UnreadableWhen, parse_day, parse_when

STATE_WORDS = {
    "safe": State.SAFE,
    "mobilized": State.MOBILIZED,
    "mobilised": State.MOBILIZED,
    "shutdown": State.SHUTDOWN,
    "shut-down": State.SHUTDOWN,
    "unsure": State.UNSURE,
}


# ---------------------------------------------------------------------------
# Shared bits
# ---------------------------------------------------------------------------


def _state(value: str) -> str:
    key = value.strip().lower()
    if key not in STATE_WORDS:
        raise BadInput(
            _("“%(value)s” isn't a state; use one of: safe, mobilized, shutdown, unsure.")
            % {"value": value}
        )
    return STATE_WORDS[key]


def _when(text: str) -> object:
    try:
        return parse_when(text, timezone.localtime())
    except UnreadableWhen as problem:
        raise BadInput(str(problem)) from None


def _day(text: str):
    try:
        return parse_day(text, timezone.localtime())
    except UnreadableWhen as problem:
        raise BadInput(str(problem)) from None


def _how_many(n: int) -> int:
    if not 1 <= n <= 10_000:
        raise BadInput(_("-n must be between 1 and 10000."))
    return n


def _form_problems(errors: dict[str, list[str]]) -> BadInput:
    lines = [f"{name}: {message}" for name, messages in errors.items() for message in messages]
    return BadInput("; ".join(lines))


def find_glimmer(user, short_id: str) -> Glimmer:
    """A glimmer by its full id or the start of it (at least 4 characters)."""
    wanted = short_id.strip().lower().replace("-", "")
    if len(wanted) < 4 or any(c not in "0123456789abcdef" for c in wanted):
        raise BadInput(
            _("“%(id)s” isn't a glimmer id; `glimmers list` shows them.") % {"id": short_id}
        )
    rows = queries.glimmers(user)
    if len(wanted) == 32:
        matches = list(rows.filter(pk=wanted)[:1])
    else:
        # The first 8 hex digits sit before the first hyphen on every database.
        matches = [
            g for g in rows.filter(id__startswith=wanted[:8])[:50] if g.id.hex.startswith(wanted)
        ]
    if not matches:
        raise BadInput(_("You have no glimmer with the id %(id)s.") % {"id": short_id})
    if len(matches) > 1:
        raise BadInput(
            _("More than one glimmer starts with %(id)s; give more of the id.") % {"id": short_id}
        )
    return queries.get_glimmer(user, matches[0].pk)


def _one_line(glimmer: Glimmer, width: int = 0) -> str:
    """The short id, the moment (in the person's language) and the start of the words."""
    moment = moment_text(glimmer.noticed_at)
    text = " ".join(glimmer.text.split()) or _("(counted, no words yet)")
    if len(text) > 70:
        text = text[:69] + "…"
    return f"{glimmer.short_id}  {moment.ljust(width)}  {text}"


def _shift(glimmer: Glimmer) -> str:
    if not (glimmer.state_before or glimmer.state_after):
        return ""
    before = glimmer.get_state_before_display() or "—"
    return f"{before} → {glimmer.get_state_after_display() or '—'}"


def _full(ctx: Context, glimmer: Glimmer) -> None:
    data = serialize.glimmer_data(glimmer)
    ctx.print(glimmer.text or _("(counted, no words yet)"))
    ctx.print()
    anchored = ""
    if glimmer.anchored_seconds:
        anchored = _("%(seconds)s s") % {"seconds": glimmer.anchored_seconds}
    details = [
        (pgettext("glimmers show", "id"), str(glimmer.pk)),
        (pgettext("glimmers show", "when"), _when_text(glimmer)),
        (pgettext("glimmers show", "kind"), str(glimmer.get_kind_display())),
        (pgettext("glimmers show", "senses"), ", ".join(data["senses"])),
        (pgettext("glimmers show", "body"), ", ".join(data["body_cues"])),
        (pgettext("glimmers show", "shift"), _shift(glimmer)),
        (pgettext("glimmers show", "place"), glimmer.place),
        (pgettext("glimmers show", "people"), ", ".join(data["people"])),
        (pgettext("glimmers show", "values"), ", ".join(data["values"])),
        (pgettext("glimmers show", "tags"), " ".join(f"#{t}" for t in data["tags"])),
        (pgettext("glimmers show", "thanks"), glimmer.gratitude),
        (pgettext("glimmers show", "anchored"), anchored),
        (pgettext("glimmers show", "reliable"), _("yes") if glimmer.reliable else ""),
        (pgettext("glimmers show", "photos"), str(len(data["photos"])) if data["photos"] else ""),
    ]
    width = max(len(label) for label, _value in details)
    for label, value in details:
        if value:
            ctx.print(f"  {label.ljust(width)}  {value}")


def _when_text(glimmer: Glimmer) -> str:
    """ "Sunday 22 November 2026, 05:04", in the person's language."""
    from django.utils.formats import date_format

    return date_format(timezone.localtime(glimmer.noticed_at), "l j E Y, H:i")


def _add_detail_options(parser, *, editing: bool = False) -> None:
    parser.add_argument(
        "--sense", action="append", metavar="SENSE", help=_("sight, sound, … (repeat)")
    )
    parser.add_argument("--cue", action="append", metavar="CUE", help=_("a body cue (repeat)"))
    parser.add_argument("--at", metavar="WHEN", help=_('"this morning", "yesterday 7pm", ISO…'))
    parser.add_argument("--value", action="append", metavar="NAME", help=_("a value (repeat)"))
    parser.add_argument("--person", action="append", metavar="NAME", help=_("someone (repeat)"))
    parser.add_argument("--place", metavar="PLACE")
    states = _("safe, mobilized, shutdown, unsure")
    parser.add_argument("--before", metavar="STATE", help=states)
    parser.add_argument("--after", metavar="STATE", help=states)
    parser.add_argument("--gratitude", metavar="TEXT", help=_("a note of thanks"))
    parser.add_argument(
        "--kind", choices=[k.value for k in Kind], help=_("noticed, remembered, story")
    )
    parser.add_argument(
        "--reliable", action="store_true", default=None, help=_("it reliably helps me")
    )
    if editing:
        parser.add_argument("--not-reliable", dest="reliable", action="store_false")
    parser.add_argument("--json", action="store_true", help=_("print JSON"))


def _values_from(args) -> dict:
    values: dict = {}
    if args.sense:
        values["senses"] = args.sense
    if args.cue:
        values["body_cues"] = args.cue
    if args.at:
        values["noticed_at"] = _when(args.at)
    if args.value:
        values["values"] = args.value
    if args.person:
        values["people"] = args.person
    if args.place is not None:
        values["place"] = args.place
    if args.before:
        values["state_before"] = _state(args.before)
    if args.after:
        values["state_after"] = _state(args.after)
    if args.gratitude is not None:
        values["gratitude"] = args.gratitude
    if args.kind:
        values["kind"] = args.kind
    if args.reliable is not None:
        values["reliable"] = args.reliable
    return values


def _save(ctx: Context, values: dict, glimmer: Glimmer | None = None) -> Glimmer:
    form = PlainGlimmerForm(values, owner=ctx.user, instance=glimmer, require_words=False)
    if not form.is_valid():
        raise _form_problems(form.plain_errors())
    try:
        return services.save_glimmer(ctx.user, form.cleaned_data, glimmer=glimmer)
    except ValidationError as problem:
        raise BadInput("; ".join(problem.messages)) from None


def _as_kept(ctx: Context, saved: Glimmer):
    """For --json: the saved glimmer as the API shows it, read back with its details."""
    return lambda: serialize.glimmer_data(queries.get_glimmer(ctx.user, saved.pk))


# ---------------------------------------------------------------------------
# add
# ---------------------------------------------------------------------------


def add(ctx: Context) -> int:
    args = ctx.args
    text = " ".join(args.text) if args.text else read_stdin()
    if not text.strip():
        raise BadInput(_("Nothing to add: give a few words, or use `glimmers tally` to count one."))
    values = {"text": text.strip(), **_values_from(args)}
    glimmer = _save(ctx, values)

    def human():
        # Only the short id on standard output, for scripts; a word to a person at a terminal.
        ctx.print(glimmer.short_id)
        if _is_terminal(ctx.err):
            ctx.err.write(
                _("Kept. `glimmers show %(id)s` shows it again.") % {"id": glimmer.short_id}
            )
            ctx.err.write("\n")

    ctx.emit(_as_kept(ctx, glimmer), human)
    return 0


def _is_terminal(stream) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def tally(ctx: Context) -> int:
    count = ctx.args.count
    if not 1 <= count <= 100:
        raise BadInput(_("Count between 1 and 100 at a time."))
    made = services.tally(ctx.user, count)
    today = queries.todays_glimmers(ctx.user).count()

    def human():
        counted = _("Counted %(count)s.") % {"count": count}
        so_far = ngettext("%(count)s glimmer today.", "%(count)s glimmers today.", today) % {
            "count": today
        }
        ctx.print(f"{counted} {so_far}")

    ctx.emit({"counted": count, "today": today, "ids": [g.pk for g in made]}, human)
    return 0


# ---------------------------------------------------------------------------
# list and search
# ---------------------------------------------------------------------------


def _named_id(rows: QuerySet, name: str) -> int | str:
    """The id of the person's own value or person called ``name`` (in any case).

    A name they don't have is passed on as it is, for the filter form to refuse
    as the web does.
    """
    found = rows.named(name).first()
    return name if found is None else found.pk


def _filter_problems(form: JournalFilterForm) -> BadInput:
    """The filter form's refusals, each after the option it is about (``--until: …``)."""
    lines = [
        (f"--{name}: " if name not in ("q", "__all__") else "") + message
        for name, messages in form.errors.items()
        for message in messages
    ]
    return BadInput(" ".join(lines))


def _filtered(ctx: Context, data: dict) -> queries.JournalFilter:
    """What to show, checked by the journal page's own filter form (and the API's)."""
    form = JournalFilterForm(data, owner=ctx.user)
    if not form.is_valid():
        raise _filter_problems(form)
    return form.journal_filter()


def _print_list(ctx: Context, items: list[Glimmer], empty: str) -> None:
    def human():
        if not items:
            ctx.print(empty)
        # The moments line up, however long each month's name is in this language.
        width = max((len(moment_text(g.noticed_at)) for g in items), default=0)
        for glimmer in items:
            ctx.print(_one_line(glimmer, width))

    ctx.emit([serialize.glimmer_data(g) for g in items], human)


def list_glimmers(ctx: Context) -> int:
    args = ctx.args
    user = ctx.user
    size = _how_many(args.n)
    # The options in the form's terms: days read from phrases ("last week"),
    # names turned into the ids the web's choices hold.
    data = {"sense": args.sense and args.sense.lower(), "tag": args.tag, "kind": args.kind}
    if args.value:
        data["value"] = _named_id(queries.values(user), args.value)
    if args.person:
        data["person"] = _named_id(queries.people(user), args.person)
    if args.since:
        data["since"] = _day(args.since).isoformat()
    if args.until:
        data["until"] = _day(args.until).isoformat()
    wanted = _filtered(ctx, {name: value for name, value in data.items() if value})
    page = queries.timeline_page(user, wanted, size=size)
    empty = _("No glimmers match that.") if wanted.active else _("No glimmers yet.")
    _print_list(ctx, page.items, empty)
    return 0


def search(ctx: Context) -> int:
    query = " ".join(ctx.args.query)
    size = _how_many(ctx.args.n)
    if not query.strip():
        raise BadInput(_("Search for at least one word."))
    page = queries.timeline_page(ctx.user, _filtered(ctx, {"q": query}), size=size)
    _print_list(ctx, page.items, _("Nothing found for “%(query)s”.") % {"query": query})
    return 0


# ---------------------------------------------------------------------------
# show, edit, delete
# ---------------------------------------------------------------------------


def show(ctx: Context) -> int:
    glimmer = find_glimmer(ctx.user, ctx.args.id)
    ctx.emit(serialize.glimmer_data(glimmer), lambda: _full(ctx, glimmer))
    return 0


def _edit_in_editor(text: str) -> str:
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not editor:
        raise BadInput(_("Set $EDITOR, or give the new text: glimmers edit ID --text '…'."))
    with tempfile.NamedTemporaryFile("w+", suffix=".txt", delete=False, encoding="utf-8") as f:
        f.write(text + "\n")
        path = f.name
    try:
        try:
            command = [*shlex.split(editor), path]
            result = subprocess.run(command, check=False)  # noqa: S603
        except (OSError, ValueError):
            raise BadInput(
                _("Can't start the editor “%(editor)s”; nothing was changed.") % {"editor": editor}
            ) from None
        if result.returncode != 0:
            raise BadInput(_("The editor quit with an error; nothing was changed."))
        with open(path, "rb") as handle:
            saved = handle.read()
        try:
            return checked_text(saved.decode("utf-8")).strip()
        except UnicodeDecodeError:
            raise BadInput(UNREADABLE) from None
    finally:
        os.unlink(path)


def edit(ctx: Context) -> int:
    args = ctx.args
    glimmer = find_glimmer(ctx.user, args.id)
    values = _values_from(args)
    if args.text is not None:
        values["text"] = args.text
    elif not values:
        new_text = _edit_in_editor(glimmer.text)
        if new_text == glimmer.text:
            ctx.print(_("No change."))
            return 0
        if not new_text:
            # As with an empty commit message: an emptied file means "stop".
            raise BadInput(
                _(
                    "The text came back empty, so nothing was changed. "
                    "To keep it without words: glimmers edit ID --text ''."
                )
            )
        values["text"] = new_text
    glimmer = _save(ctx, values, glimmer)
    ctx.emit(
        _as_kept(ctx, glimmer), lambda: ctx.print(_("Saved %(id)s.") % {"id": glimmer.short_id})
    )
    return 0


def delete(ctx: Context) -> int:
    glimmer = find_glimmer(ctx.user, ctx.args.id)
    if not ctx.args.yes:
        if sys.stdin is None or not sys.stdin.isatty():
            raise BadInput(_("Add --yes to delete without being asked."))
        ctx.err.write(_("Delete “%(glimmer)s” for good? [y/N] ") % {"glimmer": _one_line(glimmer)})
        ctx.err.flush()
        try:
            answer = sys.stdin.readline()  # "" at end of input (Ctrl-D): keep it
        except UnicodeDecodeError:
            answer = ""  # not a yes we can read: keep it
        yes = {"y", "yes", pgettext("answer", "y"), pgettext("answer", "yes")}
        if answer.strip().lower() not in yes:
            ctx.print(_("Kept."))
            return 0
    glimmer_id = glimmer.pk
    services.delete_glimmer(ctx.user, glimmer)
    ctx.emit({"deleted": glimmer_id}, lambda: ctx.print(_("Deleted.")))
    return 0


# ---------------------------------------------------------------------------
# trigger
# ---------------------------------------------------------------------------


def trigger(ctx: Context) -> int:
    args = ctx.args
    text = " ".join(args.text).strip()
    if not text:
        raise BadInput(_("Say a few words about what happened."))
    data = {"text": text}
    if args.at:
        data["occurred_at"] = _when(args.at)
    if args.toward:
        data["pushed_toward"] = _state(args.toward)
    if args.intensity is not None:
        data["intensity"] = args.intensity
    form = TriggerForm(data=data, owner=ctx.user)
    if not form.is_valid():
        raise _form_problems({k: [str(m) for m in v] for k, v in form.errors.items()})
    saved = services.save_trigger(ctx.user, form.cleaned_data)
    saved = queries.get_trigger(ctx.user, saved.pk)

    def human():
        ctx.print(_("Noted (%(id)s). That sounded hard.") % {"id": saved.pk.hex[:8]})
        reliable = queries.glimmers(ctx.user).filter(reliable=True).exists()
        if reliable:
            ctx.print(_("If it helps: `glimmers list` holds your glimmers, the reliable ones too."))

    ctx.emit(serialize.trigger_data(saved), human)
    return 0


# ---------------------------------------------------------------------------
# Parsers
# ---------------------------------------------------------------------------


def _add_arguments(p):
    p.add_argument("text", nargs="*", help=_("the words (or pipe them in)"))
    _add_detail_options(p)
    p.set_defaults(handler=add)


def _tally_arguments(p):
    p.add_argument("count", nargs="?", type=int, default=1)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=tally)


def _list_arguments(p):
    p.add_argument("--since", metavar="DAY")
    p.add_argument("--until", metavar="DAY")
    p.add_argument("--sense")
    p.add_argument("--tag")
    p.add_argument("--value", metavar="NAME")
    p.add_argument("--person", metavar="NAME")
    p.add_argument("--kind", help=", ".join(Kind.values))
    p.add_argument("-n", type=int, default=20, help=_("how many (default 20)"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=list_glimmers)


def _search_arguments(p):
    p.add_argument("query", nargs="+")
    p.add_argument("-n", type=int, default=50)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=search)


def _show_arguments(p):
    p.add_argument("id")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=show)


def _edit_arguments(p):
    p.add_argument("id")
    p.add_argument("--text", help=_("new text (without it, and without options, opens $EDITOR)"))
    _add_detail_options(p, editing=True)
    p.set_defaults(handler=edit)


def _delete_arguments(p):
    p.add_argument("id")
    p.add_argument("--yes", action="store_true", help=_("don't ask"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=delete)


def _trigger_arguments(p):
    p.add_argument("text", nargs="*")
    p.add_argument("--at", metavar="WHEN")
    p.add_argument("--toward", metavar="STATE", help=_("the state it pushed you toward"))
    p.add_argument("--intensity", type=int, metavar="0-10")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=trigger)


COMMANDS = {
    "add": _add_arguments,
    "tally": _tally_arguments,
    "list": _list_arguments,
    "search": _search_arguments,
    "show": _show_arguments,
    "edit": _edit_arguments,
    "delete": _delete_arguments,
    "trigger": _trigger_arguments,
}
