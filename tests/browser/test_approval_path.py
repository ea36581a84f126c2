"""Issue 6 in a real browser: a brand admin builds a three-step path, then two
approvers and an advisory lawyer take a post through it."""

import pytest
from playwright.sync_api import expect

from socialgov.accounts.models import Membership, Role
from socialgov.brands.models import ReviewGroup
from socialgov.posts import actions
from socialgov.posts.models import Decision, Post, State
from tests.browser.conftest import decide, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = "Our new bakery opens on Monday: come and taste the bread!"


@pytest.fixture
def lawyer(make_user, brand):
    user = make_user("lawyer")
    Membership.objects.create(user=user, brand=brand, role=Role.DRAFTER)
    ReviewGroup.objects.create(brand=brand, name="Legal").members.add(user)
    return user


def add_step(page, name, deciders, *, group=None, advisory=False):
    page.get_by_role("link", name="Add a step").click()
    page.get_by_label("Name").fill(name)
    page.get_by_label(deciders).check()
    if group:
        page.locator("#id_group").select_option(label=group)
    page.get_by_label("Any one of them").check()
    if advisory:
        page.get_by_label("Advisory", exact=True).check()
    page.get_by_role("button", name="Save step").click()
    expect(page.locator(".messages")).to_contain_text(f"Step “{name}” saved.")


def test_a_three_step_path_with_two_approvers_and_an_advisory_reviewer(
    new_page, brand, intern, manager, second_manager, brand_admin, lawyer, fields
):
    admin = new_page()
    log_in(admin, "brandadmin")
    admin.goto(admin.base_url + f"/brands/{brand.slug}/rules/")
    admin.get_by_role("link", name="Approval path").click()
    add_step(admin, "Comms", "The brand's approvers")
    add_step(admin, "Legal review", "A review group", group="Legal", advisory=True)
    add_step(admin, "Sign-off", "The brand's approvers")
    expect(admin.locator("#path-step-" + str(brand.approval_steps.get(name="Legal review").pk)))\
        .to_contain_text("Advisory")

    post = actions.create(intern, brand, fields(text=TEXT))
    actions.submit(intern, post)  # transaction=True: the check runs at commit
    post = Post.objects.get()
    assert post.state == State.IN_REVIEW

    first = new_page()
    log_in(first, "manager")
    first.get_by_role("link", name="Review queue").click()
    first.get_by_role("link", name=TEXT[:40]).click()
    first.get_by_role("button", name="Claim").click()
    expect(first.locator(".claim")).to_contain_text("Claimed by manager")
    path = first.locator(".approval-path")
    expect(path).to_contain_text("Step 1: Comms")
    decide(first, "Approve")
    expect(path).to_contain_text("Approved by manager")
    # One page polling at a time: the in-memory SQLite of the tests serves
    # one writer at once (PostgreSQL has no such limit).
    first.goto("about:blank")

    lawyer_page = new_page()
    log_in(lawyer_page, "lawyer")
    lawyer_page.goto(lawyer_page.base_url + post.get_absolute_url())
    # The first approver's page was open less than a minute ago.
    expect(lawyer_page.locator(".also-viewing")).to_contain_text("manager")
    lawyer_page.get_by_label("Your advisory comment (Legal review)").fill("Fine by Legal.")
    lawyer_page.get_by_role("button", name="Give advisory opinion").click()
    expect(lawyer_page.locator(".approval-path")).to_contain_text("lawyer: Commented")
    expect(lawyer_page.get_by_role("radio", name="Reject")).to_have_count(0)
    lawyer_page.goto("about:blank")

    # The first approver cannot fill the last step too.
    first.goto(first.base_url + post.get_absolute_url())
    expect(first.locator(".approval-path")).to_contain_text("Step 3: Sign-off")
    expect(first.get_by_role("radio", name="Approve")).to_have_count(0)
    first.goto("about:blank")

    second = new_page()
    log_in(second, "manager2")
    second.get_by_role("link", name="Review queue").click()
    second.get_by_role("link", name=TEXT[:40]).click()
    expect(second.locator(".claim")).to_contain_text("someone is already on it")
    decide(second, "Approve")
    expect(second.locator(".page-head .badge").first).to_have_text("Approved")

    assert Post.objects.get().state == State.APPROVED
    assert list(Decision.objects.values_list("decided_by__username", "kind")) == [
        ("manager", "approve"), ("lawyer", "comment"), ("manager2", "approve")]


def test_the_approval_path_page_in_french(new_page, brand, brand_admin):
    page = new_page(locale="fr-CA")
    log_in(page, "brandadmin", labels=("Nom d’utilisateur", "Mot de passe", "Connexion"))
    page.goto(page.base_url + f"/brands/{brand.slug}/approval-path/")
    expect(page.locator("h1")).to_contain_text("Circuit d’approbation")
    page.get_by_role("link", name="Ajouter une étape").click()
    expect(page.get_by_label("N’importe quelle personne")).to_be_visible()
    expect(page.get_by_label("Toutes les personnes")).to_be_visible()
    expect(page.get_by_label("Consultative")).to_be_visible()
    expect(page.get_by_label("S’applique à partir du risque")).to_be_visible()
