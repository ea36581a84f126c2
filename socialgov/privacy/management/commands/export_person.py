import os

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from socialgov.privacy import export


class Command(BaseCommand):
    help = (
        "Write everything SocialGov holds about one person as JSON (Québec's Law 25), the "
        "same document as their \"Download my data\" page; the export is recorded in the "
        "audit log."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help="the person's username, exactly")
        parser.add_argument("--output", "-o", default=None,
                            help="write to this file (default: standard output)")

    def handle(self, *args, username, output=None, **options):
        User = get_user_model()
        try:
            person = User.objects.get_by_natural_key(username)
        except User.DoesNotExist:
            raise CommandError(f"No person has the username {username!r}.") from None
        text = export.to_json(export.export(person, by=None))
        if output is None:
            self.stdout.write(text, ending="")
            return
        # Personal data: readable by the operator alone.
        with open(os.open(output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w",
                  encoding="utf-8") as handle:
            handle.write(text)
        self.stderr.write(f"export_person: {username}'s data written to {output}")
