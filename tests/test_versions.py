"""Every version is kept and shown; a reviewer sees what changed since their last look."""

import re
from datetime import timedelta

import pytest

from socialgov.posts import actions
from socialgov.posts.models import VersionView

V1 = "Our new bakery opens on Monday. Come and say hello!"
V2 = "Our new bakery opens on Tuesday. Come and say hello!"
V3 = "Our new bakery opens on Tuesday, a dumb day. Come and say hello!"


@pytest.fixture
def post(make_post):
    return make_post("in_review", text=V1)


def new_version(intern, manager, post, fields, submit, **changes):
    actions.request_changes(manager, post, post.current_version_id, "Please change it.")
    post.refresh_from_db()
    actions.edit(intern, post, fields(**changes))
    post.refresh_from_db()
    return submit(intern, post)


def diff_html(page):
    match = re.search(r'<div class="diff-text"[^>]*>(.*?)</div>', page, re.S)
    return match.group(1) if match else None


def test_opening_the_post_records_the_version_seen(client, manager, post):
    client.force_login(manager)
    client.get(post.get_absolute_url())
    view = VersionView.objects.get(user=manager, post=post)
    assert view.version == post.current_version and view.previously_seen is None


def test_the_reviewer_sees_the_word_diff_since_their_last_look(client, intern, manager, post,
                                                               fields, submit):
    client.force_login(manager)
    page = client.get(post.get_absolute_url()).content.decode()
    assert "Changes since you last looked" not in page  # one version: nothing to compare
    post = new_version(intern, manager, post, fields, submit, text=V2)
    page = client.get(post.get_absolute_url()).content.decode()
    assert "Changes since you last looked" in page
    assert diff_html(page) == "Our new bakery opens on <del>Monday</del><ins>Tuesday</ins>. " \
                              "Come and say hello!"
    # Reloading keeps showing what changed since the look before.
    page = client.get(post.get_absolute_url()).content.decode()
    assert "<del>Monday</del><ins>Tuesday</ins>" in page
    view = VersionView.objects.get(user=manager, post=post)
    assert view.version.number == 2 and view.previously_seen.number == 1


def test_a_reviewer_who_missed_versions_compares_with_the_one_they_saw(client, intern, manager,
                                                                      post, fields, submit):
    client.force_login(manager)
    client.get(post.get_absolute_url())  # saw version 1
    post = new_version(intern, manager, post, fields, submit, text=V2)
    post = new_version(intern, manager, post, fields, submit, text=V3)
    page = client.get(post.get_absolute_url()).content.decode()
    assert "version 1 → version 3" in page
    assert "<del>Monday</del><ins>Tuesday, a dumb day</ins>" in page


def test_someone_who_never_looked_sees_the_diff_with_the_previous_version(
        client, intern, manager, second_manager, post, fields, submit):
    post = new_version(intern, manager, post, fields, submit, text=V2)
    client.force_login(second_manager)
    page = client.get(post.get_absolute_url()).content.decode()
    assert "Changes since you last looked" not in page
    assert "version 1 → version 2" in page


def test_any_version_can_be_chosen_for_the_comparison(client, intern, manager, post, fields,
                                                      submit):
    post = new_version(intern, manager, post, fields, submit, text=V2)
    post = new_version(intern, manager, post, fields, submit, text=V3)
    client.force_login(manager)
    page = client.get(post.get_absolute_url() + "?against=2").content.decode()
    assert "version 2 → version 3" in page
    assert diff_html(page).count("<ins>") == 1 and "<ins>, a dumb day</ins>" in page
    # A version that does not exist falls back to the usual comparison.
    page = client.get(post.get_absolute_url() + "?against=99").content.decode()
    assert "version 2 → version 3" in page


def test_new_and_resolved_findings_are_listed(client, intern, manager, post, fields, submit,
                                              banned_rule, warning_rule):
    post = new_version(intern, manager, post, fields, submit,
                       text="We utilize our new oven. Opens on Monday.")
    post = new_version(intern, manager, post, fields, submit,
                       text="We use our new oven. Opens on Monday, a dumb day.")
    client.force_login(manager)
    page = client.get(post.get_absolute_url()).content.decode()
    new = re.search(r'<ul class="new-findings">(.*?)</ul>', page, re.S).group(1)
    resolved = re.search(r'<ul class="resolved-findings">(.*?)</ul>', page, re.S).group(1)
    assert "dumb" in new and "utilize" not in new
    assert "utilize" in resolved and "dumb" not in resolved


def test_other_checked_fields_that_changed_are_shown(client, intern, manager, post, fields,
                                                     submit):
    post = new_version(intern, manager, post, fields, submit, text=V1,
                       networks=["x"], objective="engage")
    client.force_login(manager)
    page = client.get(post.get_absolute_url()).content.decode()
    table = re.search(r'<table class="data field-changes">(.*?)</table>', page, re.S).group(1)
    assert "Networks" in table and "<del>X, LinkedIn</del>" in table and "<ins>X</ins>" in table
    assert "Objective" in table and "<ins>Engage</ins>" in table
    assert "Language" not in table
    assert "The text did not change." in page


def test_a_new_planned_time_is_shown_in_the_brands_clock(client, intern, manager, post, fields,
                                                        submit):
    later = post.current_version.planned_at + timedelta(days=1)
    post = new_version(intern, manager, post, fields, submit, text=V1, planned_at=later)
    client.force_login(manager)
    page = client.get(post.get_absolute_url()).content.decode()
    assert "Planned time</th>" in page


def test_the_versions_list_names_author_risk_and_decision(client, intern, manager, post,
                                                          fields, submit):
    post = new_version(intern, manager, post, fields, submit, text=V2)
    client.force_login(manager)
    page = client.get(post.get_absolute_url()).content.decode()
    rows = re.search(r'<table class="data versions">(.*?)</table>', page, re.S).group(1)
    assert rows.index("Version 2") < rows.index("Version 1")
    assert "Changes requested · manager" in rows
    assert rows.count("intern") == 2


def test_the_version_page_shows_an_old_version_as_it_was(client, intern, manager, post, fields,
                                                         submit):
    post = new_version(intern, manager, post, fields, submit, text=V2)
    client.force_login(manager)
    page = client.get(f"/posts/{post.pk}/versions/1/").content.decode()
    assert V1 in page and "Please change it." in page
    assert "?against=1" in page
    assert client.get(f"/posts/{post.pk}/versions/9/").status_code == 404


def test_an_approval_names_its_version_in_the_versions_list(client, intern, manager, post):
    actions.approve(manager, post, post.current_version_id)
    client.force_login(intern)
    page = client.get(post.get_absolute_url()).content.decode()
    rows = re.search(r'<tr id="version-1">(.*?)</tr>', page, re.S).group(1)
    assert "Approved · manager" in rows


def test_an_edited_english_version_and_a_new_x_text_are_diffed_word_by_word(
    client, intern, manager, brand, fields, submit
):
    def english(text, *more):
        return [{"language": "en", "network": "", "text": text}, *more]

    post = submit(intern, actions.create(intern, brand, fields(
        language="fr", text="Ouverture lundi.", variant_specs=english("Opening on Monday."))))
    client.force_login(manager)
    client.get(post.get_absolute_url())
    post = new_version(intern, manager, post, fields, submit, language="fr",
                       text="Ouverture lundi.", variant_specs=english(
                           "Opening on Tuesday.",
                           {"language": "en", "network": "x", "text": "Open Tuesday!"}))
    page = client.get(post.get_absolute_url()).content.decode()
    variant_diffs = re.findall(r'<div class="diff-text variant-diff"[^>]*>(.*?)</div>', page,
                               re.S)
    assert variant_diffs == ["Opening on <del>Monday</del><ins>Tuesday</ins>.",
                             "<ins>Open Tuesday!</ins>"]
    assert "English · X" in page
