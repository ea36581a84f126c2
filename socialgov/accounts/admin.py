from django.contrib import admin

from socialgov.accounts.models import Membership


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "brand", "role"]
    list_filter = ["role", "brand"]
    search_fields = ["user__username", "brand__name"]
    autocomplete_fields = ["user", "brand"]
