from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from socialgov.brands.models import Brand
from socialgov.images.formats import FORMATS, GIF, JPEG, PNG, WEBP
from socialgov.lib.models import KeptAsWritten


class ImageFormat(models.TextChoices):
    JPEG = JPEG, "JPEG"
    PNG = PNG, "PNG"
    WEBP = WEBP, "WebP"
    GIF = GIF, "GIF"


class ImageFile(KeptAsWritten, models.Model):
    """An accepted image: its re-encoded bytes in the default storage, under a
    generated name, and what intake measured of them. Written once by
    ``intake.accept``; only the thumbnail is filled in later, once, by
    ``set_thumbnail``."""

    brand = models.ForeignKey(Brand, on_delete=models.PROTECT, related_name="images")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    file = models.FileField(_("file"), max_length=200)
    thumbnail = models.FileField(_("thumbnail"), max_length=200, blank=True)
    format = models.CharField(_("format"), max_length=4, choices=ImageFormat.choices)
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    bytes = models.PositiveIntegerField(_("size in bytes"))
    frames = models.PositiveIntegerField(_("frames"), default=1)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def __str__(self):
        return f"image #{self.pk} ({self.format}, {self.width}×{self.height})"

    @property
    def content_type(self):
        return FORMATS[self.format][1]

    @property
    def extension(self):
        return FORMATS[self.format][2]

    def set_thumbnail(self, name):
        """Record the stored thumbnail's name, unless one is recorded already
        (two runs of the job at once): True when this one was kept."""
        kept = type(self).objects.filter(pk=self.pk, thumbnail="").update(thumbnail=name)
        if kept:
            self.thumbnail.name = name
        return bool(kept)
