"""The brand admin's pages: rules, voice guidelines, members, settings.

Only the brand's admins (and superusers) get in: another member of the brand
gets 403, anyone else 404, as if the brand did not exist. Every change writes
its audit event in the same transaction as the change.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.timezone import localtime
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from socialgov.accounts import teams
from socialgov.accounts.models import Absence, Invitation, Role
from socialgov.accounts.permissions import can
from socialgov.audit.events import record
from socialgov.brands import crisis, history, rule_checks, rules_file, shipped, voice
from socialgov.brands.forms import (
    BrandSettingsForm,
    ContentStrategyForm,
    CrisisReasonForm,
    GuidelineForm,
    InviteForm,
    MemberRoleForm,
    RuleForm,
    RulesConfirmForm,
    RulesImportForm,
    SensitiveDateForm,
    ShippedRulesFilterForm,
    WatchWordForm,
    changed_fields,
    rule_snapshot,
)
from socialgov.brands.models import (
    Brand,
    RecheckBatch,
    Rule,
    SensitiveDate,
    Severity,
    VoiceGuideline,
)
from socialgov.brands.trial import try_rule as trial_of
from socialgov.lib.errors import Refused


def _recheck_to_show(request, brand):
    """The person's last re-check of the brand while it runs; once finished, it is said
    on one page (the first after), not on every visit."""
    batch = RecheckBatch.objects.latest_for(brand, request.user)
    if batch is None or not batch.finished:
        return batch
    return None if _said_finished(request, batch) else batch


def _said_finished(request, batch) -> bool:
    """Whether the end of ``batch`` was already shown to this person; from now on, it is."""
    key = f"recheck_said_{batch.brand_id}"
    said = request.session.get(key) == batch.pk
    request.session[key] = batch.pk
    return said


def _managed_brand(request, slug, action="manage"):
    brand = get_object_or_404(Brand.objects.for_user(request.user), slug=slug)
    if not can(request.user, action, brand):
        raise PermissionDenied
    return brand


@login_required
@require_safe
def brand_list(request):
    brands = Brand.objects.where(request.user, Role.BRAND_ADMIN)
    if not brands.exists():
        raise PermissionDenied("administers no brand")
    return render(request, "brands/list.html", {"brands": brands})


# -- rules ------------------------------------------------------------------


@login_required
@require_safe
def rule_list(request, slug):
    brand = _managed_brand(request, slug)
    rule_set = brand.ruleset
    return render(request, "brands/rules.html", {
        "brand": brand,
        "rule_set": rule_set,
        "rules": rule_set.rules.select_related("guideline"),
        "batch": _recheck_to_show(request, brand),
    })


@login_required
@require_http_methods(["GET", "POST"])
def rule_new(request, slug):
    brand = _managed_brand(request, slug)
    form = RuleForm(request.POST or None, brand=brand, instance=Rule(rule_set=brand.ruleset))
    if request.method == "POST" and "preview" in request.POST:
        return render(request, "brands/_message_sample.html", {"form": form})
    if request.method == "POST" and "try" in request.POST:
        return _tried(request, brand, form, None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            rule = form.save()
            record("rule_created", actor=request.user, brand=brand, rule=rule.pk,
                   subject=rule.name)
        messages.success(request, _("Rule “%(name)s” created.") % {"name": rule.name})
        return redirect("brands:rules", slug=brand.slug)
    return render(request, "brands/rule_form.html", {"brand": brand, "form": form, "rule": None})


@login_required
@require_http_methods(["GET", "POST"])
def rule_edit(request, slug, pk):
    brand = _managed_brand(request, slug)
    rule = get_object_or_404(Rule.objects.select_related("guideline"), rule_set__brand=brand, pk=pk)
    before = rule_snapshot(rule)
    form = RuleForm(request.POST or None, brand=brand, instance=rule)
    if request.method == "POST" and "preview" in request.POST:
        return render(request, "brands/_message_sample.html", {"form": form})
    if request.method == "POST" and "try" in request.POST:
        return _tried(request, brand, form, rule)
    if request.method == "POST" and form.is_valid():
        changed = changed_fields(before, rule_snapshot(form.instance))
        if not changed:
            messages.info(request, _("Nothing changed."))
            return redirect("brands:rules", slug=brand.slug)
        with transaction.atomic():
            rule = form.save()
            record("rule_changed", actor=request.user, brand=brand, rule=rule.pk,
                   subject=rule.name, fields=changed)
        messages.success(request, _("Rule “%(name)s” saved.") % {"name": rule.name})
        return redirect("brands:rules", slug=brand.slug)
    return render(request, "brands/rule_form.html", {"brand": brand, "form": form, "rule": rule})


def _tried(request, brand, form, rule):
    """"Try it": the rule as edited, unsaved, on the sample; the page again (or, asked by
    htmx, only the result)."""
    sample = request.POST.get("sample", "")
    spec = form.unsaved_spec()
    trial = trial_of(spec, sample, get_language()[:2]) if spec is not None else None
    context = {"brand": brand, "form": form, "rule": rule, "trial": trial, "tried": True}
    if request.headers.get("HX-Request"):
        return render(request, "brands/_rule_trial.html", context)
    return render(request, "brands/rule_form.html", context)


@login_required
@require_safe
def rules_export(request, slug):
    brand = _managed_brand(request, slug)
    response = HttpResponse(rules_file.export_brand(brand),
                            content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{brand.slug}-rules.yaml"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def rules_import(request, slug):
    """Read a rules file or a Vale zip, show what it would change, then save it."""
    brand = _managed_brand(request, slug)
    guidelines = set(brand.guidelines.values_list("title", flat=True))
    context = {"brand": brand, "form": RulesImportForm(), "problems": (), "skipped": ()}
    if request.method == "POST" and "confirm" in request.POST:
        confirm = RulesConfirmForm(request.POST)
        if confirm.is_valid():
            found = rules_file.read_yaml(confirm.cleaned_data["rules_yaml"], guidelines)
            if not found.problems:
                plan = voice.import_rules(request.user, brand, found.rules,
                                          confirm.cleaned_data["mode"],
                                          confirm.cleaned_data["source"])
                messages.success(request, _(
                    "Rules imported: %(added)s added, %(replaced)s replaced, %(deleted)s "
                    "deleted. The brand's posts are being checked again.") % {
                        key: len(names) for key, names in plan.items()})
                return redirect("brands:rules", slug=brand.slug)
            context["problems"] = found.problems
        else:
            context["problems"] = [rules_file.Problem(None, _(
                "The import could not be read back; choose the file again."))]
        return render(request, "brands/rules_import.html", context)
    if request.method == "POST":
        form = RulesImportForm(request.POST, request.FILES)
        context["form"] = form
        if form.is_valid():
            upload = form.cleaned_data["file"]
            data = upload.read(rules_file.MAX_FILE_BYTES + 1)
            if upload.name.lower().endswith(".zip") or data.startswith(b"PK\x03\x04"):
                found = rules_file.read_vale_zip(data, upload.name)
            else:
                found = rules_file.read_yaml(data, guidelines)
            context.update(problems=found.problems, skipped=found.skipped)
            if not found.problems:
                mode = form.cleaned_data["mode"]
                context.update(
                    rules=found.rules,
                    plan=voice.plan_import(brand, found.rules, mode),
                    confirm=RulesConfirmForm(initial={
                        "rules_yaml": rules_file.dump(found.rules), "mode": mode,
                        "source": upload.name[:200]}),
                )
    return render(request, "brands/rules_import.html", context)


@login_required
@require_safe
def shipped_rules(request, slug):
    brand = _managed_brand(request, slug)
    groups = shipped.groups(brand)
    changed = [rule for _pack, rules in groups for rule in rules if rule.override]
    filters = ShippedRulesFilterForm(request.GET or None, packs=shipped.pack_choices(groups),
                                     kinds=shipped.kind_choices(groups))
    shown = shipped.matching(groups, **filters.chosen())
    return render(request, "brands/shipped_rules.html", {
        "brand": brand, "groups": shown, "changed": changed, "filters": filters,
        "total": sum(len(rules) for _pack, rules in groups),
        "shown": sum(len(rules) for _pack, rules in shown),
        "severities": Severity.choices})


@login_required
@require_POST
def shipped_rule_change(request, slug):
    """Turn a shipped rule off or on for the brand, or set its severity, with a reason."""
    brand = _managed_brand(request, slug)
    rule_id = request.POST.get("rule", "")
    action = request.POST.get("action", "")
    enabled = action != "off"
    severity = request.POST.get("severity", "") if action == "severity" else ""
    try:
        voice.change_shipped_rule(request.user, brand, rule_id, enabled=enabled,
                                  severity=severity, reason=request.POST.get("reason", ""))
    except voice.VoiceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("“%(rule)s” changed for this brand; its posts are being "
                                    "checked again.") % {"rule": rule_id})
    # Back to the rule, when it is one (an anchor made of anything sent could be longer
    # than a redirect may be).
    anchor = f"#{shipped.anchor_of(rule_id)}" if rule_id in voice.shipped_rules(brand) else ""
    return redirect(reverse("brands:shipped_rules", args=[brand.slug]) + anchor)


HISTORY_LENGTH = 50  # entries shown, newest first


@login_required
@require_safe
def rule_history(request, slug):
    brand = _managed_brand(request, slug)
    return render(request, "brands/history.html", {
        "brand": brand, "entries": history.entries(brand, HISTORY_LENGTH)})


@login_required
@require_POST
def history_undo(request, slug, pk):
    """Undo a change the history lists from its event: a member removed, a step deleted,
    a change of the settings that checks do not read."""
    brand = _managed_brand(request, slug)
    event = get_object_or_404(history.undoable_events(brand), pk=pk)
    try:
        messages.success(request, history.undo(request.user, brand, event))
    except Refused as error:
        messages.error(request, str(error))
    return redirect("brands:history", slug=brand.slug)


@login_required
@require_POST
def rule_restore(request, slug, number):
    brand = _managed_brand(request, slug)
    version = get_object_or_404(brand.rule_versions, number=number)
    if version.number == brand.ruleset.version:
        messages.info(request, _("Version %(number)s is already the brand's rules.")
                      % {"number": number})
        return redirect("brands:history", slug=brand.slug)
    try:
        history.restore(request.user, brand, version)
    except history.RestoreError as error:
        messages.error(request, _("Version %(number)s cannot be restored: %(problem)s")
                       % {"number": number, "problem": error})
        return redirect("brands:history", slug=brand.slug)
    messages.success(request, _(
        "Version %(number)s restored: the brand's rules are those of %(date)s again, and "
        "its posts are being checked again.") % {
            "number": number,
            "date": date_format(localtime(version.created_at), "SHORT_DATETIME_FORMAT")})
    return redirect("brands:history", slug=brand.slug)


@login_required
@require_POST
def rule_toggle(request, slug, pk):
    brand = _managed_brand(request, slug)
    rule = get_object_or_404(Rule, rule_set__brand=brand, pk=pk)
    before = rule_snapshot(rule)
    rule.enabled = not rule.enabled
    if rule.enabled:
        _checker, problem = rule_checks.compiled(rule.as_spec())
        if problem:
            messages.error(request, _("“%(name)s” cannot be switched on: fix its parameters "
                                      "first. %(problem)s") % {"name": rule.name,
                                                               "problem": problem})
            return redirect("brands:rules", slug=brand.slug)
    with transaction.atomic():
        rule.save(update_fields=["enabled", "updated_at"])
        record("rule_changed", actor=request.user, brand=brand, rule=rule.pk, subject=rule.name,
               fields=changed_fields(before, rule_snapshot(rule)))
    if rule.enabled:
        messages.success(request, _("Rule “%(name)s” switched on.") % {"name": rule.name})
    else:
        messages.success(request, _("Rule “%(name)s” switched off.") % {"name": rule.name})
    return redirect("brands:rules", slug=brand.slug)


@login_required
@require_POST
def rule_delete(request, slug, pk):
    brand = _managed_brand(request, slug)
    rule = get_object_or_404(Rule, rule_set__brand=brand, pk=pk)
    name = rule.name
    with transaction.atomic():
        rule_id = rule.pk
        rule.delete()  # the version it makes keeps what the rule was
        record("rule_deleted", actor=request.user, brand=brand, rule=rule_id, subject=name)
    _done_and_restorable(request, brand, _("Rule “%(name)s” deleted.") % {"name": name})
    return redirect("brands:rules", slug=brand.slug)


def _done_and_restorable(request, brand, done):
    """Say ``done``, with a link to the history, which can undo it (the version before)."""
    url = reverse("brands:history", args=[brand.slug])
    messages.success(request, format_html(
        '{} <a href="{}#version-{}">{}</a>', done, url, brand.ruleset.version - 1,
        _("Restore it from the history")))


# -- voice guidelines ---------------------------------------------------------


@login_required
@require_safe
def guideline_list(request, slug):
    brand = _managed_brand(request, slug)
    return render(request, "brands/guidelines.html", {
        "brand": brand,
        "guidelines": brand.guidelines.prefetch_related("rules"),
    })


@login_required
@require_http_methods(["GET", "POST"])
def guideline_new(request, slug):
    return _guideline_form(request, _managed_brand(request, slug), None)


@login_required
@require_http_methods(["GET", "POST"])
def guideline_edit(request, slug, pk):
    brand = _managed_brand(request, slug)
    return _guideline_form(request, brand, get_object_or_404(brand.guidelines, pk=pk))


def _guideline_form(request, brand, guideline):
    old_title = guideline.title if guideline else None
    form = GuidelineForm(
        request.POST or None, instance=guideline or VoiceGuideline(brand=brand)
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            saved = form.save()
            renamed = {"renamed_from": old_title} if guideline and old_title != saved.title else {}
            # A version of the brand's voice, in the history (and, for a rule's
            # guideline, the title its findings name).
            brand.ruleset.bump()
            record("guideline_changed", actor=request.user, brand=brand, guideline=saved.pk,
                   subject=saved.title, created=guideline is None, **renamed)
        messages.success(request, _("Guideline “%(title)s” saved.") % {"title": saved.title})
        return redirect("brands:guidelines", slug=brand.slug)
    return render(request, "brands/guideline_form.html", {
        "brand": brand, "form": form, "guideline": guideline,
    })


@login_required
@require_POST
def guideline_delete(request, slug, pk):
    brand = _managed_brand(request, slug)
    guideline = get_object_or_404(brand.guidelines, pk=pk)
    title = guideline.title
    with transaction.atomic():
        guideline.delete()
        brand.ruleset.bump()
        record("guideline_changed", actor=request.user, brand=brand, subject=title,
               deleted=True)
    _done_and_restorable(request, brand,
                         _("Guideline “%(title)s” deleted.") % {"title": title})
    return redirect("brands:guidelines", slug=brand.slug)


# -- members ------------------------------------------------------------------


def _members_page(request, brand, invite_form=None):
    memberships = list(brand.memberships.select_related("user").order_by("-is_active",
                                                                         "user__username"))
    today = brand.today()
    away = {a.user_id: a for a in Absence.objects.filter(
        user__in=[m.user_id for m in memberships], starts_on__lte=today, ends_on__gte=today)}
    for membership in memberships:
        membership.absence = away.get(membership.user_id)
    return render(request, "brands/members.html", {
        "brand": brand,
        "memberships": memberships,
        "invite_form": invite_form or InviteForm(brand=brand),
        "invitations": brand.invitations.open().select_related("invited_by"),
        "roles": Role.choices,
    })


# Nobody is added by username: a person joins by accepting an invitation sent to
# their address, so a brand admin can neither add someone silently nor learn from the
# answer whether a username (or an account for an address) exists.
@login_required
@require_safe
def members(request, slug):
    return _members_page(request, _managed_brand(request, slug))


def _link_builder(request):
    def build(token):
        return request.build_absolute_uri(reverse("invitation", args=[token]))

    return build


def _after_sending(request, sent, email):
    if sent:
        messages.success(request, _("Invitation sent to %(email)s.") % {"email": email})
    else:
        messages.warning(request, _("The invitation to %(email)s is saved but the e-mail could "
                                    "not be sent: try “Resend” later.") % {"email": email})


@login_required
@require_POST
def member_invite(request, slug):
    brand = _managed_brand(request, slug)
    form = InviteForm(request.POST, brand=brand)
    if not form.is_valid():
        return _members_page(request, brand, invite_form=form)
    try:
        invitation, sent = teams.invite(request.user, brand, form.cleaned_data["email"],
                                        form.cleaned_data["role"], _link_builder(request))
    except teams.TeamError as error:
        form.add_error("email", str(error))
        return _members_page(request, brand, invite_form=form)
    _after_sending(request, sent, invitation.email)
    return redirect("brands:members", slug=brand.slug)


def _invitation_move(request, slug, pk, move):
    brand = _managed_brand(request, slug)
    invitation = get_object_or_404(Invitation.objects.select_related("brand"), brand=brand, pk=pk)
    try:
        move(invitation)
    except teams.TeamError as error:
        messages.error(request, str(error))
    return redirect("brands:members", slug=brand.slug)


@login_required
@require_POST
def invitation_resend(request, slug, pk):
    def move(invitation):
        sent = teams.resend(request.user, invitation, _link_builder(request))
        _after_sending(request, sent, invitation.email)

    return _invitation_move(request, slug, pk, move)


@login_required
@require_POST
def invitation_revoke(request, slug, pk):
    def move(invitation):
        teams.revoke(request.user, invitation)
        messages.success(request, _("The invitation to %(email)s is revoked: its link no "
                                    "longer works.") % {"email": invitation.email})

    return _invitation_move(request, slug, pk, move)


@login_required
@require_POST
def member_deactivate(request, slug, pk):
    brand = _managed_brand(request, slug)
    membership = get_object_or_404(brand.memberships.select_related("user", "brand"), pk=pk)
    try:
        teams.deactivate(request.user, membership)
    except teams.TeamError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("%(username)s is deactivated: they no longer have access "
                                    "to this brand and have been logged out.")
                         % {"username": membership.user.get_username()})
    return redirect("brands:members", slug=brand.slug)


@login_required
@require_POST
def member_reactivate(request, slug, pk):
    brand = _managed_brand(request, slug)
    membership = get_object_or_404(brand.memberships.select_related("user", "brand"), pk=pk)
    try:
        teams.reactivate(request.user, membership)
    except teams.TeamError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("%(username)s is active again, as %(role)s.") % {
            "username": membership.user.get_username(), "role": membership.get_role_display()})
    return redirect("brands:members", slug=brand.slug)


@login_required
@require_POST
def member_role(request, slug, pk):
    brand = _managed_brand(request, slug)
    membership = get_object_or_404(brand.memberships.select_related("user"), pk=pk)
    form = MemberRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the roles."))
        return redirect("brands:members", slug=brand.slug)
    new_role = Role(form.cleaned_data["role"])
    username = membership.user.get_username()
    try:
        changed = teams.change_role(request.user, membership, new_role)
    except teams.TeamError as error:
        messages.error(request, str(error))
        return redirect("brands:members", slug=brand.slug)
    if not changed:
        messages.info(request, _("Nothing changed."))
        return redirect("brands:members", slug=brand.slug)
    messages.success(request, _("%(username)s is now %(role)s.") % {
        "username": username, "role": new_role.label})
    if membership.user_id == request.user.pk and not can(request.user, "manage", brand):
        # The admin has just handed over their own role.
        return redirect("home")
    return redirect("brands:members", slug=brand.slug)


@login_required
@require_POST
def member_remove(request, slug, pk):
    brand = _managed_brand(request, slug)
    membership = get_object_or_404(brand.memberships.select_related("user"), pk=pk)
    username = membership.user.get_username()
    try:
        teams.remove_member(request.user, membership)
    except teams.TeamError as error:
        messages.error(request, str(error))
        return redirect("brands:members", slug=brand.slug)
    messages.success(request, _("%(username)s removed from the brand.") % {"username": username})
    if membership.user_id == request.user.pk and not request.user.is_superuser:
        return redirect("home")
    return redirect("brands:members", slug=brand.slug)


# -- brand settings -------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def brand_settings(request, slug):
    brand = _managed_brand(request, slug)
    # A copy: an invalid form must not rename the brand shown around it.
    form = BrandSettingsForm(request.POST or None, instance=Brand.objects.get(pk=brand.pk),
                             user=request.user)
    if request.method == "POST" and form.is_valid():
        dropped = [name for name in brand.packs or () if name not in form.instance.packs]
        if dropped and "confirm_packs" not in request.POST:
            # Switching a pack off silences many rules at once: say how many, and ask.
            return render(request, "brands/settings.html", {
                "brand": brand, "form": form, "dropped": voice.pack_sizes(dropped)})
        if voice.change_settings(request.user, brand, voice.settings_of(form.instance)):
            messages.success(request, _("Settings saved."))
        else:
            messages.info(request, _("Nothing changed."))
        return redirect("brands:settings", slug=brand.slug)
    return render(request, "brands/settings.html", {
        "brand": brand, "form": form, "batch": _recheck_to_show(request, brand),
    })


# -- content strategy -----------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def content_strategy(request, slug):
    """The brand's content mix and posting rhythm: a change of the settings like any
    other (one event, listed in the history and undone there)."""
    brand = _managed_brand(request, slug)
    form = ContentStrategyForm(request.POST or None, brand=brand)
    if request.method == "POST" and form.is_valid():
        if voice.change_settings(request.user, brand, form.values()):
            messages.success(request, _("Content strategy saved."))
        else:
            messages.info(request, _("Nothing changed."))
        return redirect("brands:strategy", slug=brand.slug)
    return render(request, "brands/strategy.html", {"brand": brand, "form": form})


# -- watch words ------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def watch_words(request, slug):
    brand = _managed_brand(request, slug, "watch")
    form = WatchWordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        word = form.save(commit=False)
        word.brand = brand
        word.created_by = request.user
        with transaction.atomic():
            word.save()
            record("watch_word_added", actor=request.user, brand=brand, subject=word.term,
                   expires_on=word.expires_on.isoformat() if word.expires_on else None,
                   active=word.expires_on is None or word.expires_on >= brand.today())
        messages.success(request, _("“%(term)s” is watched: the brand's posts are being "
                                    "checked again.") % {"term": word.term})
        return redirect("brands:watch_words", slug=brand.slug)
    today = brand.today()
    words = list(brand.watch_words.select_related("created_by"))
    for word in words:
        word.expired = word.expires_on is not None and word.expires_on < today
    return render(request, "brands/watch_words.html", {
        "brand": brand,
        "form": form,
        "words": words,
        "batch": _recheck_to_show(request, brand),
        "not_manager": not can(request.user, "manage", brand),
    })


@login_required
@require_POST
def watch_word_remove(request, slug, pk):
    brand = _managed_brand(request, slug, "watch")
    word = get_object_or_404(brand.watch_words, pk=pk)
    with transaction.atomic():
        record("watch_word_removed", actor=request.user, brand=brand, subject=word.term)
        word.delete()
    messages.success(request, _("“%(term)s” is no longer watched.") % {"term": word.term})
    return redirect("brands:watch_words", slug=brand.slug)


@login_required
@require_safe
@never_cache
def recheck_status(request, slug, pk):
    """The progress of a re-check, polled every 2 s until it is finished."""
    brand = _managed_brand(request, slug, "watch")
    batch = get_object_or_404(RecheckBatch, brand=brand, pk=pk)
    if batch.finished:
        _said_finished(request, batch)  # said here: not again on the next page
    return render(request, "brands/_recheck_status.html", {"brand": brand, "batch": batch})


# -- sensitive-dates calendar ------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def calendar(request, slug):
    brand = _managed_brand(request, slug)
    form = SensitiveDateForm(request.POST or None, instance=SensitiveDate(brand=brand))
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            day = form.save()  # a new version of the rule set (ReadByChecks)
            record("calendar_changed", actor=request.user, brand=brand, added=day.as_text(),
                   subject=day.name_en)
        messages.success(request, _("Date added to the calendar."))
        return redirect("brands:calendar", slug=brand.slug)
    return render(request, "brands/calendar.html", {
        "brand": brand,
        "form": form,
        "dates": brand.sensitive_dates.all(),
        "batch": _recheck_to_show(request, brand),
    })


@login_required
@require_POST
def calendar_delete(request, slug, pk):
    brand = _managed_brand(request, slug)
    day = get_object_or_404(brand.sensitive_dates, pk=pk)
    with transaction.atomic():
        removed, name, when = day.as_text(), day.name, day.when
        day.delete()  # a new version of the rule set (ReadByChecks), which the event names
        record("calendar_changed", actor=request.user, brand=brand, removed=removed,
               subject=day.name_en)
    _done_and_restorable(request, brand, _("“%(name)s” (%(date)s) removed from the calendar.")
                         % {"name": name, "date": when})
    return redirect("brands:calendar", slug=brand.slug)


# -- crisis mode ---------------------------------------------------------------------


@login_required
@require_safe
def crises(request, slug):
    brand = _managed_brand(request, slug, "crisis")
    return render(request, "brands/crises.html", {
        "brand": brand,
        "periods": brand.crisis_periods.select_related("started_by", "ended_by"),
        "form": CrisisReasonForm(),
        "not_manager": not can(request.user, "manage", brand),
    })


def _crisis_move(request, slug, move, done):
    brand = _managed_brand(request, slug, "crisis")
    try:
        move(request.user, brand, request.POST.get("reason"))
    except crisis.CrisisError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done())
    return redirect("brands:crises", slug=brand.slug)


@login_required
@require_POST
def crisis_start(request, slug):
    return _crisis_move(request, slug, crisis.start,
                        lambda: _("Crisis mode is on: approved posts are paused."))


@login_required
@require_POST
def crisis_end(request, slug):
    return _crisis_move(request, slug, crisis.end,
                        lambda: _("Crisis mode has ended: paused posts are checked again."))
