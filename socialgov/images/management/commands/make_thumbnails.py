from django.core.management.base import BaseCommand

from socialgov.images import thumbnails
from socialgov.images.models import ImageFile


class Command(BaseCommand):
    help = "Make the thumbnails that are missing (a job lost while Redis was away, say)."

    def handle(self, *args, **options):
        made = failed = 0
        for image_id in ImageFile.objects.filter(thumbnail="").values_list("pk", flat=True):
            try:
                thumbnails.make(image_id)
            except Exception as error:  # one bad file must not stop the others
                failed += 1
                self.stderr.write(f"image {image_id}: {error!r}")
            else:
                made += 1
        self.stdout.write(f"{made} thumbnail(s) made, {failed} failed")
