"""`glimmers circles` and `glimmers share`: your circles, and sharing a glimmer with them.

The same queries, form and services as the circle pages and the API: a circle
is one you are in (access.circles), a glimmer one of your own, and anything
else is "not found", as everywhere.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from glimmers.access import circles
from glimmers.circles import queries, serialize, services
from glimmers.circles.forms import ShareForm
from glimmers.circles.models import Circle
from glimmers.cli.base import BadInput, Context, day_text
from glimmers.journal.cli import find_glimmer

WHAT_GOES = (
    ("with_senses", gettext_lazy("its senses and body cues")),
    ("with_people", gettext_lazy("the names of people in it")),
    ("with_photos", gettext_lazy("its photos")),
)


def find_circle(user, wanted: str) -> Circle:
    """One of the person's circles by its name (in any case) or the start of its id."""
    text = " ".join(wanted.split())
    if not text:
        raise BadInput(_("Say which circle: its name or id, as `glimmers circles` shows them."))
    mine = list(circles(user).order_by("name"))
    named = [circle for circle in mine if circle.name.casefold() == text.casefold()]
    if len(named) > 1:
        raise BadInput(
            _("More than one of your circles is called “%(name)s”; use its id.") % {"name": text}
        )
    if named:
        return named[0]
    hex_id = text.lower().replace("-", "")
    if len(hex_id) >= 4 and all(c in "0123456789abcdef" for c in hex_id):
        by_id = [circle for circle in mine if circle.pk.hex.startswith(hex_id)]
        if len(by_id) > 1:
            raise BadInput(
                _("More than one of your circles starts with %(id)s; give more of it.")
                % {"id": text}
            )
        if by_id:
            return by_id[0]
    raise BadInput(
        _("You are in no circle called “%(name)s”; `glimmers circles` lists yours.")
        % {"name": text}
    )


def _short(circle_id) -> str:
    return str(circle_id).replace("-", "")[:8]


# ---------------------------------------------------------------------------
# glimmers circles [show NAME]
# ---------------------------------------------------------------------------


def list_circles(ctx: Context) -> int:
    entries = queries.my_circles(ctx.user)
    data = [
        serialize.circle_data(entry, queries.people_in(ctx.user, entry["circle"]))
        for entry in entries
    ]

    def human():
        if not data:
            ctx.print(_("You are in no circle yet. Make one, or join with a code, on the web."))
        for circle in data:
            marks = [_("you keep it")] if circle["keeper"] else []
            if circle["new"]:
                marks.append(_("new since you looked"))
            people = ", ".join(_person(person) for person in circle["members"])
            extra = f"  ({'; '.join(marks)})" if marks else ""
            ctx.print(f"{_short(circle['id'])}  {circle['name']}{extra}")
            ctx.print("          " + _("with %(people)s") % {"people": people})

    ctx.emit(data, human)
    return 0


def _person(person: dict) -> str:
    if person["me"]:
        return _("you")
    if person["keeper"]:
        return _("%(name)s (keeps it)") % {"name": person["name"]}
    return person["name"]


def _card_lines(card) -> list[str]:
    day = day_text(card.day) if card.day else _("a remembered day")
    who = _("you") if card.mine else card.author
    new = "  · " + _("new") if card.new else ""
    words = " ".join(card.text.split()) or _("(counted, no words yet)")
    lines = [f"{day}  {who}{new}", f"  {words}"]
    if card.senses or card.body_cues:
        lines.append(
            "  " + _("senses: %(senses)s") % {"senses": ", ".join(card.senses + card.body_cues)}
        )
    if card.people:
        lines.append("  " + _("with: %(people)s") % {"people": ", ".join(card.people)})
    if card.photos:
        lines.append("  " + _("photos: %(count)s (on the web)") % {"count": len(card.photos)})
    for reply in card.replies:
        writer = _("you") if reply.mine else reply.author
        if reply.hidden:
            line = _("%(who)s noticed: %(glimmer)s (hidden)")
        else:
            line = _("%(who)s noticed: %(glimmer)s")
        lines.append("  ↳ " + line % {"who": writer, "glimmer": reply.noticed})
    return lines


def show_circle(ctx: Context) -> int:
    args = ctx.args
    if not 1 <= args.n <= 100:
        raise BadInput(_("-n must be between 1 and 100."))
    circle = find_circle(ctx.user, " ".join(args.circle))
    cards, next_cursor = queries.shared_page(ctx.user, circle, size=args.n)
    # Looking here is looking: what is shown is no longer "new" next time.
    services.looked(ctx.user, circle)

    def data():
        return {
            "circle": serialize.circle_data(
                {"circle": circle, "keeper": circle.owner_id == ctx.user.pk, "new": False},
                queries.people_in(ctx.user, circle),
            ),
            "glimmers": [serialize.shared_data(card) for card in cards],
            "more": next_cursor is not None,
        }

    def human():
        ctx.print(circle.name)
        if not cards:
            ctx.print(_("Nothing is shared here yet. Share one: glimmers share ID --with NAME"))
        for card in cards:
            ctx.print()
            for line in _card_lines(card):
                ctx.print(line)
        if next_cursor:
            ctx.print()
            ctx.print(
                _("Older ones are on the web, or: glimmers circles show … -n %(n)s")
                % {"n": args.n * 2}
            )

    ctx.emit(data, human)
    return 0


# ---------------------------------------------------------------------------
# glimmers share ID [--with CIRCLE …] [--stop]
# ---------------------------------------------------------------------------


def _shares_data(user, glimmer) -> list[dict]:
    shares = sorted(queries.shared_with(user, glimmer).values(), key=lambda s: s.circle.name)
    return [serialize.share_data(share, share.circle.name) for share in shares]


def _what_goes(share: dict) -> str:
    chosen = [str(words) for name, words in WHAT_GOES if share[name]]
    if not chosen:
        return _("its words only")
    return _("with %(what)s") % {"what": ", ".join(chosen)}


def share(ctx: Context) -> int:
    args = ctx.args
    glimmer = find_glimmer(ctx.user, args.id)
    chosen = [find_circle(ctx.user, name) for name in args.circles or []]
    options_given = args.photos or args.people or args.no_senses
    if args.stop:
        if options_given:
            raise BadInput(_("--photos, --people and --no-senses go with --with, not with --stop."))
        return _stop(ctx, glimmer, chosen)
    if not chosen:
        if options_given:
            raise BadInput(_("Say which circle to share it with: --with NAME."))
        return _where(ctx, glimmer)
    form = ShareForm(
        {
            "circles": [str(circle.pk) for circle in chosen],
            "with_senses": not args.no_senses,
            "with_people": args.people,
            "with_photos": args.photos,
        },
        owner=ctx.user,
    )
    if not form.is_valid():
        problems = [str(m) for messages in form.errors.values() for m in messages]
        raise BadInput(" ".join(problems))
    options = {name: form.cleaned_data[name] for name, _words in WHAT_GOES}
    services.share(ctx.user, glimmer, list(form.cleaned_data["circles"]), **options)
    shares = _shares_data(ctx.user, glimmer)

    def human():
        names = ", ".join(circle.name for circle in chosen)
        ctx.print(
            _("Shared with %(circles)s, %(what)s.")
            % {"circles": names, "what": _what_goes(options)}
        )
        ctx.print(_("To take it back: glimmers share %(id)s --stop") % {"id": glimmer.short_id})

    ctx.emit(shares, human)
    return 0


def _stop(ctx: Context, glimmer, chosen: list[Circle]) -> int:
    before = {row["circle_id"]: row["circle_name"] for row in _shares_data(ctx.user, glimmer)}
    ids = [circle.pk for circle in chosen] if chosen else None
    services.unshare(ctx.user, glimmer, ids)
    stopped = [before[pk] for pk in (ids if ids is not None else list(before)) if pk in before]
    not_shared = [circle.name for circle in chosen if circle.pk not in before]

    def human():
        if stopped:
            ctx.print(
                _("No longer shared with %(circles)s. It is gone from there now.")
                % {"circles": ", ".join(stopped)}
            )
        if not_shared:
            ctx.print(_("It wasn't shared with %(circles)s.") % {"circles": ", ".join(not_shared)})
        if not stopped and not not_shared:
            ctx.print(_("It wasn't shared with any circle."))

    ctx.emit({"stopped": stopped, "shares": _shares_data(ctx.user, glimmer)}, human)
    return 0


def _where(ctx: Context, glimmer) -> int:
    shares = _shares_data(ctx.user, glimmer)

    def human():
        if not shares:
            ctx.print(_("It isn't shared with any circle; only you can see it."))
            ctx.print(
                _("To share it: glimmers share %(id)s --with NAME") % {"id": glimmer.short_id}
            )
        for row in shares:
            since = day_text(timezone.localtime(row["shared_at"]))
            ctx.print(
                _("%(circle)s: since %(day)s, %(what)s")
                % {"circle": row["circle_name"], "day": since, "what": _what_goes(row)}
            )

    ctx.emit(shares, human)
    return 0


# ---------------------------------------------------------------------------
# Parsers
# ---------------------------------------------------------------------------


def _circles_arguments(p):
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=list_circles)
    actions = p.add_subparsers(dest="action", parser_class=type(p))
    s = actions.add_parser("show", help=_("what is shared in one circle, newest first"))
    s.add_argument("circle", nargs="+", help=_("its name or id, from `glimmers circles`"))
    s.add_argument("-n", type=int, default=20, help=_("how many (default 20)"))
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=show_circle)


def _share_arguments(p):
    p.add_argument("id", help=_("the glimmer's id, from `glimmers list`"))
    p.add_argument(
        "--with",
        dest="circles",
        action="append",
        metavar="CIRCLE",
        help=_("a circle's name or id (repeat for several)"),
    )
    p.add_argument(
        "--stop", action="store_true", help=_("stop sharing it (with --with: only there)")
    )
    p.add_argument("--photos", action="store_true", help=_("its photos go with it"))
    p.add_argument("--people", action="store_true", help=_("the names of people in it go with it"))
    p.add_argument(
        "--no-senses", action="store_true", help=_("its senses and body cues stay with you")
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=share)


COMMANDS = {"circles": _circles_arguments, "share": _share_arguments}
