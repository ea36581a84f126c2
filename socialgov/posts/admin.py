from django.contrib import admin
from django.db import models

from socialgov.posts.models import AuditEvent, Decision, Post, PostVersion


class ReadOnlyAdmin(admin.ModelAdmin):
    """History is looked at, never edited: transitions go through the workflow."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Post)
class PostAdmin(ReadOnlyAdmin):
    list_display = ["pk", "brand", "author", "state", "risk", "updated_at"]
    list_filter = ["state", "brand"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(PostVersion)
class PostVersionAdmin(ReadOnlyAdmin):
    list_display = ["post", "number", "author", "language", "created_at"]


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ["post", "version", "step", "decided_by", "kind", "created_at"]


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "actor_name", "action", "brand_name", "post", "from_state",
                    "to_state"]
    list_filter = ["action"]
    search_fields = ["actor_name", "reason"]
