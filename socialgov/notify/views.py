"""The notifications' pages. Thin: writes in socialgov/notify/preferences.py,
what a notice says in socialgov/notify/present.py."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language, get_language
from django.utils.translation import gettext as _
from django.views import i18n
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from socialgov.notify import preferences
from socialgov.notify.counts import Counts
from socialgov.notify.forms import ChannelsForm, SettingsForm
from socialgov.notify.kinds import Channel
from socialgov.notify.present import present

PAGE_SIZE = 20


def _language():
    return (get_language() or settings.LANGUAGE_CODE)[:2]


@login_required
@require_safe
def notice_list(request):
    notices = (preferences.visible_notices(request.user)
               .select_related("event", "brand", "post__current_version")
               .order_by("-created_at", "-pk"))
    page = Paginator(notices, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notify/list.html", {
        "page": page,
        "items": present(page.object_list, _language()),
    })


@login_required
@require_safe
def open_notice(request, notice):
    """Mark the notice read and go to what it is about."""
    found = get_object_or_404(preferences.visible_notices(request.user), pk=notice)
    preferences.mark_read(request.user, found)
    if url_has_allowed_host_and_scheme(found.url, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return redirect(found.url)
    return redirect("notify:list")


@login_required
@require_POST
def read_all(request):
    count = preferences.mark_all_read(request.user)
    if count:
        messages.success(request, _("All your notifications are marked as read."))
    return redirect("notify:list")


@login_required
@require_http_methods(["GET", "POST"])
def notice_settings(request):
    current = preferences.settings_for(request.user)
    data = request.POST if request.method == "POST" else None
    settings_form = SettingsForm(data, initial={
        "digest_hour": current.digest_hour, "language": current.language,
        "time_zone": current.time_zone})
    channels_form = ChannelsForm(data, channels=preferences.channels_for(request.user))
    if data is not None and settings_form.is_valid() and channels_form.is_valid():
        preferences.save(request.user, channels=channels_form.channels,
                         **settings_form.cleaned_data)
        messages.success(request, _("Your notification settings are saved."))
        return redirect("notify:settings")
    return render(request, "notify/settings.html", {
        "settings_form": settings_form,
        "channels_form": channels_form,
        "channels": Channel.choices,
    })


def _number(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@never_cache
@require_safe
def poll(request):
    """The header's counts, polled by every page (htmx): the next poller, and the
    counts that changed since the page last showed them. A visitor whose
    session ended gets 204, which stops the polling."""
    if not request.user.is_authenticated:
        return HttpResponse(status=204)
    counts = Counts(request.user)
    with_waiting = "waiting" in request.GET
    poll_number = (_number(request.GET.get("poll")) or 0) + 1
    # Rendered without the request: the pages' context processors (and their
    # queries) are not needed for two numbers.
    return HttpResponse(render_to_string("notify/_poll_response.html", {
        "notify_counts": counts,
        "with_waiting": with_waiting,
        "poll": poll_number,
        "polling": poll_number < counts.polls,
        "unread_changed": counts.unread != _number(request.GET.get("unread")),
        "waiting_changed": with_waiting
        and counts.waiting != _number(request.GET.get("waiting")),
    }))


def set_language(request):
    """Django's language switch; a person who uses it gets their e-mails in that
    language from then on."""
    response = i18n.set_language(request)
    language = request.POST.get("language", "") if request.method == "POST" else ""
    if request.user.is_authenticated and language and check_for_language(language):
        preferences.remember_language(request.user, language)
    return response
