"""Journal pages. Thin: validation in forms.py, reads in queries.py, writes in services.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from glimmers.access import get_owned, owned
from glimmers.journal import photos, queries, services, signals
from glimmers.journal.forms import (
    GlimmerForm,
    JournalFilterForm,
    OwnWordForm,
    PhotoForm,
    TriggerForm,
)
from glimmers.journal.models import TEXT_MAX_LENGTH, BodyCue, Kind, Sense


def _today_context(user) -> dict:
    today = list(queries.with_details(queries.todays_glimmers(user)))
    return {"todays_glimmers": today, "today_count": len(today)}


@login_required
@require_http_methods(["GET", "POST"])
def capture(request: HttpRequest) -> HttpResponse:
    """Home: one field and one button, with details folded away."""
    user = request.user
    # "?kind=story": the circles page's way in to keeping a glimmer heard in someone's story.
    story = request.method == "GET" and request.GET.get("kind") == Kind.STORY
    initial = {"kind": Kind.STORY} if story else None
    form = GlimmerForm(request.POST or None, request.FILES or None, owner=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            glimmer = services.save_glimmer(
                user, form.cleaned_data, photos=form.cleaned_data.get("photos") or []
            )
        except services.NoRoomForPhotos as no_room:
            form.add_error("photos", no_room)
        else:
            signals.glimmer_captured.send(
                sender=capture, owner=user, glimmer=glimmer, data=request.POST
            )
            if glimmer.local_date != queries.local_today(user) or glimmer.kind == Kind.REMEMBERED:
                # Dated another day, or a memory: not among today's, so show it where it is.
                messages.success(
                    request,
                    _("Kept in your journal, on %(day)s.")
                    % {"day": date_format(glimmer.local_date, "l j E Y")},
                )
                return redirect("journal:detail", glimmer.pk)
            messages.success(
                request, _("Kept. It's in today's glimmers below and in your journal.")
            )
            return redirect(f"{reverse('practice:today')}?saved={glimmer.pk}#today")
    status = 400 if form.errors else 200
    context = {"form": form, "details_open": bool(form.errors) or story, **_today_context(user)}
    return render(request, "journal/capture.html", context, status=status)


def _shared_words(request: HttpRequest) -> str:
    """What another app shared (a title, some text, a link), as one text, each part once."""
    parts: list[str] = []
    for name in ("title", "text", "url"):
        value = request.POST.get(name, "").strip()
        if value and not any(value in part for part in parts):
            parts.append(value)
    return "\n".join(parts)[:TEXT_MAX_LENGTH]


@csrf_exempt
@login_required
@require_http_methods(["GET", "POST"])
def share(request: HttpRequest) -> HttpResponse:
    """Where the phone's share sheet sends a photo or some words (the manifest's share_target).

    With the service worker, the share never gets here: the worker keeps it on
    the phone and opens the capture page filled in, photo and all. Without it,
    this answers. It writes nothing (so it may skip the CSRF check another
    site's form could otherwise abuse): it shows the capture page with the
    words filled in, and says plainly if a photo could not come along.
    Saving is the capture page's own, CSRF-protected form.
    """
    if request.method == "GET":
        return redirect("journal:capture")
    user = request.user
    form = GlimmerForm(owner=user, initial={"text": _shared_words(request)})
    if request.FILES:
        messages.info(
            request,
            _(
                "The photo couldn't come along this way. You can add it under "
                "“Add details”, then “Photos”."
            ),
        )
    context = {"form": form, "details_open": False, **_today_context(user)}
    return render(request, "journal/capture.html", context)


@login_required
@require_POST
def tally(request: HttpRequest) -> HttpResponse:
    services.tally(request.user)
    count = queries.todays_glimmers(request.user).count()
    messages.success(
        request,
        ngettext("Counted. %(count)d glimmer today.", "Counted. %(count)d glimmers today.", count)
        % {"count": count},
    )
    next_url = request.POST.get("next", "")
    if next_url not in (reverse("practice:today"), reverse("journal:timeline")):
        next_url = reverse("practice:today")
    return redirect(next_url)


@login_required
def timeline(request: HttpRequest) -> HttpResponse:
    user = request.user
    filter_form = JournalFilterForm(request.GET or None, owner=user)
    if request.GET:
        filter_form.is_valid()
    wanted = filter_form.journal_filter() if request.GET else queries.JournalFilter()
    page = queries.timeline_page(user, wanted, cursor=request.GET.get("after", ""))
    next_url = None
    if page.next_cursor:
        params = {k: v for k, v in request.GET.items() if k != "after" and v}
        params["after"] = page.next_cursor
        next_url = f"?{urlencode(params)}"
    return render(
        request,
        "journal/timeline.html",
        {
            "page": page,
            "filter_form": filter_form,
            "wanted": wanted,
            "next_url": next_url,
            "is_later_page": bool(request.GET.get("after")),
            "today_count": queries.todays_glimmers(user).count(),
        },
    )


@login_required
def on_this_day(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "journal/on_this_day.html",
        {"days": queries.on_this_day(user), "today": queries.local_today(user)},
    )


@login_required
def detail(request: HttpRequest, glimmer_id) -> HttpResponse:
    glimmer = queries.get_glimmer(request.user, glimmer_id)
    return render(
        request,
        "journal/detail.html",
        {"glimmer": glimmer, "photo_form": PhotoForm()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, glimmer_id) -> HttpResponse:
    user = request.user
    glimmer = queries.get_glimmer(user, glimmer_id)
    form = GlimmerForm(
        request.POST or None,
        request.FILES or None,
        instance=glimmer,
        owner=user,
        require_words=False,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_glimmer(
                user,
                form.cleaned_data,
                glimmer=glimmer,
                photos=form.cleaned_data.get("photos") or [],
            )
        except services.NoRoomForPhotos as no_room:
            form.add_error("photos", no_room)
        else:
            messages.success(request, _("Saved your changes."))
            return redirect("journal:detail", glimmer_id=glimmer.pk)
    if request.method == "POST":
        # A failed save must not leave half-applied changes on the object we show.
        glimmer.refresh_from_db()
    status = 400 if form.errors else 200
    return render(request, "journal/edit.html", {"form": form, "glimmer": glimmer}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest, glimmer_id) -> HttpResponse:
    glimmer = queries.get_glimmer(request.user, glimmer_id)
    if request.method == "POST":
        services.delete_glimmer(request.user, glimmer)
        messages.success(request, _("Deleted. It's gone for good."))
        return redirect("journal:timeline")
    return render(request, "journal/delete.html", {"glimmer": glimmer})


@login_required
@require_POST
def add_photos(request: HttpRequest, glimmer_id) -> HttpResponse:
    user = request.user
    glimmer = queries.get_glimmer(user, glimmer_id)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_photos(user, glimmer, form.cleaned_data["photos"])
        except services.NoRoomForPhotos as no_room:
            form.add_error("photos", no_room)
        else:
            messages.success(request, _("Photo added."))
            return redirect("journal:detail", glimmer_id=glimmer.pk)
    return render(
        request,
        "journal/detail.html",
        {"glimmer": glimmer, "photo_form": form},
        status=400,
    )


def _photo_response(request: HttpRequest, photo_id, thumbnail: bool) -> FileResponse:
    return photos.serve(queries.get_photo(request.user, photo_id), thumbnail=thumbnail)


@login_required
def photo(request: HttpRequest, photo_id) -> FileResponse:
    return _photo_response(request, photo_id, thumbnail=False)


@login_required
def photo_thumbnail(request: HttpRequest, photo_id) -> FileResponse:
    return _photo_response(request, photo_id, thumbnail=True)


@login_required
@require_POST
def delete_photo(request: HttpRequest, photo_id) -> HttpResponse:
    photo = queries.get_photo(request.user, photo_id)
    glimmer_id = photo.glimmer_id
    services.delete_photo(request.user, photo)
    messages.success(request, _("Photo removed."))
    return redirect("journal:detail", glimmer_id=glimmer_id)


# ---------------------------------------------------------------------------
# Triggers
# ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def triggers(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = TriggerForm(request.POST or None, owner=user)
    if request.method == "POST" and form.is_valid():
        services.save_trigger(user, form.cleaned_data)
        messages.success(request, _("Noted. That sounded hard."))
        return redirect(f"{reverse('journal:triggers')}?noted=1")
    rows = queries.triggers(user)[:100]
    status = 400 if form.errors else 200
    context = {"form": form, "triggers": rows, "just_noted": request.GET.get("noted") == "1"}
    return render(request, "journal/triggers.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def trigger_edit(request: HttpRequest, trigger_id) -> HttpResponse:
    user = request.user
    trigger = queries.get_trigger(user, trigger_id)
    form = TriggerForm(request.POST or None, instance=trigger, owner=user)
    if request.method == "POST" and form.is_valid():
        services.save_trigger(user, form.cleaned_data, trigger=trigger)
        messages.success(request, _("Saved your changes."))
        return redirect("journal:triggers")
    if request.method == "POST":
        trigger.refresh_from_db()
    status = 400 if form.errors else 200
    return render(
        request, "journal/trigger_edit.html", {"form": form, "trigger": trigger}, status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def trigger_delete(request: HttpRequest, trigger_id) -> HttpResponse:
    trigger = queries.get_trigger(request.user, trigger_id)
    if request.method == "POST":
        services.delete_trigger(request.user, trigger)
        messages.success(request, _("Deleted."))
        return redirect("journal:triggers")
    return render(request, "journal/trigger_delete.html", {"trigger": trigger})


# ---------------------------------------------------------------------------
# Your words: a person's own senses and body cues
# ---------------------------------------------------------------------------

OWN_WORD_KINDS = {"sense": Sense, "cue": BodyCue}


@login_required
@require_http_methods(["GET", "POST"])
def own_words(request: HttpRequest) -> HttpResponse:
    user = request.user
    forms_by_kind = {
        kind: OwnWordForm(request.POST if request.POST.get("kind") == kind else None, prefix=kind)
        for kind in OWN_WORD_KINDS
    }
    if request.method == "POST":
        kind = request.POST.get("kind", "")
        if kind not in OWN_WORD_KINDS:
            raise Http404
        form = forms_by_kind[kind]
        if form.is_valid():
            try:
                services.add_own_word(user, OWN_WORD_KINDS[kind], form.cleaned_data["name"])
            except ValidationError as error:
                form.add_error("name", error)
            else:
                messages.success(request, _("Added. It's there next time you capture."))
                return redirect("journal:own_words")
    context = {
        "sense_form": forms_by_kind["sense"],
        "cue_form": forms_by_kind["cue"],
        "senses": queries.senses(user).annotate(uses=Count("glimmers")),
        "cues": queries.body_cues(user).annotate(uses=Count("glimmers")),
    }
    has_errors = any(form.errors for form in forms_by_kind.values())
    return render(request, "journal/own_words.html", context, status=400 if has_errors else 200)


@login_required
@require_POST
def own_word_delete(request: HttpRequest, kind: str, word_id: int) -> HttpResponse:
    model = OWN_WORD_KINDS.get(kind)
    if model is None:
        raise Http404
    word = get_owned(model, request.user, word_id, owned(model, request.user))
    services.remove_own_word(request.user, word)
    messages.success(request, _("Removed. Glimmers that had it simply no longer list it."))
    return redirect("journal:own_words")
