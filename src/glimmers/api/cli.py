"""`glimmers token create|list|revoke`: personal access tokens for the API."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone

from glimmers.accounts import tokens
from glimmers.cli.base import BadInput, Context


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


def create(ctx: Context) -> int:
    try:
        token, raw = tokens.create_token(
            ctx.user, ctx.args.name, read_only=ctx.args.read_only, days=ctx.args.days
        )
    except ValidationError as problem:
        raise BadInput("; ".join(problem.messages)) from None

    def human():
        ctx.print(raw)
        ctx.err.write(
            f"Token “{token.name}” for {ctx.user.username}"
            f"{' (read only)' if token.read_only else ''}, working until "
            f"{timezone.localtime(token.expires_at):%Y-%m-%d}. It is shown only this once; "
            "keep it somewhere safe.\n"
        )

    ctx.emit({**_token_data(token), "token": raw}, human)
    return 0


def list_tokens(ctx: Context) -> int:
    rows = list(tokens.tokens(ctx.user))

    def human():
        if not rows:
            ctx.print("No tokens yet. Make one with: glimmers token create --name phone")
        for token in rows:
            if token.revoked_at:
                state = "revoked"
            elif token.expired:
                state = f"ended {timezone.localtime(token.expires_at):%Y-%m-%d}"
            else:
                state = "read only" if token.read_only else "read/write"
            used = (
                f"last used {timezone.localtime(token.last_used_at):%Y-%m-%d %H:%M}"
                if token.last_used_at
                else "never used"
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
            raise BadInput(f"More than one token starts with {wanted}; use its number.")
        token = matches[0] if matches else None
    if token is None:
        raise BadInput(f"You have no token {wanted}; `glimmers token list` shows them.")
    tokens.revoke_token(ctx.user, token)
    ctx.emit(_token_data(token), lambda: ctx.print(f"Revoked “{token.name}”. It no longer works."))
    return 0


def _token_arguments(p):
    actions = p.add_subparsers(dest="action", required=True, parser_class=type(p))
    c = actions.add_parser("create", help="make a token (shown once)")
    c.add_argument("--name", required=True, help="what will use it, e.g. phone")
    c.add_argument("--read-only", action="store_true", help="it can read but never change")
    c.add_argument(
        "--days",
        type=int,
        default=tokens.DEFAULT_DAYS,
        help=f"how many days it works (1 to {tokens.LONGEST_DAYS}; default {tokens.DEFAULT_DAYS})",
    )
    c.add_argument("--json", action="store_true")
    c.set_defaults(handler=create)
    ls = actions.add_parser("list", help="your tokens")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(handler=list_tokens)
    r = actions.add_parser("revoke", help="stop a token working")
    r.add_argument("token", help="its number or prefix, from `glimmers token list`")
    r.add_argument("--json", action="store_true")
    r.set_defaults(handler=revoke)


COMMANDS = {"token": _token_arguments}
