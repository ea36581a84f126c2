from django.contrib import admin

from socialgov.lib.admin import ReadOnlyAdmin
from socialgov.notify.models import Digest, Notice, NoticeSettings


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "recipient", "kind", "brand", "post", "delivery", "read_at",
                    "emailed_at"]
    list_filter = ["kind", "delivery"]
    list_select_related = ["recipient", "brand", "post"]
    search_fields = ["recipient__username"]
    raw_id_fields = ["event", "post"]


@admin.register(NoticeSettings)
class NoticeSettingsAdmin(ReadOnlyAdmin):
    list_display = ["user", "language", "digest_hour", "time_zone"]
    list_select_related = ["user"]


@admin.register(Digest)
class DigestAdmin(ReadOnlyAdmin):
    list_display = ["day", "user", "claimed_at"]
    list_select_related = ["user"]
