from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from socialgov.images.models import ImageFile
from socialgov.lib.admin import ReadOnlyAdmin


@admin.register(ImageFile)
class ImageFileAdmin(ReadOnlyAdmin):
    list_display = ["id", "brand", "format", "width", "height", "bytes", "frames", "created_at"]
    list_filter = ["format"]
    list_select_related = ["brand"]
    # The stored names, not links: no public URL serves media.
    fields = ["brand", "uploaded_by", "stored_name", "thumbnail_name", "format", "width",
              "height", "bytes", "frames", "sha256", "created_at"]
    readonly_fields = fields

    @admin.display(description=_("file"))
    def stored_name(self, image):
        return image.file.name

    @admin.display(description=_("thumbnail"))
    def thumbnail_name(self, image):
        return image.thumbnail.name or "—"
