from django.contrib import admin

from socialgov.accounts.forms import AdminLoginForm
from socialgov.accounts.models import Invitation, Membership


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "brand", "role", "is_active"]
    list_filter = ["role", "is_active", "brand"]
    search_fields = ["user__username", "brand__name"]
    autocomplete_fields = ["user", "brand"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "brand", "role", "sent_at", "expires_at", "accepted_at", "revoked_at"]
    list_filter = ["role", "brand"]
    search_fields = ["email", "brand__name"]
    # The token is never shown: only its hash is stored, and it opens nothing.
    exclude = ["token_hash"]
    readonly_fields = ["invited_by", "sent_at", "expires_at", "accepted_at", "accepted_by",
                       "revoked_at"]

    def has_add_permission(self, request):
        return False  # invitations are sent from the brand's members page


# The admin's login says, as the site's does, that logging in is paused or that
# an account is deactivated (socialgov.accounts.forms.RefusalsSaid).
admin.site.login_form = AdminLoginForm
