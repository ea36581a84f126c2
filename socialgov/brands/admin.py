from django.contrib import admin

from socialgov.accounts.models import Membership
from socialgov.brands.models import Brand, Rule, RuleSet, VoiceGuideline


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
