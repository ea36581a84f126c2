from django.contrib import admin
from django.core.exceptions import PermissionDenied

from socialgov.accounts.models import Membership
from socialgov.brands import creation
from socialgov.brands.forms import BrandCreationForm
from socialgov.brands.models import (
    ApprovalStep,
    Brand,
    CrisisPeriod,
    Holiday,
    PackRuleOverride,
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
from socialgov.lib.admin import ReadOnlyAdmin, ReadOnlyInline

# A brand's team, voice, rules and settings change on the brand's own pages, whose services
# check, re-check the brand's posts and write the audit: here they are only shown. The one
# write left is a new brand (socialgov.brands.creation, audited), as nothing else makes one.


class MembershipInline(ReadOnlyInline):
    model = Membership
    fields = readonly_fields = ["user", "role", "is_active", "deactivated_at"]


class GuidelineInline(ReadOnlyInline):
    model = VoiceGuideline
    fields = readonly_fields = ["title", "position", "updated_at"]


@admin.register(Brand)
class BrandAdmin(ReadOnlyAdmin):
    list_display = ["name", "slug", "default_language", "time_zone"]
    search_fields = ["name", "slug"]
    inlines = [MembershipInline, GuidelineInline]
    add_form = BrandCreationForm
    add_fields = ["name", "slug", "languages", "default_language", "time_zone", "first_admin"]

    def has_add_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs.update(form=self.add_form, fields=self.add_fields)
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        return self.add_fields if obj is None else super().get_fields(request, obj)

    def get_prepopulated_fields(self, request, obj=None):
        return {"slug": ["name"]} if obj is None else {}

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []

    def save_model(self, request, obj, form, change):
        if change:
            raise PermissionDenied("a brand's settings change on its own settings page")
        creation.create_brand(request.user, obj, form.cleaned_data["first_admin"])


@admin.register(Rule)
class RuleAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "severity", "enabled", "rule_set"]
    list_filter = ["kind", "severity", "enabled"]
    search_fields = ["name", "message_en", "message_fr"]


@admin.register(RuleSet)
class RuleSetAdmin(ReadOnlyAdmin):
    list_display = ["brand", "version", "updated_at"]


@admin.register(PackRuleOverride)
class PackRuleOverrideAdmin(ReadOnlyAdmin):
    list_display = ["brand", "rule_id", "enabled", "severity", "reason", "changed_by",
                    "updated_at"]
    list_filter = ["brand"]


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
