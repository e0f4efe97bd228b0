"""Circle pages. Thin: validation in forms.py, reads in queries.py (through access), writes in
services.py. Anything a viewer may not see or change answers 404."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from glimmers.access import (
    get_circle,
    get_owned,
    get_share,
    owned,
    replies_to,
    shared_photo,
    shares_in_circles,
)
from glimmers.accounts import security_log, throttle
from glimmers.accounts import services as account_services
from glimmers.accounts.forms import NewAccountForm
from glimmers.accounts.models import SecurityEvent
from glimmers.circles import queries, services
from glimmers.circles.forms import CircleForm, InviteForm, JoinForm, ReplyForm, ShareForm
from glimmers.circles.models import Invite, Reply
from glimmers.journal import photos
from glimmers.journal import queries as journal_queries
from glimmers.journal.models import Glimmer

BULK_LIMIT = 100  # glimmers offered at once on the "share several" page


def _index_context(user, **extra) -> dict:
    return {
        "circles": queries.my_circles(user),
        "circle_form": CircleForm(),
        "join_form": JoinForm(),
        **extra,
    }


@login_required
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "circles/index.html", _index_context(request.user))


@login_required
@require_POST
def new(request: HttpRequest) -> HttpResponse:
    form = CircleForm(request.POST)
    if not form.is_valid():
        context = _index_context(request.user, circle_form=form)
        return render(request, "circles/index.html", context, status=400)
    circle = services.make_circle(
        request.user, form.cleaned_data["name"], form.cleaned_data["description"]
    )
    messages.success(
        request,
        _(
            "Your circle is ready. Invite someone when you like: "
            "nothing is shared until you choose."
        ),
    )
    return redirect("circles:people", circle_id=circle.pk)


@login_required
def circle(request: HttpRequest, circle_id) -> HttpResponse:
    """The glimmers shared with a circle, newest first, a page at a time."""
    found = get_circle(request.user, circle_id)
    after = request.GET.get("after", "")
    cards, next_cursor = queries.shared_page(request.user, found, after)
    if not after:
        services.looked(request.user, found)
    return render(
        request,
        "circles/circle.html",
        {
            "circle": found,
            "cards": cards,
            "next_url": f"?{urlencode({'after': next_cursor})}" if next_cursor else "",
            "is_later_page": bool(after),
            "keeper": found.owner_id == request.user.pk,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def shared(request: HttpRequest, share_id) -> HttpResponse:
    """One shared glimmer with its replies, and the form to name a glimmer noticed in it."""
    share = get_share(request.user, share_id)
    form = ReplyForm(request.POST or None, owner=request.user)
    if request.method == "POST" and form.is_valid():
        services.reply(request.user, share, **form.cleaned_data)
        messages.success(request, _("Your reply is there for them to find."))
        return redirect(f"{reverse('circles:circle', args=[share.circle_id])}#share-{share.pk}")
    return render(
        request,
        "circles/shared.html",
        {
            "circle": share.circle,
            "card": queries.shared_glimmer(request.user, share),
            "reply_form": form,
        },
        status=400 if form.errors else 200,
    )


def _reply_of(request, reply_id) -> Reply:
    """A reply the viewer may read (under a share in one of their circles), or 404."""
    readable = replies_to(request.user, shares_in_circles(request.user))
    return get_owned(Reply, request.user, reply_id, queryset=readable.select_related("share"))


@login_required
@require_POST
def hide_reply(request: HttpRequest, reply_id) -> HttpResponse:
    reply = _reply_of(request, reply_id)
    hidden = request.POST.get("show") != "1"
    services.hide_reply(request.user, reply, hidden=hidden)
    messages.success(
        request, _("Hidden. Only you and its writer see it.") if hidden else _("Shown again.")
    )
    return redirect(f"{reverse('circles:shared', args=[reply.share_id])}")


@login_required
@require_POST
def take_back_reply(request: HttpRequest, reply_id) -> HttpResponse:
    reply = _reply_of(request, reply_id)
    share_id = reply.share_id
    services.take_back_reply(request.user, reply)
    messages.success(request, _("Your reply is taken back."))
    return redirect("circles:shared", share_id=share_id)


# ---------------------------------------------------------------------------
# People: invitations, leaving, removing, handing on, closing
# ---------------------------------------------------------------------------


@login_required
def people(request: HttpRequest, circle_id) -> HttpResponse:
    found = get_circle(request.user, circle_id)
    return render(request, "circles/people.html", _people_context(request.user, found))


def _people_context(user, found, **extra) -> dict:
    keeper = found.owner_id == user.pk
    return {
        "circle": found,
        "keeper": keeper,
        "people": queries.people_in(user, found),
        "invites": (
            [invite for invite in owned(Invite, user).filter(circle=found) if invite.is_open]
            if keeper
            else []
        ),
        "invite_form": InviteForm(),
        "edit_form": CircleForm(initial={"name": found.name, "description": found.description}),
        **extra,
    }


@login_required
@require_POST
def invite(request: HttpRequest, circle_id) -> HttpResponse:
    found = get_circle(request.user, circle_id, keeper=True)
    form = InviteForm(request.POST)
    if not form.is_valid():
        context = _people_context(request.user, found, invite_form=form)
        return render(request, "circles/people.html", context, status=400)
    made, code = services.invite(request.user, found, form.cleaned_data["note"])
    link = request.build_absolute_uri(reverse("circles:join_code", args=[code]))
    return render(
        request,
        "circles/invite_made.html",
        {"circle": found, "invite": made, "code": code, "link": link},
    )


@login_required
@require_POST
def withdraw_invite(request: HttpRequest, circle_id, invite_id) -> HttpResponse:
    found = get_circle(request.user, circle_id, keeper=True)
    services.withdraw_invite(request.user, invite_id)
    messages.success(request, _("Withdrawn. That code no longer opens the circle."))
    return redirect("circles:people", circle_id=found.pk)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, circle_id) -> HttpResponse:
    found = get_circle(request.user, circle_id, keeper=True)
    form = CircleForm(
        request.POST or None, initial={"name": found.name, "description": found.description}
    )
    if request.method == "POST" and form.is_valid():
        services.rename(
            request.user, found, form.cleaned_data["name"], form.cleaned_data["description"]
        )
        messages.success(request, _("Saved."))
        return redirect("circles:people", circle_id=found.pk)
    context = _people_context(request.user, found, edit_form=form)
    return render(request, "circles/people.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def remove(request: HttpRequest, circle_id, user_id) -> HttpResponse:
    found = get_circle(request.user, circle_id, keeper=True)
    services.remove_member(request.user, found, user_id)
    messages.success(
        request, _("They are no longer in the circle, and what they shared there went with them.")
    )
    return redirect("circles:people", circle_id=found.pk)


@login_required
@require_POST
def hand_on(request: HttpRequest, circle_id, user_id) -> HttpResponse:
    found = get_circle(request.user, circle_id, keeper=True)
    services.hand_on(request.user, found, user_id)
    messages.success(request, _("Handed on. You are still in the circle."))
    return redirect("circles:people", circle_id=found.pk)


@login_required
@require_http_methods(["GET", "POST"])
def leave(request: HttpRequest, circle_id) -> HttpResponse:
    found = get_circle(request.user, circle_id)
    if request.method == "POST":
        try:
            services.leave(request.user, found)
        except ValidationError as problem:
            messages.error(request, problem.messages[0])
            return redirect("circles:people", circle_id=found.pk)
        messages.success(request, _("You have left the circle. Your journal is as it was."))
        return redirect("circles:index")
    return render(
        request,
        "circles/leave.html",
        {"circle": found, "keeper": found.owner_id == request.user.pk},
    )


@login_required
@require_http_methods(["GET", "POST"])
def close(request: HttpRequest, circle_id) -> HttpResponse:
    found = get_circle(request.user, circle_id, keeper=True)
    if request.method == "POST":
        services.close(request.user, found)
        messages.success(request, _("The circle is closed. Everyone's own journal is as it was."))
        return redirect("circles:index")
    return render(request, "circles/close.html", {"circle": found})


# ---------------------------------------------------------------------------
# Joining
# ---------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def join(request: HttpRequest, code: str = "") -> HttpResponse:
    """Open an invitation: see the circle's name, then join (making an account if need be).

    A code that opens nothing counts against the address, as a wrong password
    does, so codes cannot be guessed by trying many.
    """
    form = JoinForm(request.POST or None, initial={"code": code})
    if request.method == "GET" and not code:
        return render(request, "circles/join.html", {"form": form})
    try:
        throttle.guard(request, "invite")
    except throttle.Throttled as paused:
        form.add_error(None, str(paused))
        return render(request, "circles/join.html", {"form": form}, status=429)
    typed = code
    if request.method == "POST" and "code" in request.POST:
        if not form.is_valid():
            throttle.failed(request, "invite")
            return render(request, "circles/join.html", {"form": form}, status=400)
        typed = form.cleaned_data["code"]
    invite = services.open_invite(typed)
    if invite is None:
        throttle.failed(request, "invite")
        return render(request, "circles/join.html", {"form": form, "unusable": True}, status=404)
    if not request.user.is_authenticated:
        return _join_as_newcomer(request, invite, typed)
    if request.method == "POST" and "join" in request.POST:
        joined = services.join(request.user, typed)
        messages.success(request, _("Welcome to %(name)s.") % {"name": joined.name})
        return redirect("circles:circle", circle_id=joined.pk)
    return render(request, "circles/join.html", {"form": form, "invite": invite, "code": typed})


def _join_as_newcomer(request, invite, code) -> HttpResponse:
    """Someone without an account: sign in, or make one here (open sign-up not needed).

    Making an account counts against the address as a sign-up does.
    """
    making = request.method == "POST" and "make_account" in request.POST
    account_form = NewAccountForm(request.POST if making else None)
    # The invitation is read first: no jumping into the sign-up name.
    account_form.fields["username"].widget.attrs.pop("autofocus", None)
    if making:
        try:
            throttle.guard(request, "signup")
        except throttle.Throttled as paused:
            account_form.add_error(None, str(paused))
            making = False
        else:
            throttle.failed(request, "signup")
    if making and account_form.is_valid():
        user = account_services.create_account(
            username=account_form.cleaned_data["username"],
            password=account_form.cleaned_data["password1"],
            time_zone=account_form.cleaned_data["time_zone"],
        )
        security_log.record(user, SecurityEvent.Kind.ACCOUNT_CREATED, request)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        joined = services.join(user, code)
        messages.success(
            request,
            _("Welcome. Your journal is yours alone; in %(name)s you share only what you choose.")
            % {"name": joined.name},
        )
        return redirect("circles:circle", circle_id=joined.pk)
    here = reverse("circles:join_code", args=[code])
    context = {
        "invite": invite,
        "code": code,
        "account_form": account_form,
        "sign_in": f"{reverse(settings.LOGIN_URL)}?{urlencode({'next': here})}",
    }
    return render(
        request,
        "circles/join_newcomer.html",
        context,
        status=400 if account_form.errors else 200,
    )


# ---------------------------------------------------------------------------
# Sharing one's own glimmers
# ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def share_glimmer(request: HttpRequest, glimmer_id) -> HttpResponse:
    """Choose the circles one glimmer goes to, and what goes with it; or stop sharing it."""
    glimmer = journal_queries.get_glimmer(request.user, glimmer_id)
    current = queries.shared_with(request.user, glimmer)
    first = next(iter(current.values()), None)
    initial = {
        "circles": list(current),
        "with_senses": first.with_senses if first else True,
        "with_people": first.with_people if first else False,
        "with_photos": first.with_photos if first else False,
    }
    form = ShareForm(request.POST or None, owner=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["circles"]
        options = {
            name: form.cleaned_data[name] for name in ("with_senses", "with_people", "with_photos")
        }
        services.share(request.user, glimmer, chosen, **options)
        dropped = [pk for pk in current if pk not in {c.pk for c in chosen}]
        if dropped:
            services.unshare(request.user, glimmer, dropped)
        if chosen:
            messages.success(request, _("Shared. You can stop sharing it at any time, here."))
        else:
            messages.success(request, _("It is no longer shared anywhere."))
        return redirect("journal:detail", glimmer_id=glimmer.pk)
    return render(
        request,
        "circles/share.html",
        {"glimmer": glimmer, "form": form, "shared_now": bool(current)},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def stop_sharing(request: HttpRequest, glimmer_id) -> HttpResponse:
    glimmer = journal_queries.get_glimmer(request.user, glimmer_id)
    services.unshare(request.user, glimmer)
    messages.success(request, _("It is no longer shared anywhere."))
    return redirect("journal:detail", glimmer_id=glimmer.pk)


@login_required
@require_http_methods(["GET", "POST"])
def share_several(request: HttpRequest, circle_id) -> HttpResponse:
    """Share several of one's glimmers with a circle at once, chosen from the journal."""
    found = get_circle(request.user, circle_id)
    mine = list(owned(Glimmer, request.user).order_by("-noticed_at")[:BULK_LIMIT])
    already = queries.shared_glimmer_ids(request.user, found)
    if request.method == "POST":
        wanted = set(request.POST.getlist("glimmers"))
        chosen = [
            glimmer for glimmer in mine if str(glimmer.pk) in wanted and glimmer.pk not in already
        ]
        options = {
            name: request.POST.get(name) == "on"
            for name in ("with_senses", "with_people", "with_photos")
        }
        for glimmer in chosen:
            services.share(request.user, glimmer, [found], **options)
        if chosen:
            messages.success(request, _("Shared with %(name)s.") % {"name": found.name})
        else:
            messages.info(request, _("Nothing was chosen, so nothing was shared."))
        return redirect("circles:circle", circle_id=found.pk)
    return render(
        request,
        "circles/share_several.html",
        {"circle": found, "glimmers": mine, "already": already},
    )


# ---------------------------------------------------------------------------
# Photos shared with a circle
# ---------------------------------------------------------------------------


@login_required
def photo(request: HttpRequest, circle_id, photo_id) -> FileResponse:
    return _photo(request, circle_id, photo_id, thumbnail=False)


@login_required
def photo_thumbnail(request: HttpRequest, circle_id, photo_id) -> FileResponse:
    return _photo(request, circle_id, photo_id, thumbnail=True)


def _photo(request, circle_id, photo_id, thumbnail: bool) -> FileResponse:
    found = get_circle(request.user, circle_id)
    return photos.serve(shared_photo(request.user, found, photo_id), thumbnail=thumbnail)
