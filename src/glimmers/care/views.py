"""Care pages. Thin: validation in forms.py, reads in queries.py (through access), writes
in services.py.

Two sides:

- **The client** (``/care/``): invite a carer, confirm them, choose and change
  what they may read, end the link, read the log of every read, answer
  suggestions, and see exactly what the carer sees (``as-carer``, not logged).
- **The carer** (``/care/join/``, ``/care/clients/``): take up an invitation,
  then read within the client's scope. The link is looked up afresh on every
  request (access.client_link), so a link the client ended or narrowed answers
  differently on the very next one; every read is written down for the client.

Anything a viewer may not see answers 404, never 403.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from glimmers.access import care_photo, client_link
from glimmers.accounts import security_log, throttle
from glimmers.accounts import services as accounts
from glimmers.accounts.forms import NewAccountForm
from glimmers.accounts.models import SecurityEvent
from glimmers.care import queries, services
from glimmers.care.forms import (
    AcceptForm,
    AnswerForm,
    CodeForm,
    InviteForm,
    ScopeForm,
    SessionsForm,
    SuggestionForm,
)
from glimmers.care.models import CareLink, Status, Suggestion
from glimmers.journal import photos
from glimmers.journal import queries as journal
from glimmers.time import zone_of

# ---------------------------------------------------------------------------
# The client's side
# ---------------------------------------------------------------------------


def _posted(request: HttpRequest):
    """The submitted data for a POST, even an empty one (so it is validated, not ignored)."""
    return request.POST if request.method == "POST" else None


def _scope_initial(link: CareLink) -> dict:
    return {name: getattr(link, name) for name in services.SCOPE_FIELDS}


def _index_context(user, **extra) -> dict:
    links = list(queries.my_links(user))
    open_links = [link for link in links if not link.is_over]
    reads = queries.latest_reads(user, [link for link in open_links if link.carer_id])
    for link in open_links:
        link.recent_reads = reads.get(link.pk, [])
    return {
        "links": open_links,
        "ended": [link for link in links if link.is_over],
        "suggestions": list(queries.my_suggestions(user)[:50]),
        "invite_form": InviteForm(owner=user, auto_id="invite-%s"),
        "today": journal.local_today(user),
        **extra,
    }


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The client's care page: what a care link is, their links, the read log, suggestions."""
    return render(request, "care/index.html", _index_context(request.user))


@login_required
@require_POST
def invite(request: HttpRequest) -> HttpResponse:
    """Make an invitation; its code is shown once, on the page this answers with."""
    user = request.user
    form = InviteForm(request.POST, owner=user, auto_id="invite-%s")
    if not form.is_valid():
        context = _index_context(user, invite_form=form, invite_open=True)
        return render(request, "care/index.html", context, status=400)
    link, code = services.invite(
        user,
        form.cleaned_data["label"],
        client_name=form.cleaned_data["client_name"],
        **form.scope_values(),
    )
    join_url = request.build_absolute_uri(reverse("care:join_code", args=[code]))
    return render(
        request, "care/invite_made.html", {"link": link, "code": code, "join_url": join_url}
    )


@login_required
@require_POST
def confirm(request: HttpRequest, link_id) -> HttpResponse:
    link = queries.get_my_link(request.user, link_id)
    try:
        services.confirm(request.user, link)
    except ValidationError as problem:
        messages.error(request, problem.messages[0])
    else:
        messages.success(
            request,
            _("Confirmed. %(label)s can now read what you chose; you can change it any time.")
            % {"label": link.label},
        )
    return redirect("care:index")


@login_required
@require_http_methods(["GET", "POST"])
def scope(request: HttpRequest, link_id) -> HttpResponse:
    """Change what the carer may read; it holds from their next request."""
    user = request.user
    link = queries.get_my_link(user, link_id)
    if link.is_over:
        raise Http404
    form = ScopeForm(_posted(request), owner=user, initial=_scope_initial(link))
    if request.method == "POST" and form.is_valid():
        services.change_scope(user, link, **form.scope_values())
        messages.success(
            request,
            _("Saved. From their next visit, %(label)s sees only what you chose now.")
            % {"label": link.label},
        )
        return redirect("care:index")
    status = 400 if form.errors else 200
    return render(request, "care/scope.html", {"link": link, "form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def end(request: HttpRequest, link_id) -> HttpResponse:
    """End a link, withdraw an invitation, or say "not this person": all the same to the carer."""
    user = request.user
    link = queries.get_my_link(user, link_id)
    if link.is_over:
        return redirect("care:index")
    if request.method == "POST":
        waiting = link.status == Status.ACCEPTED
        services.end(user, link)
        if waiting:
            text = _("Done. They see nothing of yours. You can make a new invitation any time.")
        elif link.carer_id:
            text = _("The link has ended. %(label)s sees nothing of yours from now on.") % {
                "label": link.label
            }
        else:
            text = _("Withdrawn. That code no longer opens anything.")
        messages.success(request, text)
        return redirect("care:index")
    return render(request, "care/end.html", {"link": link})


@login_required
@require_GET
def log(request: HttpRequest, link_id) -> HttpResponse:
    """Every read through one link, newest first."""
    link = queries.get_my_link(request.user, link_id)
    reads = queries.reads_of(request.user, link, limit=1000)
    return render(request, "care/log.html", {"link": link, "reads": reads})


def _back(request: HttpRequest) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target
    return reverse("practice:today")


@login_required
@require_POST
def answer(request: HttpRequest, suggestion_id) -> HttpResponse:
    """Try, skip for today, or decline a suggestion. No reason is asked, ever."""
    user = request.user
    suggestion = queries.get_my_suggestion(user, suggestion_id)
    if suggestion.link.status != Status.ACTIVE or suggestion.link.carer_gone:
        raise Http404
    form = AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["answer"][0])
        return redirect(_back(request))
    services.answer(user, suggestion, form.cleaned_data["answer"])
    replies = {
        Suggestion.Answer.TRIED: _("Kept for today. It stays here until the day ends."),
        Suggestion.Answer.SKIPPED: _("Not today, then. It will be here tomorrow."),
        Suggestion.Answer.DECLINED: _("No thanks, noted. It won't come back."),
    }
    messages.success(request, replies[form.cleaned_data["answer"]])
    return redirect(_back(request))


@login_required
@require_POST
def for_sessions(request: HttpRequest, glimmer_id) -> HttpResponse:
    """Mark one of the person's glimmers "for my sessions", or take the mark off."""
    user = request.user
    glimmer = journal.get_glimmer(user, glimmer_id)
    form = SessionsForm(request.POST)
    if form.is_valid():
        marked = form.cleaned_data["marked"]
        services.mark_for_sessions(user, glimmer, marked)
        messages.success(
            request,
            _("Marked for your sessions.") if marked else _("No longer marked for your sessions."),
        )
    else:
        messages.error(request, form.errors["marked"][0])
    return redirect("journal:detail", glimmer_id=glimmer.pk)


# ---------------------------------------------------------------------------
# Reading within scope: the carer's pages, and the client's "see it as my carer does"
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Reading:
    """Who is reading through a link, and where its pages live for them.

    The carer and the client's preview render the same templates; only the
    addresses differ, and only the carer's reads are written down.
    """

    link: CareLink
    preview: bool

    def url(self, page: str, *args) -> str:
        """The address of one of the reading pages (``PAGES`` below) for this reader."""
        prefix = "care:as_carer" if self.preview else "care:client"
        return reverse(prefix + READING_PAGES[page], args=[self.link.pk, *args])


# The reading pages' URL names, after "care:client" (the carer) or "care:as_carer" (preview).
READING_PAGES = {
    "summary": "",
    "glimmers": "_glimmers",
    "glimmer": "_glimmer",
    "photo": "_photo",
    "thumbnail": "_thumbnail",
    "triggers": "_triggers",
}


def _reading(request: HttpRequest, link_id, preview: bool) -> Reading:
    if preview:
        return Reading(queries.get_my_link(request.user, link_id), preview=True)
    return Reading(client_link(request.user, link_id), preview=False)


def _read_page(request: HttpRequest, reading: Reading, template: str, context: dict):
    link = reading.link
    urls = {
        page: reading.url(page)
        for page in ("summary", "glimmers", "triggers")
        if page != "triggers" or link.with_triggers
    }
    return render(
        request,
        template,
        {
            "link": link,
            "reading": reading,
            "preview": reading.preview,
            "urls": urls,
            "client_zone": zone_of(link.owner),
            **context,
        },
    )


def _note(request: HttpRequest, reading: Reading, page: str, record="") -> None:
    if not reading.preview:
        services.note_read(request.user, reading.link, page, record)


def _visible(reading: Reading) -> bool:
    """Whether the carer reads anything through the link now (the preview of an ended link
    or an unconfirmed one shows what they would see only once confirmed)."""
    return not reading.link.is_over


def _summary(request: HttpRequest, link_id, preview: bool) -> HttpResponse:
    reading = _reading(request, link_id, preview)
    link = reading.link
    if not _visible(reading):
        return _read_page(request, reading, "care/ended_preview.html", {})
    viewer = request.user
    _note(request, reading, "summary")
    summary = queries.summary(viewer, link)
    glance = [
        {"glimmer": glimmer, "url": reading.url("glimmer", glimmer.pk)}
        for glimmer in summary["week_glimmers"]
    ]
    return _read_page(
        request,
        reading,
        "care/summary.html",
        {
            "summary": summary,
            "glance": glance,
            "question": queries.question_over_time(viewer, link) if link.with_insights else None,
            "suggestions": queries.suggestions_seen_by_carer(viewer, link),
        },
    )


def _glimmers(request: HttpRequest, link_id, preview: bool) -> HttpResponse:
    reading = _reading(request, link_id, preview)
    if not _visible(reading):
        return _read_page(request, reading, "care/ended_preview.html", {})
    cursor = request.GET.get("after", "")
    page = queries.glimmer_page(request.user, reading.link, cursor)
    _note(request, reading, "glimmers")
    cards = [{"glimmer": g, "url": reading.url("glimmer", g.pk)} for g in page.items]
    next_url = f"?{urlencode({'after': page.next_cursor})}" if page.next_cursor else None
    return _read_page(
        request,
        reading,
        "care/glimmers.html",
        {"cards": cards, "next_url": next_url, "is_later_page": bool(cursor)},
    )


def _glimmer(request: HttpRequest, link_id, glimmer_id, preview: bool) -> HttpResponse:
    reading = _reading(request, link_id, preview)
    if not _visible(reading):
        raise Http404
    glimmer = queries.get_glimmer(request.user, reading.link, glimmer_id)
    _note(request, reading, "glimmer", glimmer.pk)
    pictures = (
        [
            {
                "photo": photo,
                "url": reading.url("photo", photo.pk),
                "thumbnail": reading.url("thumbnail", photo.pk),
            }
            for photo in glimmer.shown_photos
        ]
        if reading.link.with_photos
        else []
    )
    return _read_page(
        request, reading, "care/glimmer.html", {"glimmer": glimmer, "pictures": pictures}
    )


def _photo(request: HttpRequest, link_id, photo_id, preview: bool, thumbnail: bool):
    reading = _reading(request, link_id, preview)
    if not _visible(reading):
        raise Http404
    photo = care_photo(request.user, reading.link, photo_id)
    _note(request, reading, "photo", photo.pk)
    return photos.serve(photo, thumbnail=thumbnail)


def _triggers(request: HttpRequest, link_id, preview: bool) -> HttpResponse:
    reading = _reading(request, link_id, preview)
    if not _visible(reading) or not reading.link.with_triggers:
        raise Http404
    cursor = request.GET.get("after", "")
    page = queries.trigger_page(request.user, reading.link, cursor)
    _note(request, reading, "triggers")
    next_url = f"?{urlencode({'after': page.next_cursor})}" if page.next_cursor else None
    return _read_page(
        request,
        reading,
        "care/triggers.html",
        {"triggers": page.items, "next_url": next_url, "is_later_page": bool(cursor)},
    )


@login_required
@require_GET
def client(request: HttpRequest, link_id) -> HttpResponse:
    return _summary(request, link_id, preview=False)


@login_required
@require_GET
def client_glimmers(request: HttpRequest, link_id) -> HttpResponse:
    return _glimmers(request, link_id, preview=False)


@login_required
@require_GET
def client_glimmer(request: HttpRequest, link_id, glimmer_id) -> HttpResponse:
    return _glimmer(request, link_id, glimmer_id, preview=False)


@login_required
@require_GET
def client_photo(request: HttpRequest, link_id, photo_id) -> FileResponse:
    return _photo(request, link_id, photo_id, preview=False, thumbnail=False)


@login_required
@require_GET
def client_thumbnail(request: HttpRequest, link_id, photo_id) -> FileResponse:
    return _photo(request, link_id, photo_id, preview=False, thumbnail=True)


@login_required
@require_GET
def client_triggers(request: HttpRequest, link_id) -> HttpResponse:
    return _triggers(request, link_id, preview=False)


@login_required
@require_GET
def as_carer(request: HttpRequest, link_id) -> HttpResponse:
    return _summary(request, link_id, preview=True)


@login_required
@require_GET
def as_carer_glimmers(request: HttpRequest, link_id) -> HttpResponse:
    return _glimmers(request, link_id, preview=True)


@login_required
@require_GET
def as_carer_glimmer(request: HttpRequest, link_id, glimmer_id) -> HttpResponse:
    return _glimmer(request, link_id, glimmer_id, preview=True)


@login_required
@require_GET
def as_carer_photo(request: HttpRequest, link_id, photo_id) -> FileResponse:
    return _photo(request, link_id, photo_id, preview=True, thumbnail=False)


@login_required
@require_GET
def as_carer_thumbnail(request: HttpRequest, link_id, photo_id) -> FileResponse:
    return _photo(request, link_id, photo_id, preview=True, thumbnail=True)


@login_required
@require_GET
def as_carer_triggers(request: HttpRequest, link_id) -> HttpResponse:
    return _triggers(request, link_id, preview=True)


# ---------------------------------------------------------------------------
# The carer's own pages: clients, suggestions
# ---------------------------------------------------------------------------


@login_required
@require_GET
def clients(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "care/clients.html",
        {
            "clients": queries.my_clients(user),
            "waiting": queries.waiting_for_confirmation(user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def suggest(request: HttpRequest, link_id) -> HttpResponse:
    """Suggest a prompt or practice; it waits on the client's Today."""
    user = request.user
    link = client_link(user, link_id)
    form = SuggestionForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        services.suggest(user, link, **form.suggestion())
        messages.success(
            request,
            _("Sent. It waits on %(name)s’s Today, to try, skip or decline as they like.")
            % {"name": link.client_name or _("your client")},
        )
        return redirect("care:client", link_id=link.pk)
    services.note_read(user, link, "suggestions")
    return render(
        request,
        "care/suggest.html",
        {
            "link": link,
            "form": form,
            "suggestions": queries.suggestions_seen_by_carer(user, link),
        },
        status=400 if form.errors else 200,
    )


# ---------------------------------------------------------------------------
# Taking up an invitation
# ---------------------------------------------------------------------------


def _guarded_lookup(request: HttpRequest, code: str) -> CareLink | None:
    """The open invitation for ``code``; every miss counts against this address, as a
    wrong password does, so codes cannot be guessed (accounts/throttle.py)."""
    throttle.guard(request, "invite")
    found = services.open_invite(code)
    if found is None:
        throttle.failed(request, "invite")
    return found


@require_http_methods(["GET", "POST"])
def join(request: HttpRequest, code: str = "") -> HttpResponse:
    """Open a care invitation: typed here, or followed as a link."""
    if not code:
        form = CodeForm(_posted(request))
        if request.method == "POST" and form.is_valid():
            return redirect("care:join_code", code=form.cleaned_data["code"])
        status = 400 if form.errors else 200
        return render(request, "care/join.html", {"form": form}, status=status)
    try:
        found = _guarded_lookup(request, code)
    except throttle.Throttled as paused:
        response = render(
            request, "care/join.html", {"form": CodeForm(), "paused": str(paused)}, status=429
        )
        response["Retry-After"] = str(paused.retry_after)
        return response
    if found is None:
        return render(request, "care/join.html", {"form": CodeForm(), "unusable": True}, status=404)
    if not request.user.is_authenticated:
        return _join_as_newcomer(request, found, code)
    return _join_signed_in(request, found, code)


def _join_signed_in(request: HttpRequest, found: CareLink, code: str) -> HttpResponse:
    user = request.user
    context = {"invite": found, "code": code}
    if found.owner_id == user.pk:
        return render(request, "care/join_own.html", context)
    form = AcceptForm(_posted(request), carer_already=user.is_carer)
    if request.method == "POST" and form.is_valid():
        if not user.is_carer:
            accounts.update_preferences(user, is_carer=True)
        try:
            services.accept(user, code, carer_name=form.cleaned_data["carer_name"])
        except ValidationError as problem:
            form.add_error(None, problem.messages[0])
        else:
            messages.success(
                request,
                _(
                    "Thank you. %(name)s will now confirm that it is you; until they do, you "
                    "see nothing of theirs."
                )
                % {"name": found.client_name or _("Your client")},
            )
            return redirect("care:clients")
    status = 400 if form.errors else 200
    return render(request, "care/join_accept.html", {**context, "form": form}, status=status)


def _join_as_newcomer(request: HttpRequest, found: CareLink, code: str) -> HttpResponse:
    """Someone without an account: sign in, or make one right here.

    An invitation lets a carer make an account even when open sign-up is off;
    making one is throttled just as the sign-up page is.
    """
    making = request.method == "POST"
    account_form = NewAccountForm(request.POST if making else None)
    # The invitation is read first; the sign-up form's own focus would skip past it.
    account_form.fields["username"].widget.attrs.pop("autofocus", None)
    accept_form = AcceptForm(request.POST if making else None, carer_already=False)
    here = reverse("care:join_code", args=[code])
    context = {
        "invite": found,
        "code": code,
        "account_form": account_form,
        "accept_form": accept_form,
        "sign_in": f"{reverse(settings.LOGIN_URL)}?{urlencode({'next': here})}",
    }
    if making:
        try:
            throttle.guard(request, "signup")
        except throttle.Throttled as paused:
            account_form.add_error(None, str(paused))
            response = render(request, "care/join_newcomer.html", context, status=429)
            response["Retry-After"] = str(paused.retry_after)
            return response
        throttle.failed(request, "signup")  # every account made from here counts
        both_valid = account_form.is_valid() & accept_form.is_valid()
        if both_valid:
            user = accounts.create_account(
                username=account_form.cleaned_data["username"],
                password=account_form.cleaned_data["password1"],
                time_zone=account_form.cleaned_data["time_zone"],
            )
            accounts.update_preferences(user, is_carer=True)
            security_log.record(user, SecurityEvent.Kind.ACCOUNT_CREATED, request)
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            try:
                services.accept(user, code, carer_name=accept_form.cleaned_data["carer_name"])
            except ValidationError as problem:
                messages.error(request, problem.messages[0])
                return redirect("care:clients")
            messages.success(
                request,
                _(
                    "Welcome. %(name)s will now confirm that it is you; until they do, you see "
                    "nothing of theirs."
                )
                % {"name": found.client_name or _("Your client")},
            )
            response = redirect("care:clients")
            throttle.remember_device(response, user)
            return response
    status = 400 if (account_form.errors or accept_form.errors) else 200
    return render(request, "care/join_newcomer.html", context, status=status)
