"""Comments on passages: who may write them, how they follow the text, and
how threads are resolved."""

import pytest
from django.core.exceptions import PermissionDenied

from socialgov.audit.models import AuditEvent
from socialgov.posts import actions, comments
from socialgov.posts.errors import TransitionError
from socialgov.posts.models import Comment, State

TEXT = "Our new bakery opens on Monday. Come and say hello!"


@pytest.fixture
def post_in_review(make_post):
    return make_post("in_review", text=TEXT)


def _changes_then_edit(intern, manager, post, fields, submit, text):
    actions.request_changes(manager, post, post.current_version_id, "See my comment.")
    post.refresh_from_db()
    actions.edit(intern, post, fields(text=text))
    post.refresh_from_db()
    return submit(intern, post)


def test_a_reviewer_comments_on_a_passage_of_the_version_they_read(manager, post_in_review):
    comment = comments.add(manager, post_in_review, post_in_review.current_version_id,
                           "Which Monday?", "opens on Monday", TEXT.index("opens"),
                           TEXT.index("opens") + len("opens on Monday"))
    assert comment.version == post_in_review.current_version
    assert (comment.quote, comment.start, comment.end) == (
        "opens on Monday", 15, 30)
    assert comment.prefix == "Our new bakery " and comment.suffix.startswith(". Come")


def test_without_offsets_the_passage_is_found_from_its_words(manager, post_in_review):
    comment = comments.add(manager, post_in_review, "", "Friendly!", "  say hello  ")
    assert (comment.quote, comment.start) == ("say hello", TEXT.index("say hello"))


def test_wrong_offsets_fall_back_to_the_words_of_the_passage(manager, post_in_review):
    comment = comments.add(manager, post_in_review, post_in_review.current_version_id,
                           "Hmm", "bakery", 0, 3)
    assert comment.start == TEXT.index("bakery")


def test_a_passage_that_is_not_in_the_text_is_refused(manager, post_in_review):
    with pytest.raises(TransitionError, match="not in the text"):
        comments.add(manager, post_in_review, "", "?", "closes on Sunday")
    assert not Comment.objects.exists()


def test_an_empty_comment_is_refused(manager, post_in_review):
    with pytest.raises(TransitionError, match="Write your comment"):
        comments.add(manager, post_in_review, "", "   ", "bakery")


def test_an_outsider_cannot_comment(other_admin, post_in_review):
    with pytest.raises(PermissionDenied):
        comments.add(other_admin, post_in_review, "", "Nice", "bakery")


def test_the_outsider_cannot_post_a_comment_through_the_page(client, other_admin,
                                                             post_in_review):
    client.force_login(other_admin)
    response = client.post(f"/posts/{post_in_review.pk}/comments/",
                           {"body": "Nice", "quote": "bakery"})
    assert response.status_code == 404
    assert not Comment.objects.exists()


def test_a_drafter_replies_to_a_reviewers_comment(client, intern, manager, post_in_review):
    thread = comments.add(manager, post_in_review, "", "Which Monday?", "Monday")
    client.force_login(intern)
    response = client.post(f"/posts/{post_in_review.pk}/comments/{thread.pk}/reply/",
                           {"body": "The 3rd."})
    assert response.status_code == 302
    reply = Comment.objects.get(parent=thread)
    assert (reply.author, reply.body) == (intern, "The 3rd.")
    page = client.get(post_in_review.get_absolute_url()).content.decode()
    assert "The 3rd." in page and "Which Monday?" in page


def test_a_reply_to_a_reply_joins_the_thread(intern, manager, post_in_review):
    thread = comments.add(manager, post_in_review, "", "Which Monday?", "Monday")
    first = comments.reply(intern, thread, "The 3rd.")
    second = comments.reply(manager, first, "Thanks.")
    assert second.parent == thread


def test_a_member_comments_through_the_page_with_the_browsers_offsets(client, manager,
                                                                     post_in_review):
    client.force_login(manager)
    response = client.post(f"/posts/{post_in_review.pk}/comments/", {
        "version": post_in_review.current_version_id, "body": "Which one?",
        "quote": "Monday", "start": TEXT.index("Monday"), "end": TEXT.index("Monday") + 6,
    })
    comment = Comment.objects.get()
    assert response.url.endswith(f"#comment-{comment.pk}")
    assert comment.start == TEXT.index("Monday")


def test_the_comment_follows_its_passage_into_the_next_version(client, intern, manager,
                                                                post_in_review, fields,
                                                                submit):
    thread = comments.add(manager, post_in_review, "", "Which Monday?", "opens on Monday")
    gone = comments.add(manager, post_in_review, "", "Too casual", "say hello")
    new_text = "Great news! Our new bakery opens on Monday. Come and taste the bread!"
    post = _changes_then_edit(intern, manager, post_in_review, fields, submit, new_text)
    assert post.current_version.number == 2
    placed = {t.pk: t for t in comments.threads(manager, post)}
    assert placed[thread.pk].current_quote == "opens on Monday"
    assert placed[thread.pk].anchor.start == new_text.index("opens on Monday")
    assert not placed[thread.pk].outdated
    assert placed[gone.pk].outdated and placed[gone.pk].anchor is None
    client.force_login(manager)
    page = client.get(post.get_absolute_url()).content.decode()
    start = new_text.index("opens on Monday")
    assert f'data-start="{start}" data-end="{start + len("opens on Monday")}"' in page
    assert "Outdated" in page


def test_the_comment_author_resolves_and_reopens_with_an_audit_trail(manager, post_in_review):
    thread = comments.add(manager, post_in_review, "", "Which Monday?", "Monday")
    comments.resolve(manager, thread)
    thread.refresh_from_db()
    assert thread.resolved_by == manager and thread.resolved_at is not None
    with pytest.raises(TransitionError):
        comments.resolve(manager, thread)
    comments.reopen(manager, thread)
    thread.refresh_from_db()
    assert thread.resolved_by is None and thread.resolved_at is None
    assert list(AuditEvent.objects.filter(post=post_in_review, action__startswith="comment_")
                .values_list("action", "actor_name")) == [
        ("comment_added", "manager"), ("comment_resolved", "manager"),
        ("comment_reopened", "manager")]
    post_in_review.refresh_from_db()
    assert post_in_review.state == State.IN_REVIEW  # a thread never moves the post


def test_the_post_author_and_approvers_may_resolve_a_thread(intern, manager, second_manager,
                                                            post_in_review):
    thread = comments.add(manager, post_in_review, "", "Which Monday?", "Monday")

    comments.resolve(intern, thread)  # the post's author
    thread.refresh_from_db()
    assert (thread.is_resolved, thread.resolved_by) == (True, intern)

    comments.reopen(second_manager, thread)  # an approver who did not write it
    thread.refresh_from_db()
    assert (thread.is_resolved, thread.resolved_by) == (False, None)
    assert list(AuditEvent.objects.filter(post=post_in_review, action__in=[
        "comment_resolved", "comment_reopened"]).values_list("action", "actor_name")) == [
        ("comment_resolved", "intern"), ("comment_reopened", "manager2")]


def test_another_drafter_may_not_resolve_someone_elses_thread(make_user, brand, manager,
                                                              post_in_review, client):
    from socialgov.accounts.models import Membership

    colleague = make_user("colleague")
    Membership.objects.create(user=colleague, brand=brand, role="drafter")
    thread = comments.add(manager, post_in_review, "", "Which Monday?", "Monday")
    with pytest.raises(PermissionDenied):
        comments.resolve(colleague, thread)
    client.force_login(colleague)
    assert client.post(f"/posts/{post_in_review.pk}/comments/{thread.pk}/resolve/"
                       ).status_code == 403
    # ... but they may comment and reply, as any member.
    comments.reply(colleague, thread, "Monday the 3rd, I think.")
    own = comments.add(colleague, post_in_review, "", "Typo?", "bakery")
    comments.resolve(colleague, own)


def test_a_comment_of_another_post_is_not_found_through_this_one(client, intern, manager,
                                                                 brand, fields,
                                                                 post_in_review):
    other_post = actions.create(intern, brand, fields(text="Another post."))
    thread = comments.add(manager, other_post, "", "Hmm", "Another")
    client.force_login(manager)
    response = client.post(f"/posts/{post_in_review.pk}/comments/{thread.pk}/resolve/")
    assert response.status_code == 404


def test_resolved_threads_are_folded_away(client, manager, post_in_review):
    thread = comments.add(manager, post_in_review, "", "Which Monday?", "Monday")
    comments.resolve(manager, thread)
    client.force_login(manager)
    page = client.get(post_in_review.get_absolute_url()).content.decode()
    assert "1 resolved comment" in page and "Reopen" in page


def test_comments_and_replies_are_in_the_posts_history(client, intern, manager,
                                                       post_in_review):
    thread = comments.add(manager, post_in_review, "", "Which Monday?", "opens on Monday")
    comments.reply(intern, thread, "The 3rd.")
    events = list(AuditEvent.objects.filter(post=post_in_review, action__startswith="comment_")
                  .values_list("action", "actor_name"))
    assert events == [("comment_added", "manager"), ("comment_replied", "intern")]
    assert [e.data["excerpt"] for e in AuditEvent.objects.filter(
        post=post_in_review, action__startswith="comment_")] == ["opens on Monday"] * 2
    client.force_login(intern)
    page = client.get(post_in_review.get_absolute_url()).content.decode()
    assert "commented on the text" in page and "replied to a comment" in page
