from django.contrib import admin

from socialgov.lib.admin import ReadOnlyAdmin
from socialgov.planning.models import CalendarFeed


@admin.register(CalendarFeed)
class CalendarFeedAdmin(ReadOnlyAdmin):
    """Who has a feed and since when; the token's hash is never shown. Made and renewed
    by its owner (audited), not here."""

    list_display = ("user", "language", "created_at", "renewed_at")
    fields = ("user", "language", "created_at", "renewed_at")
    readonly_fields = fields
    search_fields = ("user__username",)
