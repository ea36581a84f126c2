from django.contrib import admin
from django.contrib.auth import admin as auth_admin  # registers User first: replaced below
from django.contrib.auth import get_user_model

from socialgov.accounts.forms import AdminAddUserForm, AdminChangeUserForm
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


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class UserAdmin(auth_admin.UserAdmin):
    """Django's, refusing a username that looks like another account's."""

    add_form = AdminAddUserForm
    form = AdminChangeUserForm
