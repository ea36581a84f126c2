"""The brand admin's pages for customer replies: the reply targets, business
hours and holidays ("Replies"), and the saved replies. Thin: the writes are
socialgov/brands/replies.py's, each audited."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from socialgov.brands import replies
from socialgov.brands.reply_forms import HolidayForm, ReplySettingsForm, SavedReplyForm
from socialgov.brands.views import _managed_brand


def _settings_page(request, brand, form=None, holiday_form=None):
    return render(request, "brands/replies.html", {
        "brand": brand,
        "form": form or ReplySettingsForm(brand=brand),
        "holiday_form": holiday_form or HolidayForm(brand=brand),
        "holidays": brand.holidays.all(),
    })


@login_required
@require_http_methods(["GET", "POST"])
def reply_settings(request, slug):
    brand = _managed_brand(request, slug)
    form = ReplySettingsForm(request.POST or None, brand=brand)
    if request.method == "POST" and form.is_valid():
        if replies.change_settings(request.user, brand, **form.values()):
            messages.success(request, _("Reply settings saved."))
        else:
            messages.info(request, _("Nothing changed."))
        return redirect("brands:replies", slug=brand.slug)
    return _settings_page(request, brand, form=form)


@login_required
@require_POST
def holiday_add(request, slug):
    brand = _managed_brand(request, slug)
    form = HolidayForm(request.POST, brand=brand)
    if form.is_valid():
        try:
            holiday = replies.add_holiday(request.user, brand, form.cleaned_data["day"],
                                          form.cleaned_data["name"])
        except replies.ReplySettingsError as error:
            form.add_error("day", str(error))
        else:
            messages.success(request, _("%(day)s added to the holidays.") % {
                "day": holiday.day.isoformat()})
            return redirect("brands:replies", slug=brand.slug)
    return _settings_page(request, brand, holiday_form=form)


@login_required
@require_POST
def holiday_delete(request, slug, pk):
    brand = _managed_brand(request, slug)
    holiday = get_object_or_404(brand.holidays, pk=pk)
    replies.remove_holiday(request.user, holiday)
    messages.success(request, _("%(day)s is no longer a holiday.") % {
        "day": holiday.day.isoformat()})
    return redirect("brands:replies", slug=brand.slug)


@login_required
@require_http_methods(["GET", "POST"])
def saved_replies(request, slug):
    brand = _managed_brand(request, slug)
    form = SavedReplyForm(request.POST or None, brand=brand)
    if request.method == "POST" and form.is_valid():
        saved = _save(request, brand, None, form)
        if saved is not None:
            messages.success(request, _("Saved reply “%(name)s” added.") % {"name": saved.name})
            return redirect("brands:saved_replies", slug=brand.slug)
    return render(request, "brands/saved_replies.html", {
        "brand": brand, "form": form, "saved_replies": brand.saved_replies.all(),
    })


@login_required
@require_http_methods(["GET", "POST"])
def saved_reply_edit(request, slug, pk):
    brand = _managed_brand(request, slug)
    saved = get_object_or_404(brand.saved_replies, pk=pk)
    form = SavedReplyForm(request.POST or None, brand=brand, saved=saved)
    if request.method == "POST" and form.is_valid():
        if _save(request, brand, saved, form) is not None:
            messages.success(request, _("Saved reply “%(name)s” saved.") % {"name": saved.name})
            return redirect("brands:saved_replies", slug=brand.slug)
    return render(request, "brands/saved_reply_form.html", {
        "brand": brand, "form": form, "saved": saved,
    })


def _save(request, brand, saved, form):
    data = form.cleaned_data
    try:
        return replies.save_saved_reply(request.user, brand, saved, name=data["name"],
                                        language=data["language"], text=data["text"])
    except replies.ReplySettingsError as error:
        form.add_error("name", str(error))
        return None


@login_required
@require_POST
def saved_reply_delete(request, slug, pk):
    brand = _managed_brand(request, slug)
    saved = get_object_or_404(brand.saved_replies, pk=pk)
    name = saved.name
    replies.delete_saved_reply(request.user, saved)
    messages.success(request, _("Saved reply “%(name)s” deleted.") % {"name": name})
    return redirect("brands:saved_replies", slug=brand.slug)
