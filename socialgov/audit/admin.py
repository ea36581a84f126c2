from django.contrib import admin

from socialgov.audit.models import AuditEvent
from socialgov.lib.admin import ReadOnlyAdmin


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "actor_name", "action", "brand_name", "post", "from_state",
                    "to_state"]
    list_filter = ["action"]
    search_fields = ["actor_name", "brand_name"]
