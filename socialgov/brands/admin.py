from django.contrib import admin

from socialgov.accounts.models import Membership
from socialgov.brands.models import (
    ApprovalStep,
    Brand,
    CrisisPeriod,
    Holiday,
    RecheckBatch,
    ReviewGroup,
    ReviewReason,
    Rule,
    RuleSet,
    SavedReply,
    SensitiveDate,
    VoiceGuideline,
    WatchWord,
)
from socialgov.lib.admin import ReadOnlyAdmin


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


class GuidelineInline(admin.StackedInline):
    model = VoiceGuideline
    extra = 0


@admin.register(Brand)
class BrandAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "default_language", "time_zone"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "slug"]
    inlines = [MembershipInline, GuidelineInline]


@admin.register(Rule)
class RuleAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "severity", "enabled", "rule_set"]
    list_filter = ["kind", "severity", "enabled"]
    search_fields = ["name", "message_en", "message_fr"]


@admin.register(RuleSet)
class RuleSetAdmin(admin.ModelAdmin):
    list_display = ["brand", "version", "updated_at"]
    readonly_fields = ["version"]


# Watch words, the calendar and crises change through the brand's own pages,
# which re-check the brand's posts and write the audit; here they are only shown.


@admin.register(WatchWord)
class WatchWordAdmin(ReadOnlyAdmin):
    list_display = ["term", "brand", "expires_on", "created_by", "created_at"]
    list_filter = ["brand"]
    search_fields = ["term"]


@admin.register(SensitiveDate)
class SensitiveDateAdmin(ReadOnlyAdmin):
    list_display = ["name_en", "name_fr", "brand", "month", "day", "year"]
    list_filter = ["brand"]


@admin.register(CrisisPeriod)
class CrisisPeriodAdmin(ReadOnlyAdmin):
    list_display = ["brand", "started_by", "started_at", "ended_by", "ended_at"]
    list_filter = ["brand"]


@admin.register(RecheckBatch)
class RecheckBatchAdmin(ReadOnlyAdmin):
    list_display = ["brand", "requested_by", "total", "done", "sent_back", "created_at",
                    "finished_at"]



# The approval path and the review reasons are edited on the brand's own pages
# (audited); here they are only shown.


@admin.register(ApprovalStep)
class ApprovalStepAdmin(ReadOnlyAdmin):
    list_display = ["brand", "position", "name", "decided_by", "rule", "advisory",
                    "applies_from_risk"]
    list_filter = ["brand"]


@admin.register(ReviewGroup)
class ReviewGroupAdmin(ReadOnlyAdmin):
    list_display = ["brand", "name"]
    list_filter = ["brand"]


@admin.register(ReviewReason)
class ReviewReasonAdmin(ReadOnlyAdmin):
    list_display = ["brand", "position", "label_en", "label_fr", "active"]
    list_filter = ["brand", "active"]


@admin.register(SavedReply)
class SavedReplyAdmin(ReadOnlyAdmin):
    list_display = ["brand", "name", "language", "updated_at"]
    list_filter = ["brand", "language"]


@admin.register(Holiday)
class HolidayAdmin(ReadOnlyAdmin):
    list_display = ["brand", "day", "name"]
    list_filter = ["brand"]
