"""A brand's team: invitations by e-mail, deactivation and reactivation.

Like the post workflow, each function checks permission, changes what it
changes inside a transaction and writes its audit event in that same
transaction. Views call these functions and nothing else. A refusal the
person can act on raises ``TeamError``, whose message is shown as it is.
"""

import logging
from datetime import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from socialgov.accounts import erasure
from socialgov.accounts.models import Absence, Invitation, Membership, Role, hash_token
from socialgov.accounts.permissions import can, forget_roles
from socialgov.accounts.sessions import end_sessions
from socialgov.audit.events import record
from socialgov.audit.models import AuditEvent
from socialgov.lib.errors import Refused

logger = logging.getLogger(__name__)


class TeamError(Refused):
    """A move the team's current state does not allow; shown to the user as it is."""


def _member_data(membership):
    return {"member": membership.user_id, "username": membership.user.get_username(),
            "role": membership.role}


def _require_manager(user, brand):
    if not can(user, "manage", brand):
        raise PermissionDenied("manage")


def _locked_brand(brand):
    """Serialise team changes per brand (two admins stepping down at once)."""
    return type(brand).objects.select_for_update(no_key=True).get(pk=brand.pk)


def leaves_no_admin(brand, membership, new_role=None, deactivating=False):
    """Would this change leave the brand without an active brand admin?

    Call inside a transaction: the brand's row is locked so two admins stepping
    down at once cannot both pass.
    """
    if not membership.is_active or membership.role != Role.BRAND_ADMIN:
        return False
    if new_role == Role.BRAND_ADMIN and not deactivating:
        return False
    _locked_brand(brand)
    others = brand.memberships.active().filter(role=Role.BRAND_ADMIN).exclude(pk=membership.pk)
    return not others.exists()


def users_with_email(email):
    User = get_user_model()
    return User.objects.filter(email__iexact=email.strip())


def member_with_email(brand, email):
    """The brand's membership (active or not) of someone with this address, if any."""
    return (
        brand.memberships.filter(user__email__iexact=email.strip())
        .select_related("user")
        .order_by("-is_active", "pk")
        .first()
    )


# -- invitations ----------------------------------------------------------------


def _send(invitation, token, build_link):
    """E-mail the one-time link, in English and French (we cannot know which
    one the invitee reads). Returns False when the e-mail could not be sent."""
    context = {
        "invitation": invitation,
        "brand": invitation.brand,
        "link": build_link(token),
        "inviter": invitation.invited_by.get_username() if invitation.invited_by else "",
        "expires_at": invitation.expires_at,
    }
    subjects, bodies = [], []
    for language in ("en", "fr"):
        with override(language):
            subjects.append(
                _("Invitation to %(brand)s on SocialGov") % {"brand": invitation.brand.name}
            )
            context["role"] = invitation.get_role_display()
            bodies.append(render_to_string("accounts/email/invitation.txt", context).strip())
    try:
        send_mail(" / ".join(subjects), "\n\n-----\n\n".join(bodies),
                  settings.DEFAULT_FROM_EMAIL, [invitation.email])
    except Exception:
        logger.warning("could not e-mail invitation %s", invitation.pk, exc_info=True)
        return False
    return True


def invite(actor, brand, email, role, build_link):
    """Invite ``email`` to ``brand`` as ``role``; returns (invitation, sent).

    ``build_link(token)`` makes the absolute address the e-mail carries.
    """
    _require_manager(actor, brand)
    email = email.strip().lower()
    role = Role(role)
    with transaction.atomic():
        _locked_brand(brand)
        if member_with_email(brand, email) is not None:
            raise TeamError(_("Someone with this e-mail address is already a member of "
                              "this brand."))
        invitation = Invitation(brand=brand, email=email, role=role, invited_by=actor)
        token = invitation.new_token()
        try:
            with transaction.atomic():
                invitation.save()
        except IntegrityError:
            raise TeamError(_("%(email)s is already invited: resend the invitation from the "
                              "list instead.") % {"email": email}) from None
        record("member_invited", actor=actor, brand=brand, email=email, role=role.value)
    return invitation, _send(invitation, token, build_link)


def _open_invitation(brand, pk):
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("brand", "invited_by")
        .filter(brand=brand, pk=pk).first()
    )
    if invitation is None:
        raise Invitation.DoesNotExist
    if invitation.accepted_at is not None:
        raise TeamError(_("This invitation has already been accepted."))
    if invitation.revoked_at is not None:
        raise TeamError(_("This invitation has been revoked."))
    return invitation


def resend(actor, invitation, build_link):
    """A new link (the old one stops working) and seven more days; returns sent."""
    _require_manager(actor, invitation.brand)
    with transaction.atomic():
        invitation = _open_invitation(invitation.brand, invitation.pk)
        token = invitation.new_token()
        invitation.invited_by = actor
        invitation.save(update_fields=["token_hash", "sent_at", "expires_at", "invited_by"])
        record("invitation_resent", actor=actor, brand=invitation.brand,
               email=invitation.email, role=invitation.role)
    return _send(invitation, token, build_link)


def revoke(actor, invitation):
    _require_manager(actor, invitation.brand)
    with transaction.atomic():
        invitation = _open_invitation(invitation.brand, invitation.pk)
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        record("invitation_revoked", actor=actor, brand=invitation.brand,
               email=invitation.email, role=invitation.role)
    return invitation


def find_invitation(token):
    """The invitation a link names, whatever its status, or None."""
    if not token:
        return None
    return (
        Invitation.objects.select_related("brand", "invited_by")
        .filter(token_hash=hash_token(token)).first()
    )


def _unusable_message(invitation):
    if invitation.accepted_at is not None:
        return _("This invitation has already been used.")
    if invitation.revoked_at is not None:
        return _("This invitation has been withdrawn by the brand's admins.")
    return _("This invitation has expired. Ask the brand's admins to send it again.")


def problem_with(invitation):
    """Why this link cannot be used now, or None."""
    if invitation is None:
        return _("This invitation link is not valid. Check that you copied all of it.")
    if not invitation.is_usable:
        return _unusable_message(invitation)
    return None


def accept(user, invitation):
    """The invitee, logged in, joins the brand with the invited role. The link
    works once: the invitation's row is locked and its status read again."""
    if not user.is_authenticated or not user.is_active:
        raise PermissionDenied("accept")
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update(of=("self",)).select_related("brand")
            .get(pk=invitation.pk)
        )
        problem = problem_with(invitation)
        if problem:
            raise TeamError(problem)
        if not users_with_email(invitation.email).filter(pk=user.pk).exists():
            raise PermissionDenied("this invitation is for another address")
        membership, created = Membership.objects.get_or_create(
            user=user, brand=invitation.brand,
            defaults={"role": invitation.role},
        )
        if not created:
            membership.role = invitation.role
            membership.is_active = True
            membership.deactivated_at = None
            membership.deactivated_by = None
            membership.save(update_fields=["role", "is_active", "deactivated_at",
                                           "deactivated_by"])
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
        record("invitation_accepted", actor=user, brand=invitation.brand,
               email=invitation.email, **_member_data(membership))
    forget_roles(user)
    return membership


def accept_as_new_user(invitation, create_user):
    """Someone without an account picks a username and a password and joins.

    ``create_user()`` saves the new account (the sign-up form's ``save``); it
    runs in the same transaction as the acceptance, so a link used meanwhile
    leaves no account behind.
    """
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        problem = problem_with(locked)
        if problem:
            raise TeamError(problem)
        if users_with_email(locked.email).exists():
            raise TeamError(_("An account with this e-mail address already exists: log in "
                              "to accept the invitation."))
        user = create_user()
        accept(user, locked)
    return user


# -- deactivation -------------------------------------------------------------------


def deactivate(actor, membership):
    """The member loses access to the brand and every session of theirs ends.

    The membership row stays (history, reactivation). Someone left with no
    active membership anywhere, and who is not staff, cannot log in any more.
    """
    brand = membership.brand
    _require_manager(actor, brand)
    with transaction.atomic():
        _locked_brand(brand)
        membership = Membership.objects.select_related("user").get(pk=membership.pk)
        if not membership.is_active:
            raise TeamError(_("%(username)s is already deactivated.")
                            % {"username": membership.user.get_username()})
        if membership.user_id == actor.pk:
            raise TeamError(_("You cannot deactivate yourself: ask another brand admin."))
        if leaves_no_admin(brand, membership, deactivating=True):
            raise TeamError(_("%(username)s is the last brand admin of this brand: make "
                              "someone else brand admin first.")
                            % {"username": membership.user.get_username()})
        membership.is_active = False
        membership.deactivated_at = timezone.now()
        membership.deactivated_by = actor
        membership.save(update_fields=["is_active", "deactivated_at", "deactivated_by"])
        user = membership.user
        account_closed = False
        if (not user.is_staff and not user.is_superuser and user.is_active
                and not user.memberships.active().exists()):
            user.is_active = False
            user.save(update_fields=["is_active"])
            account_closed = True
        ended = end_sessions(user)
        record("member_deactivated", actor=actor, brand=brand, account_closed=account_closed,
               **_member_data(membership))
    return membership, ended


def reactivate(actor, membership):
    """Give a deactivated member their access back, with the role they had."""
    brand = membership.brand
    _require_manager(actor, brand)
    with transaction.atomic():
        membership = (
            Membership.objects.select_for_update(of=("self",)).select_related("user")
            .get(pk=membership.pk)
        )
        if membership.is_active:
            raise TeamError(_("%(username)s is already active.")
                            % {"username": membership.user.get_username()})
        if erasure.is_erased(membership.user):
            raise TeamError(_("This person's personal data was erased: their account cannot "
                              "be opened again. Invite them anew."))
        membership.is_active = True
        membership.deactivated_at = None
        membership.deactivated_by = None
        membership.save(update_fields=["is_active", "deactivated_at", "deactivated_by"])
        user = membership.user
        if not user.is_active:
            user.is_active = True
            user.save(update_fields=["is_active"])
        record("member_reactivated", actor=actor, brand=brand, **_member_data(membership))
    return membership


# -- members ----------------------------------------------------------------------


def _last_admin_message(actor, membership):
    if membership.user_id == actor.pk:
        return _("You are the last brand admin of this brand: make someone else brand "
                 "admin before you step down.")
    return _("%(username)s is the last brand admin of this brand: make someone else brand "
             "admin first.") % {"username": membership.user.get_username()}


def change_role(actor, membership, role):
    """Give a member another role. Returns False when it is the role they have."""
    brand = membership.brand
    _require_manager(actor, brand)
    role = Role(role)
    with transaction.atomic():
        membership = (Membership.objects.select_for_update(of=("self",))
                      .select_related("user").get(pk=membership.pk))
        old_role = membership.role
        if role == old_role:
            return False
        if leaves_no_admin(brand, membership, role):
            raise TeamError(_last_admin_message(actor, membership))
        membership.role = role
        membership.save(update_fields=["role"])
        record("member_changed", actor=actor, brand=brand, previous_role=old_role,
               **_member_data(membership))
    forget_roles(membership.user)
    if membership.user_id == actor.pk:
        forget_roles(actor)
    return True


def _group_ids(user, brand):
    """The brand's review groups the user is in (their ids)."""
    return sorted(user.review_groups.filter(brand_id=brand.pk).values_list("pk", flat=True))


def remove_member(actor, membership):
    """Take someone out of the brand altogether (their history stays). The event keeps
    their role and review groups, so the brand's history can put them back
    (``restore_member``)."""
    brand = membership.brand
    _require_manager(actor, brand)
    with transaction.atomic():
        membership = (Membership.objects.select_for_update(of=("self",))
                      .select_related("user").get(pk=membership.pk))
        if leaves_no_admin(brand, membership):
            raise TeamError(_last_admin_message(actor, membership))
        data = _member_data(membership)
        if not membership.is_active:  # put back, they are put back deactivated
            data.update(active=False, deactivated_at=membership.deactivated_at.isoformat())
        groups = _group_ids(membership.user, brand)
        membership.delete()
        record("member_removed", actor=actor, brand=brand, groups=groups, **data)
    if membership.user_id == actor.pk:
        forget_roles(actor)
    return membership


def restore_member(actor, brand, removal):
    """Undo ``removal`` (a member_removed event of the brand): the person is a member again
    with the role they had (deactivated if they were), back in the review groups they were
    in that still exist. A new event (member_added) names the removal it undoes; a removal
    is undone once, and not when the person is a member again meanwhile or their account
    is closed."""
    _require_manager(actor, brand)
    if removal.brand_id != brand.pk or removal.action != "member_removed":
        raise ValueError("not a removal from this brand")
    User = get_user_model()
    username = removal.data.get("username", "")
    with transaction.atomic():
        _locked_brand(brand)
        if AuditEvent.objects.filter(brand=brand, data__undoes=removal.pk).exists():
            raise TeamError(_("This removal has already been undone."))
        user = User.objects.filter(pk=removal.data.get("member")).first()
        if user is None:
            raise TeamError(_("The account of %(username)s no longer exists: invite them "
                              "again.") % {"username": username})
        membership = Membership.objects.filter(user=user, brand=brand).first()
        if membership is not None and not membership.is_active:
            raise TeamError(_("%(username)s is a deactivated member of this brand: "
                              "reactivate them on the members page.")
                            % {"username": user.get_username()})
        if membership is not None:
            raise TeamError(_("%(username)s is already a member of this brand, as "
                              "%(role)s.") % {"username": user.get_username(),
                                              "role": membership.get_role_display()})
        active = removal.data.get("active", True)
        if active and not user.is_active:
            raise TeamError(_("The account of %(username)s is deactivated: it cannot be "
                              "given access to the brand.") % {"username": user.get_username()})
        deactivated_at = removal.data.get("deactivated_at")
        membership = Membership.objects.create(
            user=user, brand=brand, role=Role(removal.data["role"]), is_active=active,
            deactivated_at=(None if active else datetime.fromisoformat(deactivated_at)
                            if deactivated_at else removal.created_at))
        groups = user.review_groups.model.objects.filter(
            brand_id=brand.pk, pk__in=removal.data.get("groups", ()))
        user.review_groups.add(*groups)
        record("member_added", actor=actor, brand=brand, undoes=removal.pk,
               groups=sorted(group.pk for group in groups), active=active,
               **_member_data(membership))
    forget_roles(user)
    return membership


# -- absences -----------------------------------------------------------------------


def set_absence(user, starts_on, ends_on):
    """A person marks themself away; every brand they belong to records it, and
    no step of their brands' paths waits on them meanwhile."""
    if ends_on < starts_on:
        raise TeamError(_("The last day away cannot come before the first."))
    with transaction.atomic():
        absence = Absence.objects.create(user=user, starts_on=starts_on, ends_on=ends_on)
        _record_absence(user, "away_set", absence)
    return absence


def remove_absence(user, absence):
    if absence.user_id != user.pk:
        raise PermissionDenied("remove_absence")
    with transaction.atomic():
        _record_absence(user, "away_removed", absence)
        absence.delete()


def _record_absence(user, action, absence):
    for membership in user.memberships.select_related("brand").order_by("brand_id"):
        record(action, actor=user, brand=membership.brand, absence=absence.pk,
               starts_on=absence.starts_on.isoformat(), ends_on=absence.ends_on.isoformat())
