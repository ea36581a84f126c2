"""A post's history as its page shows it: each event told in the reader's language.

Events hold ids and values (socialgov/audit/models.py); the sentence is made
here, when the page is read. Everything an event names (findings, review
reasons, crisis periods) is read in one query per kind, whatever the number
of events.
"""

from dataclasses import dataclass, field

from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.translation import get_language, ngettext, pgettext
from django.utils.translation import gettext as _

from socialgov.accounts.erasure import shown_name
from socialgov.audit.models import Action
from socialgov.brands.models import CrisisPeriod, ReviewReason, Risk
from socialgov.posts.approval import step_name
from socialgov.posts.models import Finding, Network, State

SYSTEM_CHECK = {Action.CHECK_DONE, Action.RECHECK, Action.APPROVAL_CARRIED,
                Action.APPROVAL_NOT_CARRIED, Action.CHECK_FAILED, Action.CHECK_REQUEUED,
                Action.REPLY_PREAPPROVED}


@dataclass
class Row:
    at: object
    actor: str
    by_system: bool
    sentence: str
    version_number: int | None = None
    from_state: str = ""
    to_state: str = ""
    details: list = field(default_factory=list)  # quoted texts, each shown as written

    @property
    def moved(self):
        return self.from_state != self.to_state


def _label(choices, value):
    try:
        return choices(value).label
    except ValueError:
        return value


class _Lookups:
    """What the events name, read once for all of them."""

    def __init__(self, events):
        findings, reasons, crises = set(), set(), set()
        for event in events:
            data = event.data
            findings.update(data.get("errors", ()))
            findings.update(data.get("new_findings", ()))
            if "finding" in data:
                findings.add(data["finding"])
            reasons.update(data.get("reasons", ()))
            if "crisis" in data:
                crises.add(data["crisis"])
        self.findings = Finding.objects.in_bulk(findings) if findings else {}
        self.reasons = ReviewReason.objects.in_bulk(reasons) if reasons else {}
        self.crises = CrisisPeriod.objects.in_bulk(crises) if crises else {}


def _finding_text(finding, language):
    message = finding.message(language)
    if not finding.matched:
        return message
    if language == "fr":
        return f"«\u00a0{finding.matched}\u00a0» — {message}"
    return f"“{finding.matched}” — {message}"


def rows(post, language=None):
    """The post's events, oldest first, as Rows."""
    language = (language or get_language() or "en")[:2]
    events = list(post.audit_events.order_by("created_at", "pk"))
    lookups = _Lookups(events)
    return [_row(event, lookups, language) for event in events]


def telling(events):
    """A function of a language that tells ``events`` (of any posts and brands)
    as Rows, what they name read once however many languages it is asked for.
    Sentences come in the active language: call it inside ``override``."""
    events = list(events)
    lookups = _Lookups(events)

    def tell(language):
        return [_row(event, lookups, language) for event in events]

    return tell


def _row(event, lookups, language):
    sentence, details = _tell(event, lookups, language)
    if event.actor_name:
        actor = shown_name(event.actor_name)
    elif event.action in SYSTEM_CHECK:
        actor = _("The automatic check")
    else:
        actor = "SocialGov"
    return Row(
        at=event.created_at, actor=actor, by_system=not event.actor_name,
        sentence=sentence, version_number=event.version_number,
        from_state=_label(State, event.from_state) if event.from_state else "",
        to_state=_label(State, event.to_state) if event.to_state else "",
        details=[d for d in details if d],
    )


def _findings(ids, lookups, language):
    return [_finding_text(lookups.findings[i], language) for i in ids if i in lookups.findings]


def _step(data):
    return step_name(data.get("step", ""), data.get("step_name", ""))


def _reasons(data, lookups, language):
    labels = [lookups.reasons[i].label_for(language) for i in data.get("reasons", ())
              if i in lookups.reasons]
    return "; ".join(labels)


def _tell(event, lookups, language):
    """The sentence of one event, and the texts it quotes."""
    data = event.data
    action = event.action
    text = data.get("text", "")
    # Events written before they were typed keep their words as they were.
    legacy = [data["note"]] if "note" in data and action != Action.ASK_WAIVER else []
    if action == Action.CHECK_DONE:
        count = data.get("findings")
        if event.to_state == State.SENT_BACK:
            errors = data.get("errors", ())
            return ngettext(
                "found %(count)d error and sent the post back to its author: fix it, or ask "
                "for a waiver",
                "found %(count)d errors and sent the post back to its author: fix them, or "
                "ask for a waiver", len(errors)) % {"count": len(errors)}, (
                _findings(errors, lookups, language) + legacy)
        if event.to_state == State.APPROVED:
            return _("found nothing new: only the planned time changed, so the approval "
                     "is kept"), legacy
        if count is None:
            return _("checked the post"), legacy
        risk = _label(Risk, data.get("risk", "none"))
        return ngettext(
            "found %(count)d finding (risk: %(risk)s) and sent the post to the reviewers",
            "found %(count)d findings (risk: %(risk)s) and sent the post to the reviewers",
            count) % {"count": count, "risk": risk}, legacy
    if action == Action.RECHECK:
        errors = data.get("errors", ())
        return ngettext(
            "re-checked the post after the brand's rules changed, found %(count)d new error "
            "and sent it back to its author",
            "re-checked the post after the brand's rules changed, found %(count)d new errors "
            "and sent it back to its author", len(errors)) % {"count": len(errors)}, (
            _findings(errors, lookups, language) + legacy)
    if action == Action.SUBMIT and data.get("planned_time_only"):
        return _("changed only the planned time: the post is checked again and keeps its "
                 "approval if nothing new is found"), []
    if action in (Action.APPROVE, Action.CRISIS_SIGNOFF) and data.get("step"):
        return _("approved “%(step)s”: the post is approved") % {"step": _step(data)}, legacy
    if action == Action.STEP_APPROVED and data.get("step"):
        if data.get("advisory"):
            sentence = _("approved “%(step)s” (advisory)") % {"step": _step(data)}
        else:
            sentence = _("approved “%(step)s”") % {"step": _step(data)}
        if data.get("signoff_needed"):
            sentence += pgettext("history", "; a brand admin's crisis sign-off is now needed")
        return sentence, [text]
    if action in (Action.REQUEST_CHANGES, Action.REJECT):
        reasons = _reasons(data, lookups, language)
        sentence = str(Action(action).label)
        if reasons:
            sentence = _("%(decision)s: %(reasons)s") % {"decision": sentence, "reasons": reasons}
        return sentence, [text] + legacy
    if action == Action.ADVISE and data.get("step"):
        return _("gave an advisory opinion on “%(step)s”") % {"step": _step(data)}, [text]
    if action == Action.ASK_WAIVER:
        return str(Action(action).label), [data.get("note", "")]
    if action == Action.WAIVE and "finding" in data:
        waived = _findings([data["finding"]], lookups, language)
        return _("waived a finding: %(finding)s") % {
            "finding": waived[0] if waived else "—"}, [data.get("reason", "")]
    if action == Action.DUPLICATE and "source" in data:
        return _("created this post as a copy of post #%(number)s") % {
            "number": data["source"]}, []
    if action == Action.CHECK_FAILED:
        return _("could not check the post: a person can retry the check"), [
            data.get("error", "")] + legacy
    if action == Action.CHECK_REQUEUED:
        return _("lost the check's job and queued it again"), legacy
    if action in (Action.PAUSE, Action.RESUME) and "crisis" in data:
        period = lookups.crises.get(data["crisis"])
        sentence = (_("started crisis mode, which paused the post") if action == Action.PAUSE
                    else _("ended crisis mode: the post is checked again"))
        if period is None:
            return sentence, []
        reason = period.start_reason if action == Action.PAUSE else period.end_reason
        return sentence, [reason]
    if action == Action.EXPIRE and "planned_at" in data:
        planned = parse_datetime(data["planned_at"])
        when = date_format(planned, "DATETIME_FORMAT") if planned else data["planned_at"]
        return _("expired the post: it was not approved by its planned time, %(time)s") % {
            "time": when}, []
    if action == Action.PUBLISH:
        return str(Action(action).label), [data.get("url", "")] + legacy
    if action == Action.PUBLISHED_ON_NETWORK:
        return _("marked the post as published on %(network)s") % {
            "network": Network(data["network"]).label if data.get("network") in Network.values
            else data.get("network", "?")}, [data.get("url", "")]
    if action == Action.REPLY_PREAPPROVED:
        return _("found nothing above information in the saved reply “%(name)s”, filled in, "
                 "and approved it without review, as the brand allows") % {
            "name": data.get("saved_reply_name", "?")}, [
            ", ".join(f"{{{key}}}: {value}" for key, value in data.get("values", {}).items())]
    if action == Action.APPROVAL_CARRIED:
        return _("kept the approval of version %(number)s: only the planned time changed "
                 "(approved by %(names)s)") % {
            "number": data.get("source_version", "?"),
            "names": ", ".join(map(shown_name, data.get("deciders", ()))) or "—"}, legacy
    if action == Action.APPROVAL_NOT_CARRIED:
        if data.get("crisis"):
            sentence = _("did not keep the approval of version %(number)s: crisis mode is on")
        else:
            sentence = _("did not keep the approval of version %(number)s: the check found "
                         "something new")
        return sentence % {"number": data.get("source_version", "?")}, (
            _findings(data.get("new_findings", ()), lookups, language) + legacy)
    if action == Action.RELEASE_CLAIM:
        return _("released the claim of %(name)s") % {
            "name": shown_name(data.get("claimant", "?"))}, []
    if action in (Action.COMMENT_ADDED, Action.COMMENT_REPLIED, Action.COMMENT_RESOLVED,
                  Action.COMMENT_REOPENED):
        return str(Action(action).label), [data.get("excerpt", "")] + legacy
    return str(_label(Action, action)), [text] + legacy
