from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """Looked at, never edited here: changes go through the product's own pages
    and workflow, which check permissions, re-check posts and write the audit."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    """Rows of a read-only page, shown beside their parent; changed elsewhere too."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
