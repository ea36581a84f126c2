"""Django's createsuperuser, refusing a username that looks like another account's
(socialgov.accounts.lookalikes). It takes the place of Django's own because
socialgov.accounts comes before django.contrib.auth in INSTALLED_APPS."""

from django.contrib.auth.management.commands import createsuperuser

from socialgov.accounts.lookalikes import LOOK_ALIKE, looks_like_another


class Command(createsuperuser.Command):
    def _validate_username(self, username, verbose_field_name, database):
        problem = super()._validate_username(username, verbose_field_name, database)
        if problem is None and looks_like_another(username):
            return str(LOOK_ALIKE)
        return problem
