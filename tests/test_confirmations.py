"""Every destructive action asks first: its form carries data-confirm, the
question static/js/confirm.js puts to the person, in their language."""

import re
from datetime import date
from pathlib import Path

import pytest

from socialgov.accounts.models import Absence, Invitation, Role
from socialgov.brands import crisis
from socialgov.brands.models import ApprovalStep, ReviewGroup, VoiceGuideline, WatchWord

pytestmark = pytest.mark.django_db

# The URLs of the POST forms that delete, remove, revoke, deactivate or end
# something, or take a post out of the way (withdraw, archive, reject).
DESTRUCTIVE = re.compile(r"/(delete|remove|revoke|deactivate|end)/$"
                         r"|/reasons/\d+/toggle/$|/do/(withdraw|archive|reject)/$")
FORM = re.compile(r"<form\b[^>]*>", re.S)


def destructive_forms(html):
    """(action, data-confirm or None) for each destructive form of the page."""
    found = []
    for tag in FORM.findall(html):
        action = re.search(r'action="([^"]*)"', tag)
        if action and DESTRUCTIVE.search(action.group(1)):
            confirm = re.search(r'data-confirm="([^"]*)"', tag)
            found.append((action.group(1), confirm.group(1) if confirm else None))
    return found


@pytest.fixture
def everything(brand, intern, manager, brand_admin, make_post, banned_rule):
    """One of each thing a person can destroy, and the pages that show them."""
    VoiceGuideline.objects.create(brand=brand, title="Tone", text="<p>Warm</p>")
    WatchWord.objects.create(brand=brand, term="flood", created_by=manager)
    ReviewGroup.objects.create(brand=brand, name="Legal")
    ApprovalStep.objects.create(brand=brand, name="Comms", position=0)
    invitation = Invitation(brand=brand, email="newcomer@example.com", role=Role.DRAFTER,
                            invited_by=brand_admin)
    invitation.new_token()
    invitation.save()
    Absence.objects.create(user=brand_admin, starts_on=date(2030, 1, 1),
                           ends_on=date(2030, 1, 5))
    in_review = make_post("in_review")
    draft = make_post("draft")
    crisis.start(manager, brand, "A flood in the city.")
    slug = brand.slug
    return {
        "brandadmin": [f"/brands/{slug}/rules/", f"/brands/{slug}/guidelines/",
                       f"/brands/{slug}/members/", f"/brands/{slug}/watch-words/",
                       f"/brands/{slug}/calendar/", f"/brands/{slug}/reasons/",
                       f"/brands/{slug}/approval-path/", f"/brands/{slug}/crises/", "/away/"],
        "manager": [in_review.get_absolute_url()],
        "intern": [in_review.get_absolute_url(), draft.get_absolute_url()],
    }


# Each kind of destructive form, by its URL: all of them must be on the pages.
KINDS = {"rule": r"/rules/\d+/delete/", "guideline": r"/guidelines/\d+/delete/",
         "deactivation": r"/members/\d+/deactivate/", "removal": r"/members/\d+/remove/",
         "invitation": r"/invitations/\d+/revoke/", "watch word": r"/watch-words/\d+/remove/",
         "sensitive date": r"/calendar/\d+/delete/", "reason": r"/reasons/\d+/toggle/",
         "step": r"/approval-path/steps/\d+/delete/",
         "group": r"/approval-path/groups/\d+/delete/", "crisis": r"/crises/end/",
         "absence": r"/away/\d+/remove/", "withdrawal": r"/do/withdraw/",
         "archiving": r"/do/archive/"}


@pytest.mark.parametrize("language, question", [("en", "?"), ("fr", "\u00a0?")])
def test_every_destructive_form_asks_first_in_the_readers_language(
        client, django_user_model, everything, language, question):
    client.cookies.load({"django_language": language})
    seen = []
    for username, urls in everything.items():
        client.force_login(django_user_model.objects.get(username=username))
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            seen += [(url, action, confirm)
                     for action, confirm in destructive_forms(response.content.decode())]
    silent = [(url, action) for url, action, confirm in seen if not confirm]
    assert not silent, f"destructive forms that do not ask first: {silent}"
    # The question is a question, in the page's language (French: « ? » after a no-break space).
    unasked = [confirm for _url, _action, confirm in seen if question not in confirm]
    assert not unasked
    # Each kind of destructive form was on the pages, so none escaped the check.
    actions = " ".join(action for _url, action, _confirm in seen)
    missing = [kind for kind, pattern in KINDS.items() if not re.search(pattern, actions)]
    assert not missing, f"not found on the pages: {missing}"


def test_the_decision_form_asks_before_a_rejection_only(client, manager, make_post):
    post = make_post("in_review")
    client.force_login(manager)
    html = client.get(post.get_absolute_url()).content.decode()
    radios = re.findall(r'<input type="radio" name="decision"[^>]*>', html)
    asking = [radio for radio in radios if "data-confirm" in radio]
    assert len(radios) == 3 and len(asking) == 1 and 'value="reject"' in asking[0]


def test_a_reason_offered_again_is_not_asked_about(client, brand, brand_admin):
    retired = brand.review_reasons.first()
    retired.active = False
    retired.save()
    client.force_login(brand_admin)
    html = client.get(f"/brands/{brand.slug}/reasons/").content.decode()
    toggles = dict(destructive_forms(html))
    assert toggles[f"/brands/{brand.slug}/reasons/{retired.pk}/toggle/"] is None
    assert sum(1 for confirm in toggles.values() if confirm) == \
        brand.review_reasons.filter(active=True).count()


def test_the_script_that_asks_is_on_every_page(client, intern):
    assert '/static/js/confirm.js"' in client.get("/login/").content.decode()
    client.force_login(intern)
    for url in ("/posts/", "/away/"):
        assert '/static/js/confirm.js"' in client.get(url).content.decode(), url


# In the templates themselves: a form whose URL name says it deletes, removes,
# revokes, deactivates or ends something carries its question, whatever page
# shows it and whoever wrote it.
TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
POST_FORM = re.compile(r"<form\b[^>]*method=\"post\"[^>]*>", re.S)
DESTRUCTIVE_NAME = re.compile(r"\{% url '[\w:]*(delete|remove|revoke|deactivate|_end)\b")


def test_every_destructive_form_in_the_templates_carries_its_question():
    silent = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        for tag in POST_FORM.findall(path.read_text(encoding="utf-8")):
            if DESTRUCTIVE_NAME.search(tag) and "data-confirm=" not in tag:
                silent.append(f"{path.relative_to(TEMPLATES)}: {tag[:120]}")
    assert not silent, "destructive forms that do not ask first:\n" + "\n".join(silent)


@pytest.mark.parametrize("language, words", [
    ("en", {"drafter": "intern will no longer be able to write this brand's posts",
            "approver": "manager will no longer be able to review this brand's posts",
            "undo": "can be undone from the history",
            "step": "Posts already in review keep their path"}),
    ("fr", {"drafter": "intern ne pourra plus rédiger de publications pour cette marque",
            "approver": "manager ne pourra plus réviser les publications de cette marque",
            "undo": "depuis l’historique",
            "step": "Les publications déjà en révision gardent leur parcours"}),
])
def test_removing_a_member_or_deleting_a_step_says_what_will_change(
        client, brand, brand_admin, intern, manager, language, words):
    ApprovalStep.objects.create(brand=brand, name="Comms", position=0)
    client.cookies.load({"django_language": language})
    client.force_login(brand_admin)
    members = dict(destructive_forms(client.get(f"/brands/{brand.slug}/members/")
                                     .content.decode()))
    removals = [confirm for action, confirm in members.items() if action.endswith("/remove/")]
    for role in ("drafter", "approver"):
        assert any(words[role] in confirm and words["undo"] in confirm
                   for confirm in removals), (role, removals)
    path = dict(destructive_forms(client.get(f"/brands/{brand.slug}/approval-path/")
                                  .content.decode()))
    (step,) = [confirm for action, confirm in path.items() if "/steps/" in action]
    assert words["step"] in step and words["undo"] in step


@pytest.mark.parametrize("language, words", [
    ("en", {"rule": "Delete the rule “No insults”? It will stop checking the brand's posts",
            "guideline": "Delete the guideline “Tone”? The rule that enforces it stays",
            "date": "Remove “Remembrance Day” (November 11, every year) from the calendar?",
            "undo": "You can restore", "history": "from the history"}),
    ("fr", {"rule": "Supprimer la règle «\u00a0No insults\u00a0»\u00a0? Elle cessera de vérifier",
            "guideline": "Supprimer la ligne directrice «\u00a0Tone\u00a0»\u00a0? La règle qui",
            "date": "Retirer «\u00a0Jour du Souvenir\u00a0» (11 novembre, chaque année) "
                    "du calendrier\u00a0?",
            "undo": "Vous pourrez", "history": "à partir de l’historique"}),
])
def test_deleting_a_versioned_thing_names_it_and_says_the_history_restores_it(
        client, brand, brand_admin, banned_rule, language, words):
    guideline = VoiceGuideline.objects.create(brand=brand, title="Tone", text="Warm")
    banned_rule.guideline = guideline
    banned_rule.save()
    client.cookies.load({"django_language": language})
    client.force_login(brand_admin)
    slug = brand.slug
    confirms = {}
    for page in ("rules", "guidelines", "calendar"):
        confirms.update(destructive_forms(client.get(f"/brands/{slug}/{page}/").content.decode()))
    rule = confirms[f"/brands/{slug}/rules/{banned_rule.pk}/delete/"]
    tone = confirms[f"/brands/{slug}/guidelines/{guideline.pk}/delete/"]
    remembrance = brand.sensitive_dates.get(month=11, day=11, year=None)
    day = confirms[f"/brands/{slug}/calendar/{remembrance.pk}/delete/"]
    import html

    for kind, confirm in (("rule", rule), ("guideline", tone), ("date", day)):
        confirm = html.unescape(confirm)
        assert words[kind] in confirm, (kind, confirm)
        assert words["undo"] in confirm and words["history"] in confirm, (kind, confirm)
        assert "cannot be undone" not in confirm and "irréversible" not in confirm


def test_after_a_deletion_the_message_links_to_the_version_to_restore(client, brand,
                                                                      brand_admin, banned_rule):
    client.force_login(brand_admin)
    before = brand.ruleset.version
    response = client.post(f"/brands/{brand.slug}/rules/{banned_rule.pk}/delete/", follow=True)
    page = response.content.decode()
    assert "Rule “No insults” deleted." in page
    assert f'<a href="/brands/{brand.slug}/history/#version-{before}">' in page
    day = brand.sensitive_dates.get(month=11, day=11, year=None)
    response = client.post(f"/brands/{brand.slug}/calendar/{day.pk}/delete/", follow=True)
    assert "“Remembrance Day” (November 11, every year) removed from the calendar." in \
        response.content.decode()
