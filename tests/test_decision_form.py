"""The post page's one decision form: after the post's text and findings, a
choice among the decisions the table of moves offers this person now, then the
reasons and note that choice needs. Without JavaScript the server says what is
missing and shows the form again with all that was typed."""

import re

import pytest

from socialgov.posts import actions, moves
from socialgov.posts.models import Decision, State
from tests.conftest import reload

pytestmark = pytest.mark.django_db


def decide_url(post):
    return f"/posts/{post.pk}/decide/"


def offered(html):
    """The decisions the page's form offers, in its order."""
    form = re.search(r'<form[^>]*class="decision-form".*?</form>', html, re.S)
    return re.findall(r'name="decision" value="(\w+)"', form.group(0)) if form else []


def table_decisions(user, post):
    return [move.name for move in moves.available(user, post)
            if move.place is moves.Place.DECISION]


def send(client, post, **data):
    return client.post(decide_url(post), {"version": post.current_version_id, **data})


@pytest.fixture
def post(make_post):
    return make_post("in_review")


def test_the_form_offers_exactly_the_decisions_the_table_allows(
        client, make_post, manager, intern):
    clean = make_post("in_review")
    # An error finding that is not waived: it cannot be approved, only sent back or rejected.
    flagged = make_post("in_review", error=True)
    client.force_login(manager)
    assert offered(client.get(clean.get_absolute_url()).content.decode()) == \
        table_decisions(manager, clean) == ["approve", "request_changes", "reject"]
    assert offered(client.get(flagged.get_absolute_url()).content.decode()) == \
        table_decisions(manager, flagged) == ["request_changes", "reject"]
    client.force_login(intern)  # the author decides nothing on their own post
    html = client.get(clean.get_absolute_url()).content.decode()
    assert table_decisions(intern, clean) == [] and 'class="decision-form"' not in html


def test_the_decision_comes_after_the_post_text_and_findings(client, manager, post):
    client.force_login(manager)
    html = client.get(post.get_absolute_url()).content.decode()
    text, findings, form = (html.index('class="post-text'), html.index('id="findings"'),
                            html.index('class="decision-form"'))
    assert text < findings < form
    # One group of reasons and one note on the whole page, not one per decision.
    assert html.count('name="reasons"') == post.brand.review_reasons.filter(active=True).count()
    assert html.count('name="note"') == 1


def test_approving_goes_through_the_table(client, manager, post):
    client.force_login(manager)
    response = send(client, post, decision="approve", step="")
    assert response.status_code == 302
    assert reload(post).state == State.APPROVED
    assert Decision.objects.get().kind == "approve"
    page = client.get(response.url).content.decode()
    assert "Your approval is recorded." in page


def test_changes_asked_with_reasons_and_a_note_reach_the_author(client, brand, manager, post):
    legal = brand.review_reasons.get(label_en="Legal risk")
    client.force_login(manager)
    response = send(client, post, decision="request_changes", reasons=[legal.pk],
                    note="Check the contest rules.")
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert (decision.kind, decision.reason, list(decision.reasons.all())) == (
        "request_changes", "Check the contest rules.", [legal])
    assert reload(post).state == State.CHANGES_REQUESTED


def test_a_rejection_with_a_reason_from_the_list_needs_no_note(client, brand, manager, post):
    client.force_login(manager)
    tone = brand.review_reasons.get(label_en="Off-brand tone")
    assert send(client, post, decision="reject", reasons=[tone.pk]).status_code == 302
    assert reload(post).state == State.REJECTED


@pytest.mark.parametrize("decision, message", [
    ("request_changes", "Say what should change."),
    ("reject", "Give a reason for rejecting."),
])
def test_a_decision_without_its_reason_or_note_is_shown_again_with_the_error(
        client, manager, post, decision, message):
    client.force_login(manager)
    response = send(client, post, decision=decision, note="   ")
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert re.search(rf'value="{decision}" id="id_decision_{decision}" required checked', html)
    assert 'aria-invalid="true"' in html
    assert reload(post).state == State.IN_REVIEW and not Decision.objects.exists()


def test_nothing_typed_is_lost_when_the_form_is_refused(client, brand, manager, post):
    legal = brand.review_reasons.get(label_en="Legal risk")
    client.force_login(manager)
    # Approving reads no reason and no note: said, not silently dropped.
    response = send(client, post, decision="approve", reasons=[legal.pk],
                    note="Line 1 <b>kept</b>\nline 2")
    assert response.status_code == 200
    html = response.content.decode()
    assert "“Approve” takes no reason and no note" in html
    assert "Line 1 &lt;b&gt;kept&lt;/b&gt;\nline 2</textarea>" in html
    assert f'value="{legal.pk}" id="id_decision_reason_{legal.pk}" checked' in html
    assert not Decision.objects.exists()


def test_no_choice_or_a_choice_not_offered_is_refused_with_a_form_error(
        client, make_post, manager):
    flagged = make_post("in_review", error=True)
    client.force_login(manager)
    response = send(client, flagged, note="Typed anyway.")
    assert response.status_code == 200
    assert "Choose a decision." in response.content.decode()
    response = send(client, flagged, decision="approve")  # the table refuses it: an error
    assert "Choose one of the decisions offered." in response.content.decode()
    assert reload(flagged).state == State.IN_REVIEW and not Decision.objects.exists()


def test_a_reason_of_another_brand_is_refused(client, other_brand, manager, post):
    foreign = other_brand.review_reasons.first()
    client.force_login(manager)
    response = send(client, post, decision="reject", reasons=[foreign.pk], note="No.")
    assert response.status_code == 200
    assert "Choose the reasons from this brand" in response.content.decode()
    assert not Decision.objects.exists()


def test_a_post_changed_since_the_page_was_opened_keeps_the_note_and_says_so(
        client, intern, manager, post, fields, submit):
    shown = post.current_version_id
    actions.withdraw(intern, post)
    actions.edit(intern, post, fields(text="Changed after the page was opened."))
    post = submit(intern, reload(post))
    client.force_login(manager)
    response = client.post(decide_url(post), {"version": shown, "decision": "request_changes",
                                              "note": "Say when it opens."})
    assert response.status_code == 200
    html = response.content.decode()
    assert "The post changed since you opened it" in html
    assert "Say when it opens.</textarea>" in html
    # The form shown again carries the version now on the page.
    assert f'name="version" value="{post.current_version_id}"' in html
    assert not Decision.objects.exists()


def test_the_author_may_not_decide_and_nobody_decides_a_post_at_rest(
        client, make_post, intern, manager, post):
    client.force_login(intern)
    assert send(client, post, decision="approve").status_code == 403
    draft = make_post("draft")
    client.force_login(manager)
    response = send(client, draft, decision="approve")
    assert response.status_code == 302
    assert "This cannot be done while the post is" in client.get(response.url).content.decode()
    assert reload(draft).state == State.DRAFT


def test_an_advisory_reviewer_is_offered_an_advisory_approval_only(
        client, brand, manager, second_manager, make_post, make_user):
    from socialgov.accounts.models import Membership, Role
    from socialgov.brands.models import ApprovalStep, ReviewGroup

    lawyer = make_user("lawyer")
    Membership.objects.create(user=lawyer, brand=brand, role=Role.DRAFTER)
    legal = ReviewGroup.objects.create(brand=brand, name="Legal")
    legal.members.add(lawyer)
    ApprovalStep.objects.create(brand=brand, name="Comms", position=0)
    ApprovalStep.objects.create(brand=brand, name="Legal review", position=1,
                                decided_by="group", group=legal, advisory=True)
    post = make_post("in_review")
    client.force_login(lawyer)
    html = client.get(post.get_absolute_url()).content.decode()
    assert offered(html) == ["approve"]
    assert "Approve (advisory)" in html
    assert 'name="note"' not in html  # an advisory approval reads no note


def test_the_french_page_offers_the_decisions_in_french(client, manager, post):
    client.force_login(manager)
    client.cookies.load({"django_language": "fr"})
    html = client.get(post.get_absolute_url()).content.decode()
    assert "Votre décision" in html and "Enregistrer la décision" in html
    assert 'data-confirm="Rejeter cette publication\u00a0? Elle ne sera pas publiée."' in html


def test_the_forms_address_opened_again_leads_to_the_post(client, manager, post):
    client.force_login(manager)
    response = client.get(decide_url(post))
    assert (response.status_code, response.url) == (302, post.get_absolute_url())


def test_a_decision_held_back_now_is_said_with_its_reason(client, brand, manager, make_post):
    from socialgov.brands import crisis

    post = make_post("in_review")
    crisis.start(manager, brand, "A flood downtown.")
    client.force_login(manager)
    page = client.get(post.get_absolute_url()).content.decode()
    assert 'value="approve"' not in page
    assert "“Approve” is not offered now: Crisis mode is on" in page
    french = client.get(post.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "n’est pas proposé pour l’instant\u00a0:" in french
