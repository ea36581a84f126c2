from django.core.management.base import BaseCommand
from django.db import transaction

from socialgov.brands.models import Brand
from socialgov.posts import approval


class Command(BaseCommand):
    help = (
        "Work out again who can decide each open review round (the Turn rows the review "
        "queue reads), brand by brand. The scheduler does it on each brand's new day; "
        "run this after restoring a database or upgrading from before turns existed."
    )

    def handle(self, *args, **options):
        rounds = 0
        for brand in Brand.objects.order_by("pk"):
            with transaction.atomic():
                rounds += approval.refresh(brand)
        self.stdout.write(f"refresh_turns: {rounds} open round(s) looked at")
