"""Practice commands: today, intend, reflect, menu. Same services as the Today page."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from glimmers.cli.base import BadInput, Context, read_stdin
from glimmers.journal import queries as journal
from glimmers.journal import serialize
from glimmers.practice import queries, services
from glimmers.practice import serialize as practice_serialize
from glimmers.practice.forms import PlainIntentionForm, ReflectionForm
from glimmers.practice.models import Category


def today(ctx: Context) -> int:
    user = ctx.user
    day = journal.local_today(user)
    intention = queries.intention(user, day)
    reflection = queries.reflection(user, day)
    glimmers = list(journal.with_details(journal.todays_glimmers(user)))
    noticing = queries.noticing(user, day)
    data = {
        "day": day,
        "intention": practice_serialize.intention_data(intention),
        "glimmers": [serialize.glimmer_data(g) for g in glimmers],
        "reflection": practice_serialize.reflection_data(reflection),
        "days_noticed": practice_serialize.noticing_data(noticing),
    }

    def human():
        ctx.print(_("Today, %(day)s") % {"day": date_format(day, "l j E")})
        if intention:
            if intention.focus_sense:
                line = _("Intention: %(text)s (focus: %(sense)s)") % {
                    "text": intention.text or "—",
                    "sense": intention.focus_sense,
                }
            else:
                line = _("Intention: %(text)s") % {"text": intention.text or "—"}
            ctx.print(f"  {line}")
        else:
            ctx.print("  " + _('No intention yet — `glimmers intend "…"` if you\'d like one.'))
        count = len(glimmers)
        so_far = ngettext("%(count)s glimmer so far.", "%(count)s glimmers so far.", count)
        ctx.print("  " + so_far % {"count": count})
        for glimmer in glimmers:
            moment = timezone.localtime(glimmer.noticed_at).strftime("%H:%M")
            words = glimmer.text or _("(counted, no words yet)")
            ctx.print(f"    {glimmer.short_id}  {moment}  {words}")
        ctx.print(
            "  "
            + _("Days you noticed: %(week)s this week, %(month)s this month.")
            % {"week": noticing.this_week, "month": noticing.this_month}
        )
        if noticing.streak and noticing.streak > 1:
            in_a_row = ngettext(
                "%(count)s day in a row.", "%(count)s days in a row.", noticing.streak
            )
            ctx.print("  " + in_a_row % {"count": noticing.streak})
        if reflection:
            ctx.print("  " + _("Reflected: %(answer)s") % {"answer": reflection.answer})

    ctx.emit(data, human)
    return 0


def intend(ctx: Context) -> int:
    user = ctx.user
    day = journal.local_today(user)
    text = " ".join(ctx.args.text).strip()
    if not text and not ctx.args.sense:
        prompt = services.offer_prompt(user, Category.MORNING, day)

        def human():
            if prompt:
                ctx.print(str(prompt))
            ctx.print(_('Set one with: glimmers intend "…" [--sense sound]'))

        ctx.emit({"prompt": practice_serialize.prompt_data(prompt)}, human)
        return 0
    form = PlainIntentionForm({"text": text, "focus_sense": ctx.args.sense}, owner=user)
    if not form.is_valid():
        raise BadInput(" ".join(str(m) for ms in form.errors.values() for m in ms))
    intention = services.set_intention(user, day, **form.cleaned_data)
    ctx.emit(
        practice_serialize.intention_data(intention), lambda: ctx.print(_("Your intention is set."))
    )
    return 0


def reflect(ctx: Context) -> int:
    user = ctx.user
    day = journal.local_today(user)
    answer = " ".join(ctx.args.answer).strip() or read_stdin().strip()
    if answer:
        # Checked before anything is written: a refused answer leaves no trace,
        # not even today's question marked as shown.
        form = ReflectionForm({"answer": answer}, owner=user, day=day)
        if not form.is_valid():
            raise BadInput(" ".join(str(m) for ms in form.errors.values() for m in ms))
        answer = form.cleaned_data["answer"]
    if ctx.args.skip:
        prompt = services.skip_prompt(user, Category.EVENING, day)
    else:
        prompt = services.offer_prompt(user, Category.EVENING, day)
    if not answer:
        intention = queries.intention(user, day)

        def human():
            if intention and intention.text:
                ctx.print(
                    _("This morning you set out to look for: %(text)s") % {"text": intention.text}
                )
            if prompt:
                ctx.print(str(prompt))
            ctx.print(_('Answer with: glimmers reflect "…"  (or --skip for another question)'))

        ctx.emit(
            {
                "intention": practice_serialize.intention_data(intention),
                "prompt": practice_serialize.prompt_data(prompt),
            },
            human,
        )
        return 0
    try:
        reflection = services.save_reflection(user, day, answer=answer, prompt=prompt)
    except ValidationError as problem:
        raise BadInput("; ".join(problem.messages)) from None
    ctx.emit(
        practice_serialize.reflection_data(reflection), lambda: ctx.print(_("Kept. Rest well."))
    )
    return 0


def menu(ctx: Context) -> int:
    found = queries.menu(ctx.user)
    groups = [
        ("when_mobilized", _("When I'm wound up or anxious"), found.when_mobilized),
        ("when_shut_down", _("When I'm low or shut down"), found.when_shut_down),
        ("other_reliable", _("Glimmers that reliably help"), found.other_reliable),
    ]
    data = {key: [serialize.glimmer_data(g) for g in rows] for key, _label, rows in groups}
    data["keeps_helping"] = [
        {"kind": item.kind, "label": item.label, "count": item.count} for item in found.accepted
    ]

    def human():
        if found.empty:
            ctx.print(
                _(
                    "Your menu is empty for now. Mark a glimmer that reliably helps with\n"
                    "`glimmers edit ID --reliable`, and it will be here when you need it."
                )
            )
        for _key, label, rows in groups:
            if rows:
                ctx.print(label)
                for glimmer in rows:
                    ctx.print(f"  {glimmer.short_id}  {glimmer.text}")
        if found.accepted:
            ctx.print(_("Things that keep helping"))
            for item in found.accepted:
                ctx.print(f"  {item.label}")
        ctx.print()
        ctx.print(
            _(
                "If it's a lot right now: feel your feet on the floor, name five things you\n"
                "can see, four you can touch, three you can hear — and breathe out slowly."
            )
        )

    ctx.emit(data, human)
    return 0


def _today_arguments(p):
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=today)


def _intend_arguments(p):
    p.add_argument("text", nargs="*")
    p.add_argument("--sense", help=_("a sense to focus on"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=intend)


def _reflect_arguments(p):
    p.add_argument("answer", nargs="*")
    p.add_argument("--skip", action="store_true", help=_("a different question"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=reflect)


def _menu_arguments(p):
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=menu)


COMMANDS = {
    "today": _today_arguments,
    "intend": _intend_arguments,
    "reflect": _reflect_arguments,
    "menu": _menu_arguments,
}
