"""``{{ user.get_username|person }}``: a name as people read it, an erased person's
pseudonym in the reader's language (socialgov/accounts/erasure.py)."""

from django import template

from socialgov.accounts.erasure import shown_name

register = template.Library()


@register.filter
def person(name):
    return shown_name(str(name)) if name is not None else name
