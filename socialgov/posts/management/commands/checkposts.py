"""``manage.py checkposts``: check JSON Lines posts from stdin, one JSON line out per post.

    python manage.py checkposts [--brand SLUG | --pack core-en --pack core-fr ...]
                                [--watch WORD ...] < posts.jsonl > results.jsonl

The input and output formats are documented in ``socialgov.checks.cli`` (a stable
interface). With packs only (or neither option: the default packs ``core-en`` +
``core-fr``) no database is touched. ``--pack`` takes a shipped pack name or a path (a
YAML pack, or a Vale style folder whose unsupported rules are skipped with a note on
stderr). ``--watch`` words are added to every post's ``watch`` list.
"""

import sys

from django.core.management.base import BaseCommand, CommandError

from socialgov.checks import cli


def brand_specs(slug):
    """The brand's own rules and packs, as engine specs.

    TODO(lead): wire ``socialgov.brands.models.brand_rule_specs(brand)`` (the brand's
    enabled rules plus the packs it turned on). Until that function exists, --brand
    reports "not available yet".
    """
    from socialgov.brands import models

    brand_rule_specs = getattr(models, "brand_rule_specs", None)
    if brand_rule_specs is None:
        raise CommandError("--brand is not available yet: use --pack")
    try:
        brand = models.Brand.objects.get(slug=slug)
    except models.Brand.DoesNotExist as exc:
        raise CommandError(f"no brand with slug {slug!r}") from exc
    return list(brand_rule_specs(brand))


class Command(BaseCommand):
    help = "Check posts given as JSON Lines on stdin; write one JSON line per post to stdout."

    def add_arguments(self, parser):
        source = parser.add_mutually_exclusive_group()
        source.add_argument("--brand", metavar="SLUG", help="use the brand's rules and packs")
        source.add_argument(
            "--pack",
            action="extend",
            nargs="+",
            default=[],
            metavar="PACK",
            help="a shipped pack (core-en, core-fr) or a path to a YAML pack / Vale style; "
            "repeatable (default: core-en and core-fr)",
        )
        parser.add_argument(
            "--watch",
            action="extend",
            nargs="+",
            default=[],
            metavar="WORD",
            help="crisis watch words added to every post",
        )

    def handle(self, *args, brand=None, pack=(), watch=(), **options):
        extra_specs = brand_specs(brand) if brand else []
        try:
            checker, notes = cli.load_checker(pack, extra_specs)
        except ValueError as exc:  # PackError, RuleError
            raise CommandError(str(exc)) from exc
        for note in notes:
            sys.stderr.write(note + "\n")
        cli.run(checker, watch, sys.stdin, sys.stdout)
