"""``manage.py erase_person <username> [--by <username>]``: Québec's Law 25 erasure
of a person (socialgov/accounts/erasure.py) from the command line."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from socialgov.accounts import erasure


class Command(BaseCommand):
    help = ("Erase a person's personal data: their account is emptied and deactivated, "
            "and the audit and their comments name them by a pseudonym.")

    def add_arguments(self, parser):
        parser.add_argument("username", help="the person to erase")
        parser.add_argument("--by", metavar="USERNAME",
                            help="the administrator who asked for it (recorded in the audit)")

    def handle(self, username, by=None, **options):
        users = get_user_model().objects
        person = users.filter(username=username).first()
        if person is None:
            raise CommandError(f"No user is called {username!r}.")
        actor = None
        if by is not None:
            actor = users.filter(username=by, is_active=True).first()
            if actor is None:
                raise CommandError(f"No active user is called {by!r} (--by).")
        try:
            pseudonym = erasure.erase(actor, person)
        except erasure.ErasureError as refusal:
            raise CommandError(str(refusal)) from None
        self.stdout.write(f"{username} is erased: the history names them {pseudonym}.")
