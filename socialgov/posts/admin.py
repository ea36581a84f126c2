from django.contrib import admin
from django.db import models

from socialgov.lib.admin import ReadOnlyAdmin
from socialgov.posts.models import (
    CheckJob,
    CheckRun,
    Comment,
    CustomerReply,
    Decision,
    Finding,
    Post,
    PostVariant,
    PostVersion,
    ReviewRound,
    Waiver,
)


@admin.register(Post)
class PostAdmin(ReadOnlyAdmin):
    list_display = ["pk", "brand", "author", "state", "risk", "updated_at"]
    list_filter = ["state", "brand"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(PostVersion)
class PostVersionAdmin(ReadOnlyAdmin):
    list_display = ["post", "number", "author", "language", "created_at"]


@admin.register(PostVariant)
class PostVariantAdmin(ReadOnlyAdmin):
    list_display = ["version", "language", "network"]
    list_filter = ["language", "network"]


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ["post", "version", "step", "decided_by", "kind", "created_at"]


@admin.register(CheckJob)
class CheckJobAdmin(ReadOnlyAdmin):
    list_display = ["job_id", "post", "version", "attempt", "status", "updated_at"]
    list_filter = ["status"]
    search_fields = ["job_id"]


@admin.register(CheckRun)
class CheckRunAdmin(ReadOnlyAdmin):
    list_display = ["check_key", "version", "rule_set_version", "risk", "blocking", "created_at"]
    list_filter = ["risk", "blocking"]


@admin.register(Finding)
class FindingAdmin(ReadOnlyAdmin):
    list_display = ["version", "rule_name", "kind", "severity", "matched"]
    list_filter = ["severity", "kind"]
    search_fields = ["rule_name", "matched"]


@admin.register(Waiver)
class WaiverAdmin(ReadOnlyAdmin):
    list_display = ["finding", "waived_by", "created_at"]


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdmin):
    list_display = ["post", "version", "author", "quote", "resolved_at", "created_at"]
    search_fields = ["body", "quote"]


@admin.register(ReviewRound)
class ReviewRoundAdmin(ReadOnlyAdmin):
    list_display = ["post", "version", "number", "risk", "outcome"]
    list_filter = ["outcome"]


@admin.register(CustomerReply)
class CustomerReplyAdmin(ReadOnlyAdmin):
    list_display = ["post", "network", "received_at", "respond_by", "saved_reply"]
    list_filter = ["network"]
