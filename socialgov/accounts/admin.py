from django.contrib import admin, messages
from django.contrib.auth import admin as auth_admin  # registers User first: replaced below
from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from socialgov.accounts import account_changes, erasure
from socialgov.accounts.forms import AdminAddUserForm, AdminChangeUserForm, AdminLoginForm
from socialgov.accounts.models import Invitation, Membership
from socialgov.lib.admin import ReadOnlyAdmin

# Who is in which brand, with which role, changes on the brand's members page (an
# invitation they accept, a role changed, a member deactivated), whose services check and
# write the audit: here it is only shown.


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ["user", "brand", "role", "is_active"]
    list_filter = ["role", "is_active", "brand"]
    list_select_related = ["user", "brand"]
    search_fields = ["user__username", "brand__name"]


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ["email", "brand", "role", "sent_at", "expires_at", "accepted_at", "revoked_at"]
    list_filter = ["role", "brand"]
    search_fields = ["email", "brand__name"]
    # The token is never shown: only its hash is stored, and it opens nothing.
    exclude = ["token_hash"]


# The admin's login says, as the site's does, that logging in is paused or that
# an account is deactivated (socialgov.accounts.forms.RefusalsSaid).
admin.site.login_form = AdminLoginForm

User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class PersonAdmin(auth_admin.UserAdmin):
    """Deleting a user here erases them (socialgov/accounts/erasure.py) instead:
    their account is emptied and deactivated and the audit names them by a
    pseudonym, so their posts, decisions and comments keep an author and the
    history still reads whole. (Their posts, versions, decisions and comments
    hold PROTECT keys: a real delete would have to take that history with it.)
    The erasure's audit event records who did it; no admin log entry is written,
    as one would keep the name. A username that looks like another account's
    is refused (the forms)."""

    add_form = AdminAddUserForm
    form = AdminChangeUserForm

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change:
            account_changes.changed_in_admin(request.user, obj, form.changed_data)

    delete_confirmation_template = "admin/auth/user/erase_confirmation.html"
    delete_selected_confirmation_template = "admin/auth/user/erase_selected_confirmation.html"

    def has_delete_permission(self, request, obj=None):
        if obj is not None and (obj.pk == request.user.pk or erasure.is_erased(obj)):
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            function, name, _description = actions["delete_selected"]
            actions["delete_selected"] = (function, name, _("Erase selected users"))
        return actions

    def get_deleted_objects(self, objs, request):
        # Nothing is deleted, so no PROTECT key stands in the way.
        return [erasure.shown_name(user.get_username()) for user in objs], {}, set(), []

    def log_deletions(self, request, queryset):
        pass  # the erasure's own audit event says it

    def delete_model(self, request, obj):
        erasure.erase(request.user, obj)

    def delete_queryset(self, request, queryset):
        for person in queryset:
            try:
                erasure.erase(request.user, person)
            except erasure.ErasureError as refusal:
                self.message_user(request, str(refusal), messages.WARNING)

    def response_delete(self, request, obj_display, obj_id):
        response = super().response_delete(request, obj_display, obj_id)
        # Said instead of Django's "deleted successfully".
        list(messages.get_messages(request))
        self.message_user(request, _("%(name)s is erased: their history now names them by a "
                                     "pseudonym.") % {"name": obj_display}, messages.SUCCESS)
        return response
