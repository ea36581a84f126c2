"""Comments, quoted passages, diffs and reason labels are shown as text, never run."""

import pytest

from socialgov.brands.models import ReviewReason
from socialgov.posts import actions, comments
from tests.test_xss import PAYLOADS, assert_inert


@pytest.mark.parametrize("payload", PAYLOADS)
def test_comments_replies_and_quotes_are_rendered_inert(client, brand, intern, manager,
                                                        fields, submit, payload):
    text = f"Before {payload} after."
    post = submit(intern, actions.create(intern, brand, fields(text=text)))
    thread = comments.add(manager, post, "", payload, payload)
    comments.reply(intern, thread, payload)
    actions.request_changes(manager, post, post.current_version_id, "Change it.")
    post.refresh_from_db()
    actions.edit(intern, post, fields(text="Gone now."))  # the quote is outdated: shown as was
    for user in (intern, manager):
        client.force_login(user)
        assert_inert(client.get(post.get_absolute_url()).content.decode())


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_diff_of_a_hostile_text_is_rendered_inert(client, brand, intern, manager, fields,
                                                      submit, payload):
    post = submit(intern, actions.create(intern, brand, fields(text="A quiet text.")))
    actions.request_changes(manager, post, post.current_version_id, "Change it.")
    post.refresh_from_db()
    actions.edit(intern, post, fields(text=f"A quiet {payload} text."))
    client.force_login(manager)
    html = client.get(post.get_absolute_url()).content.decode()
    assert "<ins>" in html
    assert_inert(html)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_reason_labels_are_rendered_inert(client, brand, intern, manager, brand_admin, fields,
                                          submit, payload):
    hostile = ReviewReason.objects.create(brand=brand, label_en=payload, label_fr=payload)
    post = submit(intern, actions.create(intern, brand, fields()))
    client.force_login(manager)
    assert_inert(client.get(post.get_absolute_url()).content.decode())
    actions.reject(manager, post, post.current_version_id, "", [hostile.pk])
    assert_inert(client.get(post.get_absolute_url()).content.decode())
    assert_inert(client.get(f"/posts/{post.pk}/versions/1/").content.decode())
    client.force_login(brand_admin)
    assert_inert(client.get(f"/brands/{brand.slug}/reasons/").content.decode())
