from django.contrib import admin

from socialgov.planning.models import CalendarFeed


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    """Who has a feed and since when; the token's hash is never shown."""

    list_display = ("user", "language", "created_at", "renewed_at")
    fields = ("user", "language", "created_at", "renewed_at")
    readonly_fields = fields
    search_fields = ("user__username",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
