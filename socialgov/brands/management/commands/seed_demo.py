import os

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from socialgov.accounts.models import Membership, Role
from socialgov.brands import creation, rule_checks, rules_file
from socialgov.brands.models import Brand, Rule, SavedReply, VoiceGuideline
from socialgov.checks.samples import SAMPLE_RULES

DEFAULT_PASSWORD = "socialgov-demo"

DEMO_USERS = [
    # username, role in the demo brand, superuser
    ("intern", Role.DRAFTER, False),
    ("manager", Role.APPROVER, False),
    ("admin", Role.BRAND_ADMIN, True),
]

GUIDELINE_BODY = (
    "We speak like a friendly neighbour: warm, clear, never pushy.\n\n"
    "- In French we say **vous** to customers.\n"
    "- At most two hashtags, one emoji.\n"
    "- No jokes about news, disasters or tragedies.\n\n"
    "Nous parlons comme une voisine sympathique\u00a0: chaleureuse, claire, jamais insistante.\n"
)


# Saved replies an author can fill in from the editor's reply section.
SAMPLE_SAVED_REPLIES = [
    ("Late order", "en", "Hi {name}, we are sorry order {order} is late. It ships today: "
                         "thank you for your patience!"),
    ("Commande en retard", "fr", "Bonjour {prénom}, nous sommes désolés du retard de la "
                                 "commande {commande}. Elle part aujourd’hui : merci de votre "
                                 "patience !"),
]


class Command(BaseCommand):
    help = "Create the demo brand, its users (intern, manager, admin), a guideline and rules."

    def handle(self, *args, **options):
        password = os.environ.get("DEMO_PASSWORD") or DEFAULT_PASSWORD
        with transaction.atomic():
            brand, brand_is_new = Brand.objects.update_or_create(
                slug="demo",
                defaults={
                    "name": "Demo",
                    "languages": ["fr", "en"],
                    "default_language": "fr",
                    "time_zone": "America/Toronto",
                    "voice_summary": "Warm, clear and helpful; never pushy. "
                    "Chaleureuse, claire et utile ; jamais insistante.",
                    "french_address": "vous",
                },
            )
            guideline, _created = VoiceGuideline.objects.get_or_create(
                brand=brand, title="Our voice / Notre ton", defaults={"text": GUIDELINE_BODY}
            )
            for username, role, superuser in DEMO_USERS:
                user, _created = get_user_model().objects.get_or_create(username=username)
                user.is_superuser = user.is_staff = superuser
                # Their notifications' e-mails show on `make run`'s console.
                user.email = user.email or f"{username}@example.com"
                user.set_password(password)
                user.save()
                membership, _created = Membership.objects.update_or_create(
                    user=user, brand=brand, defaults={"role": role})
                if brand_is_new and role == Role.BRAND_ADMIN:
                    # Its history starts with its creation, as that of a brand made in
                    # the admin does, its first brand admin making it.
                    creation.record_creation(user, brand, membership)
            rule_set = brand.ruleset
            for sample in SAMPLE_RULES:
                if rule_set.rules.filter(name=sample["name"]).exists():
                    continue
                # Held to what the rule form asks, so the demo's rules can be exported,
                # imported again and restored like any other.
                problems = rule_checks.rule_problems(rules_file.RuleData(**sample))
                if problems:
                    raise CommandError(f"Sample rule {sample['name']!r}: {' '.join(problems)}")
                Rule.objects.create(rule_set=rule_set, guideline=guideline, **sample)
            for name, language, text in SAMPLE_SAVED_REPLIES:
                SavedReply.objects.get_or_create(brand=brand, name=name,
                                                 defaults={"language": language, "text": text})
        self.stdout.write(self.style.SUCCESS("Demo brand “demo” is ready."))
        self.stdout.write(f"Users (password: {password}):")
        for username, role, superuser in DEMO_USERS:
            extra = ", superuser" if superuser else ""
            self.stdout.write(f"  {username:8} {Role(role).label}{extra}")
