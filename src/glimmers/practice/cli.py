"""Practice commands: today, intend, reflect, menu. Same services as the Today page."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone

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
        ctx.print(f"Today, {day:%A %d %B}")
        if intention:
            focus = f" (focus: {intention.focus_sense})" if intention.focus_sense else ""
            ctx.print(f"  Intention: {intention.text or '—'}{focus}")
        else:
            ctx.print('  No intention yet — `glimmers intend "…"` if you\'d like one.')
        count = len(glimmers)
        ctx.print(f"  {count} glimmer{'s' if count != 1 else ''} so far.")
        for glimmer in glimmers:
            moment = timezone.localtime(glimmer.noticed_at).strftime("%H:%M")
            ctx.print(
                f"    {glimmer.short_id}  {moment}  {glimmer.text or '(counted, no words yet)'}"
            )
        ctx.print(
            f"  Days you noticed: {noticing.this_week} this week, {noticing.this_month} this month."
        )
        if noticing.streak and noticing.streak > 1:
            ctx.print(f"  {noticing.streak} days in a row.")
        if reflection:
            ctx.print(f"  Reflected: {reflection.answer}")

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
            ctx.print('Set one with: glimmers intend "…" [--sense sound]')

        ctx.emit({"prompt": practice_serialize.prompt_data(prompt)}, human)
        return 0
    form = PlainIntentionForm({"text": text, "focus_sense": ctx.args.sense}, owner=user)
    if not form.is_valid():
        raise BadInput(" ".join(str(m) for ms in form.errors.values() for m in ms))
    intention = services.set_intention(user, day, **form.cleaned_data)
    ctx.emit(
        practice_serialize.intention_data(intention), lambda: ctx.print("Your intention is set.")
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
                ctx.print(f"This morning you set out to look for: {intention.text}")
            if prompt:
                ctx.print(str(prompt))
            ctx.print('Answer with: glimmers reflect "…"  (or --skip for another question)')

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
    ctx.emit(practice_serialize.reflection_data(reflection), lambda: ctx.print("Kept. Rest well."))
    return 0


def menu(ctx: Context) -> int:
    found = queries.menu(ctx.user)
    groups = [
        ("when_mobilized", "When I'm wound up or anxious", found.when_mobilized),
        ("when_shut_down", "When I'm low or shut down", found.when_shut_down),
        ("other_reliable", "Glimmers that reliably help", found.other_reliable),
    ]
    data = {key: [serialize.glimmer_data(g) for g in rows] for key, _label, rows in groups}
    data["keeps_helping"] = [
        {"kind": item.kind, "label": item.label, "count": item.count} for item in found.accepted
    ]

    def human():
        if found.empty:
            ctx.print("Your menu is empty for now. Mark a glimmer that reliably helps with")
            ctx.print("`glimmers edit ID --reliable`, and it will be here when you need it.")
        for _key, label, rows in groups:
            if rows:
                ctx.print(label)
                for glimmer in rows:
                    ctx.print(f"  {glimmer.short_id}  {glimmer.text}")
        if found.accepted:
            ctx.print("Things that keep helping")
            for item in found.accepted:
                ctx.print(f"  {item.label}")
        ctx.print()
        ctx.print("If it's a lot right now: feel your feet on the floor, name five things you")
        ctx.print("can see, four you can touch, three you can hear — and breathe out slowly.")

    ctx.emit(data, human)
    return 0


def _today_arguments(p):
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=today)


def _intend_arguments(p):
    p.add_argument("text", nargs="*")
    p.add_argument("--sense", help="a sense to focus on")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=intend)


def _reflect_arguments(p):
    p.add_argument("answer", nargs="*")
    p.add_argument("--skip", action="store_true", help="a different question")
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
