"""The daily practice pages: Today, reflection, anchoring, remembering, the menu."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.db.models.functions import Lower
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from glimmers.access import get_owned
from glimmers.journal import queries as journal
from glimmers.journal import services as journal_services
from glimmers.journal.forms import GlimmerForm, PlainGlimmerForm
from glimmers.journal.models import Value
from glimmers.practice import queries, services
from glimmers.practice.forms import (
    AnchorForm,
    HardTimeForm,
    IntentionForm,
    NameForm,
    PromptForm,
    QuestionForm,
    ReflectionForm,
    TraceForm,
)
from glimmers.practice.models import Category

EVENING_FROM_HOUR = 17
# How many of today's glimmers Today shows (the newest); the rest are one link away.
TODAY_SHOWS = 12


def _posted(request: HttpRequest):
    """The submitted data for a POST, even an empty one (so it is validated, not ignored)."""
    return request.POST if request.method == "POST" else None


def _back(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target
    return default


# ---------------------------------------------------------------------------
# Today
# ---------------------------------------------------------------------------


@login_required
def today(request: HttpRequest) -> HttpResponse:
    """The home page: an invitation into the day's rhythm, never a to-do list."""
    user = request.user
    day = journal.local_today(user)
    intention = queries.intention(user, day)
    # "Not today" is remembered for the rest of the day, not just for one page.
    if request.GET.get("intention") == "skip":
        request.session["intention_skipped_on"] = day.isoformat()
    skipped = request.session.get("intention_skipped_on") == day.isoformat()
    changing = intention is not None and request.GET.get("change") == "intention"
    morning_prompt = None
    if (intention is None and not skipped) or changing:
        morning_prompt = services.offer_prompt(user, Category.MORNING, day)
    intention_form = IntentionForm(
        owner=user,
        auto_id="intention-%s",
        initial=(
            {"text": intention.text, "focus_sense": intention.focus_sense_id} if changing else None
        ),
    )
    intention_form.fields["text"].widget.attrs["aria-describedby"] = "morning-prompt"
    # The newest few, so Today stays light however full the day; the rest are in the journal.
    todays_rows = journal.todays_glimmers(user)
    todays = list(journal.with_details(todays_rows)[:TODAY_SHOWS])
    today_count = len(todays) if len(todays) < TODAY_SHOWS else todays_rows.count()
    saved = request.GET.get("saved", "")
    just_saved = next((g for g in todays if str(g.pk) == saved), None)
    context = {
        "day": day,
        "intention": intention,
        "changing_intention": changing,
        "intention_skipped": skipped,
        "intention_form": intention_form,
        "morning_prompt": morning_prompt,
        "form": GlimmerForm(owner=user),
        "todays_glimmers": todays,
        "today_count": today_count,
        "more_today": today_count - len(todays),
        "just_saved": just_saved,
        "noticing": queries.noticing(user, day),
        "reflection": queries.reflection(user, day),
        "is_evening": timezone.localtime().hour >= EVENING_FROM_HOUR,
    }
    return render(request, "practice/today.html", context)


@login_required
@require_POST
def set_intention(request: HttpRequest) -> HttpResponse:
    user = request.user
    day = journal.local_today(user)
    form = IntentionForm(request.POST, owner=user)
    if form.is_valid():
        prompt_id = request.POST.get("prompt", "")
        prompt = None
        if prompt_id.isdigit():
            prompt = queries.prompts(user).filter(pk=int(prompt_id)).first()
        services.set_intention(
            user,
            day,
            text=form.cleaned_data["text"],
            focus_sense=form.cleaned_data["focus_sense"],
            prompt=prompt,
        )
        messages.success(request, _("Your intention is set. Keep half an eye open today."))
        return redirect("practice:today")
    context = {"intention_form": form, "day": day, "prompt_id": request.POST.get("prompt", "")}
    return render(request, "practice/intention.html", context, status=400)


@login_required
@require_POST
def clear_intention(request: HttpRequest) -> HttpResponse:
    services.clear_intention(request.user, journal.local_today(request.user))
    return redirect("practice:today")


@login_required
@require_POST
def skip_prompt(request: HttpRequest, category: str) -> HttpResponse:
    if category not in Category.values:
        raise Http404
    services.skip_prompt(request.user, category, journal.local_today(request.user))
    return redirect(_back(request, reverse("practice:today")))


# ---------------------------------------------------------------------------
# Evening reflection
# ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def reflect(request: HttpRequest) -> HttpResponse:
    user = request.user
    day = journal.local_today(user)
    existing = queries.reflection(user, day)
    prompt = services.offer_prompt(user, Category.EVENING, day)
    initial = {}
    if existing is not None:
        initial = {"answer": existing.answer, "glimmers": list(existing.glimmers.all())}
    form = ReflectionForm(_posted(request), owner=user, day=day, initial=initial)
    if prompt is not None:
        form.fields["answer"].widget.attrs["aria-describedby"] = "evening-prompt"
    if request.method == "POST" and form.is_valid():
        services.save_reflection(
            user,
            day,
            answer=form.cleaned_data["answer"],
            prompt=prompt,
            glimmers=form.cleaned_data["glimmers"],
        )
        messages.success(request, _("Kept. Rest well."))
        return redirect("practice:today")
    context = {
        "form": form,
        "prompt": prompt,
        "intention": queries.intention(user, day),
        "todays_glimmers": list(journal.with_details(queries.glimmers_on(user, day))),
        "existing": existing,
        "day": day,
    }
    return render(request, "practice/reflect.html", context, status=400 if form.errors else 200)


@login_required
def reflections(request: HttpRequest) -> HttpResponse:
    rows = queries.reflections(request.user)[:60]
    return render(request, "practice/reflections.html", {"reflections": rows})


# ---------------------------------------------------------------------------
# Anchoring: "stay with it"
# ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def anchor(request: HttpRequest, glimmer_id) -> HttpResponse:
    user = request.user
    glimmer = journal.get_glimmer(user, glimmer_id)
    form = AnchorForm(_posted(request), initial={"seconds": user.anchor_seconds})
    if request.method == "POST" and form.is_valid():
        services.record_anchoring(user, glimmer, form.cleaned_data["seconds"])
        messages.success(request, _("Thank you for staying with it."))
        return redirect(_back(request, reverse("journal:detail", args=[glimmer.pk])))
    context = {
        "glimmer": glimmer,
        "form": form,
        "seconds": user.anchor_seconds,
        "next": _back(request, ""),
    }
    return render(request, "practice/anchor.html", context, status=400 if form.errors else 200)


# ---------------------------------------------------------------------------
# Remembering: sense tracing and hard times
# ---------------------------------------------------------------------------


def _save_remembered(request, form, values) -> HttpResponse | None:
    """Save a remembered glimmer through the same validation as every other glimmer."""
    glimmer_form = PlainGlimmerForm({**values, "kind": "remembered"}, owner=request.user)
    if not glimmer_form.is_valid():
        for name, errors in glimmer_form.plain_errors().items():
            target = name if name in form.fields else None
            for error in errors:
                form.add_error(target, error)
        return None
    glimmer = journal_services.save_glimmer(request.user, glimmer_form.cleaned_data)
    messages.success(request, _("Kept, as a remembered glimmer."))
    return redirect("journal:detail", glimmer_id=glimmer.pk)


@login_required
@require_http_methods(["GET", "POST"])
def trace(request: HttpRequest) -> HttpResponse:
    user = request.user
    day = journal.local_today(user)
    form = TraceForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        text, senses = services.traced_text(form.cleaned_data)
        values = {"text": text, "senses": senses, "noticed_at": form.cleaned_data["noticed_at"]}
        done = _save_remembered(request, form, values)
        if done:
            return done
    prompt = services.offer_prompt(user, Category.SENSES, day)
    context = {"form": form, "prompt": prompt}
    return render(request, "practice/trace.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def hard_time(request: HttpRequest) -> HttpResponse:
    user = request.user
    day = journal.local_today(user)
    form = HardTimeForm(_posted(request), owner=user)
    if request.method == "POST" and form.is_valid():
        values = {
            "text": form.cleaned_data["text"],
            "period": form.cleaned_data["period"],
            "noticed_at": form.cleaned_data["noticed_at"],
            "senses": [sense.slug for sense in form.cleaned_data["senses"]],
        }
        done = _save_remembered(request, form, values)
        if done:
            return done
    prompt = services.offer_prompt(user, Category.HARD_TIME, day)
    context = {"form": form, "prompt": prompt}
    return render(request, "practice/hard_time.html", context, status=400 if form.errors else 200)


# ---------------------------------------------------------------------------
# My glimmer menu
# ---------------------------------------------------------------------------


@login_required
def glimmer_menu(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "practice/menu.html",
        {"menu": queries.menu(request.user), "after_trigger": "trigger" in request.GET},
    )


@login_required
@require_POST
def decide_suggestion(request: HttpRequest) -> HttpResponse:
    kind = request.POST.get("kind", "")
    key = request.POST.get("key", "")
    decision = request.POST.get("decision", "")
    if decision not in ("accept", "dismiss", "forget"):
        raise Http404
    try:
        if decision == "forget":
            services.forget_menu_choice(request.user, kind, key)
        else:
            services.decide_suggestion(request.user, kind, key, accept=decision == "accept")
    except ValidationError:
        raise Http404 from None
    if decision == "accept":
        messages.success(request, _("Added to your menu."))
    elif decision == "dismiss":
        messages.success(request, _("Fine — we won't suggest that again."))
    return redirect("practice:menu")


@login_required
def grounding(request: HttpRequest) -> HttpResponse:
    return render(request, "practice/grounding.html")


# ---------------------------------------------------------------------------
# The Glimmer Question
# ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def question(request: HttpRequest) -> HttpResponse:
    user = request.user
    day = journal.local_today(user)
    prompt, follow_up = queries.glimmer_question(user, day)
    form = QuestionForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        services.answer_question(user, day, prompt=prompt, **form.cleaned_data)
        messages.success(request, _("Kept. You can look back at your answers below."))
        return redirect("practice:question")
    context = {
        "form": form,
        "prompt": prompt,
        "follow_up": follow_up,
        "answers": queries.question_answers(user)[:30],
    }
    return render(request, "practice/question.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def question_delete(request: HttpRequest, answer_id: int) -> HttpResponse:
    services.delete_question_answer(
        request.user, queries.get_question_answer(request.user, answer_id)
    )
    messages.success(request, _("Deleted."))
    return redirect("practice:question")


# ---------------------------------------------------------------------------
# Prompts: add your own, hide any built-in one
# ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def prompt_library(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = PromptForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.add_prompt(user, form.cleaned_data["category"], form.cleaned_data["text"])
        except ValidationError as problem:
            form.add_error("text", problem)
        else:
            messages.success(request, _("Added. It joins the rotation."))
            return redirect("practice:prompts")
    hidden = queries.hidden_prompt_ids(user)
    rows = list(queries.all_prompts(user).order_by("category", "owner_id", "pk"))
    groups = [
        (label, [(p, p.pk in hidden) for p in rows if p.category == value])
        for value, label in Category.choices
    ]
    context = {"form": form, "groups": groups}
    return render(request, "practice/prompts.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def prompt_toggle(request: HttpRequest, prompt_id: int) -> HttpResponse:
    prompt = queries.get_usable_prompt(request.user, prompt_id)
    if prompt.owner_id is not None:
        services.delete_own_prompt(request.user, prompt)
        messages.success(request, _("Your prompt is deleted."))
    else:
        hide = request.POST.get("hide") == "1"
        services.set_prompt_hidden(request.user, prompt, hide)
        messages.success(request, _("Hidden. It won't be offered.") if hide else _("Shown again."))
    return redirect("practice:prompts")


# ---------------------------------------------------------------------------
# Values
# ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def values(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = NameForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            value, new = journal_services.find_or_add_named(user, Value, form.cleaned_data["name"])
        except ValidationError as problem:
            form.add_error("name", problem.messages[0])
        else:
            if not new:  # the same name, in any case: reused, never added twice
                messages.info(request, _("You already have “%(name)s”.") % {"name": value.name})
            else:
                messages.success(request, _("Added."))
            return redirect("practice:values")
    # A GROUP BY query drops Meta.ordering, so the order is spelled out.
    rows = journal.values(user).annotate(uses=Count("glimmers")).order_by(Lower("name"))
    status = 400 if form.errors else 200
    return render(request, "practice/values.html", {"form": form, "values": rows}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def value_detail(request: HttpRequest, value_id: int) -> HttpResponse:
    user = request.user
    value = get_owned(Value, user, value_id)
    form = NameForm(_posted(request), initial={"name": value.name})
    if request.method == "POST" and form.is_valid():
        try:
            journal_services.rename_named(user, value, form.cleaned_data["name"])
        except ValidationError as problem:
            form.add_error("name", problem.messages[0])
        else:
            messages.success(request, _("Renamed."))
            return redirect("practice:value", value_id=value.pk)
    page = journal.timeline_page(
        user, journal.JournalFilter(value=value.pk), cursor=request.GET.get("after", "")
    )
    context = {"value": value, "form": form, "page": page}
    return render(request, "practice/value.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def value_delete(request: HttpRequest, value_id: int) -> HttpResponse:
    value = get_owned(Value, request.user, value_id)
    journal_services.delete_named(request.user, value)
    messages.success(request, _("Removed. The glimmers themselves are untouched."))
    return redirect("practice:values")
