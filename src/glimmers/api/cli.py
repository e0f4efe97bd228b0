"""`glimmers token create|list|revoke`: personal access tokens for the API."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from glimmers.accounts import tokens
from glimmers.cli.base import BadInput, Context, day_text, moment_text


def _token_data(token) -> dict:
    return {
        "id": token.pk,
        "name": token.name,
        "prefix": token.prefix,
        "read_only": token.read_only,
        "created_at": token.created_at,
        "last_used_at": token.last_used_at,
        "revoked_at": token.revoked_at,
        "expires_at": token.expires_at,
    }


def _day(moment) -> str:
    from django.utils import timezone

    return day_text(timezone.localtime(moment))


def create(ctx: Context) -> int:
    try:
        token, raw = tokens.create_token(
            ctx.user, ctx.args.name, read_only=ctx.args.read_only, days=ctx.args.days
        )
    except ValidationError as problem:
        raise BadInput("; ".join(problem.messages)) from None

    def human():
        ctx.print(raw)
        if token.read_only:
            about = _(
                "Token “%(name)s” for %(user)s (read only), working until %(day)s. "
                "It is shown only this once; keep it somewhere safe."
            )
        else:
            about = _(
                "Token “%(name)s” for %(user)s, working until %(day)s. "
                "It is shown only this once; keep it somewhere safe."
            )
        values = {"name": token.name, "user": ctx.user.username, "day": _day(token.expires_at)}
        ctx.err.write(about % values + "\n")

    ctx.emit({**_token_data(token), "token": raw}, human)
    return 0


def list_tokens(ctx: Context) -> int:
    rows = list(tokens.tokens(ctx.user))

    def human():
        if not rows:
            ctx.print(_("No tokens yet. Make one with: glimmers token create --name phone"))
        for token in rows:
            if token.revoked_at:
                state = _("revoked")
            elif token.expired:
                state = _("ended %(day)s") % {"day": _day(token.expires_at)}
            else:
                state = _("read only") if token.read_only else _("read/write")
            used = (
                _("last used %(moment)s") % {"moment": moment_text(token.last_used_at)}
                if token.last_used_at
                else _("never used")
            )
            ctx.print(f"{token.pk:>4}  {token.prefix}…  {token.name}  ({state}, {used})")

    ctx.emit([_token_data(t) for t in rows], human)
    return 0


def revoke(ctx: Context) -> int:
    wanted = ctx.args.token
    rows = tokens.tokens(ctx.user)
    token = None
    if wanted.isdigit():
        token = rows.filter(pk=int(wanted)).first()
    if token is None:
        matches = list(rows.filter(prefix__startswith=wanted)[:2]) if len(wanted) >= 6 else []
        if len(matches) > 1:
            raise BadInput(
                _("More than one token starts with %(prefix)s; use its number.")
                % {"prefix": wanted}
            )
        token = matches[0] if matches else None
    if token is None:
        raise BadInput(
            _("You have no token %(token)s; `glimmers token list` shows them.") % {"token": wanted}
        )
    tokens.revoke_token(ctx.user, token)
    ctx.emit(
        _token_data(token),
        lambda: ctx.print(_("Revoked “%(name)s”. It no longer works.") % {"name": token.name}),
    )
    return 0


def _token_arguments(p):
    actions = p.add_subparsers(dest="action", required=True, parser_class=type(p))
    c = actions.add_parser("create", help=_("make a token (shown once)"))
    c.add_argument("--name", required=True, help=_("what will use it, e.g. phone"))
    c.add_argument("--read-only", action="store_true", help=_("it can read but never change"))
    c.add_argument(
        "--days",
        type=int,
        default=tokens.DEFAULT_DAYS,
        help=_("how many days it works (1 to %(most)s; default %(default)s)")
        % {"most": tokens.LONGEST_DAYS, "default": tokens.DEFAULT_DAYS},
    )
    c.add_argument("--json", action="store_true")
    c.set_defaults(handler=create)
    ls = actions.add_parser("list", help=_("your tokens"))
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(handler=list_tokens)
    r = actions.add_parser("revoke", help=_("stop a token working"))
    r.add_argument("token", help=_("its number or prefix, from `glimmers token list`"))
    r.add_argument("--json", action="store_true")
    r.set_defaults(handler=revoke)


COMMANDS = {"token": _token_arguments}
