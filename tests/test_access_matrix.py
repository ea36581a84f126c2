"""The living access matrix: every URL the resolver knows × every role × GET/POST.

A URL that is not listed in EXPECTED fails the suite, so whoever adds a page
also says who may open it. Posting an empty form is enough to reach the
permission checks; what a valid form does is tested elsewhere.
"""

import json
import re
from datetime import date

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from socialgov.accounts.models import Absence, Invitation, Membership, Role, UserSession
from socialgov.api import tokens as api_tokens
from socialgov.api.models import ApiToken
from socialgov.audit.models import AuditEvent
from socialgov.brands import voice
from socialgov.brands.models import (
    ApprovalStep,
    Holiday,
    RecheckBatch,
    ReviewGroup,
    Rule,
    SavedReply,
    VoiceGuideline,
    WatchWord,
)
from socialgov.notify.kinds import Kind
from socialgov.notify.models import Notice
from socialgov.posts import actions
from socialgov.posts import comments as post_comments
from socialgov.posts.models import Backtest, Finding, State
from socialgov.posts.moves import MOVES as TABLE
from socialgov.webhooks.models import Endpoint
from tests.conftest import verify_session

ROLES = ("anonymous", "drafter", "approver", "brand_admin", "other_brand_admin", "superuser")
METHODS = ("GET", "POST")


def _walk(resolver, prefix="", namespace=""):
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace or ""
            yield from _walk(pattern, route, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(pattern, URLPattern):
            yield (f"{namespace}{pattern.name}" if pattern.name else route), route


ALL_URLS = sorted(set(_walk(get_resolver())))


def by_role(anonymous, drafter, approver, brand_admin, other_brand_admin, superuser):
    return dict(zip(ROLES, (anonymous, drafter, approver, brand_admin, other_brand_admin,
                            superuser), strict=True))


def everyone(status):
    return by_role(status, status, status, status, status, status)


LOGIN = 302  # anonymous visitors are sent to the login page
# The post under test is the drafter's, in review, with an error finding.
POST_PAGE = by_role(LOGIN, 200, 200, 200, 404, 200)
POST_ONLY = by_role(LOGIN, 405, 405, 405, 405, 405)
AUTHOR_MOVE = by_role(LOGIN, 302, 403, 403, 404, 403)
DECIDER_MOVE = by_role(LOGIN, 403, 302, 302, 404, 302)
ANY_MEMBER_MOVE = by_role(LOGIN, 302, 302, 302, 404, 302)
BRAND_ADMIN_PAGE = by_role(LOGIN, 403, 403, 200, 404, 200)
BRAND_ADMIN_MOVE = by_role(LOGIN, 403, 403, 302, 404, 302)
BRAND_ADMIN_FORM_POST = by_role(LOGIN, 403, 403, 200, 404, 200)  # empty form: shown again
GET_ONLY = everyone(405)
# Watch words and crisis mode: approvers and brand admins.
APPROVER_PAGE = by_role(LOGIN, 403, 200, 200, 404, 200)
APPROVER_MOVE = by_role(LOGIN, 403, 302, 302, 404, 302)
APPROVER_FORM_POST = by_role(LOGIN, 403, 200, 200, 404, 200)  # empty form: shown again

EXPECTED = {
    "home": {"GET": by_role(LOGIN, 200, 200, 200, 200, 200), "POST": GET_ONLY},
    "login": {"GET": by_role(200, 302, 302, 302, 302, 302),
              "POST": by_role(200, 302, 302, 302, 302, 302)},
    "logout": {"GET": everyone(405), "POST": everyone(302)},
    "healthz": {"GET": everyone(200), "POST": GET_ONLY},
    # Password reset by e-mail: anyone may ask (an empty form is shown again with
    # its errors); the link under test is a wrong one, which says so.
    "password_reset": {"GET": everyone(200), "POST": everyone(200)},
    "password_reset_done": {"GET": everyone(200), "POST": everyone(405)},
    "password_reset_confirm": {"GET": everyone(200), "POST": everyone(200)},
    "password_reset_complete": {"GET": everyone(200), "POST": everyone(405)},
    # One's own password; an empty form is shown again with its errors.
    "password_change": {"GET": by_role(LOGIN, 200, 200, 200, 200, 200),
                        "POST": by_role(LOGIN, 200, 200, 200, 200, 200)},
    "set_language": {"GET": everyone(302), "POST": everyone(302)},
    # Notifications: everyone's own. The notice under test is the drafter's.
    "notify:list": {"GET": by_role(LOGIN, 200, 200, 200, 200, 200), "POST": POST_ONLY},
    "notify:settings": {"GET": by_role(LOGIN, 200, 200, 200, 200, 200),
                        "POST": by_role(LOGIN, 200, 200, 200, 200, 200)},
    "notify:read_all": {"GET": POST_ONLY, "POST": by_role(LOGIN, 302, 302, 302, 302, 302)},
    "notify:open": {"GET": by_role(LOGIN, 302, 404, 404, 404, 404), "POST": POST_ONLY},
    # Polled by every page's header; a visitor gets 204, which stops the polling.
    "notify:counts": {"GET": by_role(204, 200, 200, 200, 200, 200), "POST": everyone(405)},
    "posts:mine": {"GET": by_role(LOGIN, 200, 200, 200, 200, 200),
                   "POST": by_role(LOGIN, 405, 405, 405, 405, 405)},
    "posts:new": {"GET": by_role(LOGIN, 200, 200, 200, 200, 200),
                  "POST": by_role(LOGIN, 200, 200, 200, 200, 200)},
    "posts:detail": {"GET": POST_PAGE, "POST": POST_ONLY},
    # The editor's background requests: without a brand they say to choose one.
    "posts:live_check": {"GET": POST_ONLY, "POST": by_role(LOGIN, 200, 200, 200, 200, 200)},
    "posts:upload_images": {"GET": POST_ONLY, "POST": by_role(LOGIN, 200, 200, 200, 200, 200)},
    # An image of the drafter's brand: its members see it, nobody else.
    "images:show": {"GET": POST_PAGE, "POST": POST_ONLY},
    "images:thumbnail": {"GET": POST_PAGE, "POST": POST_ONLY},
    # In review, the author is sent back with a message; nobody else edits.
    "posts:edit": {"GET": by_role(LOGIN, 302, 403, 403, 404, 403),
                   "POST": by_role(LOGIN, 302, 403, 403, 404, 403)},
    # Every person's move is one URL, posts/<pk>/do/<move>/: see MOVES below.
    "posts:do": {"GET": POST_ONLY, "POST": None},
    # The post page's one decision form: an empty one is shown again with its
    # errors to those who may decide; the author may not. Opened, it leads to the post.
    "posts:decide": {"GET": by_role(LOGIN, 302, 302, 302, 404, 302),
                     "POST": by_role(LOGIN, 403, 200, 200, 404, 200)},
    # Polled by the post page; out of `checking` it answers 200 asking for a reload.
    "posts:check_status": {"GET": POST_PAGE, "POST": POST_ONLY},
    "posts:status": {"GET": by_role(LOGIN, 403, 403, 200, 200, 200),
                     "POST": by_role(LOGIN, 405, 405, 405, 405, 405)},
    "posts:review_queue": {"GET": by_role(LOGIN, 403, 200, 200, 200, 200),
                           "POST": by_role(LOGIN, 405, 405, 405, 405, 405)},
    "brands:list": {"GET": by_role(LOGIN, 403, 403, 200, 200, 200),
                    "POST": by_role(LOGIN, 405, 405, 405, 405, 405)},
    "brands:rules": {"GET": BRAND_ADMIN_PAGE, "POST": POST_ONLY},
    "brands:rule_new": {"GET": BRAND_ADMIN_PAGE, "POST": BRAND_ADMIN_FORM_POST},
    "brands:rules_export": {"GET": BRAND_ADMIN_PAGE, "POST": POST_ONLY},
    # An empty upload is shown again with its errors.
    "brands:rules_import": {"GET": BRAND_ADMIN_PAGE, "POST": BRAND_ADMIN_FORM_POST},
    # A backtest of the rule form's fields (an empty form: shown why not), and one run.
    "posts:backtest_start": {"GET": POST_ONLY, "POST": BRAND_ADMIN_FORM_POST},
    "posts:backtest": {"GET": BRAND_ADMIN_PAGE, "POST": POST_ONLY},
    "posts:rule_health": {"GET": BRAND_ADMIN_PAGE, "POST": POST_ONLY},
    "brands:shipped_rules": {"GET": BRAND_ADMIN_PAGE, "POST": POST_ONLY},
    # Without a rule and a reason the change is refused with a message.
    "brands:shipped_rule_change": {"GET": POST_ONLY, "POST": BRAND_ADMIN_MOVE},
    "brands:history": {"GET": BRAND_ADMIN_PAGE, "POST": POST_ONLY},
    # Restores (or says it is the current one) the rule-set version of that number.
    "brands:history_restore": {"GET": POST_ONLY, "POST": BRAND_ADMIN_MOVE},
    # Undoes a change the history lists (here a change of the settings checks do not read).
    "brands:history_undo": {"GET": POST_ONLY, "POST": BRAND_ADMIN_MOVE},
    "brands:rule_edit": {"GET": BRAND_ADMIN_PAGE, "POST": BRAND_ADMIN_FORM_POST},
    "brands:rule_toggle": {"GET": POST_ONLY, "POST": BRAND_ADMIN_MOVE},
    "brands:rule_delete": {"GET": POST_ONLY, "POST": BRAND_ADMIN_MOVE},
    "brands:guidelines": {"GET": BRAND_ADMIN_PAGE, "POST": POST_ONLY},
    "brands:guideline_new": {"GET": BRAND_ADMIN_PAGE, "POST": BRAND_ADMIN_FORM_POST},
    "brands:guideline_edit": {"GET": BRAND_ADMIN_PAGE, "POST": BRAND_ADMIN_FORM_POST},
    "brands:guideline_delete": {"GET": POST_ONLY, "POST": BRAND_ADMIN_MOVE},
    "brands:members": {"GET": BRAND_ADMIN_PAGE, "POST": POST_ONLY},  # invitations only
    "brands:member_role": {"GET": POST_ONLY, "POST": BRAND_ADMIN_MOVE},
    "brands:member_remove": {"GET": POST_ONLY, "POST": BRAND_ADMIN_MOVE},
    # Deactivating the drafter works; reactivating an active member is refused
    # with a message. Both go back to the members page.
    "brands:member_deactivate": {"GET": POST_ONLY, "POST": BRAND_ADMIN_MOVE},
    "brands:member_reactivate": {"GET": POST_ONLY, "POST": BRAND_ADMIN_MOVE},
    "brands:member_invite": {"GET": POST_ONLY, "POST": BRAND_ADMIN_FORM_POST},
    "brands:invitation_resend": {"GET": POST_ONLY, "POST": BRAND_ADMIN_MOVE},
    "brands:invitation_revoke": {"GET": POST_ONLY, "POST": BRAND_ADMIN_MOVE},
    # The invitation link (for an address none of the roles has): anyone may
    # open it; a visitor sees the sign-up form (an empty one is shown again
    # with its errors); a logged-in person who is not the invitee cannot accept.
    "invitation": {"GET": everyone(200), "POST": by_role(200, 403, 403, 403, 403, 403)},
    "brands:settings": {"GET": BRAND_ADMIN_PAGE, "POST": BRAND_ADMIN_FORM_POST},
    "brands:strategy": {"GET": BRAND_ADMIN_PAGE, "POST": BRAND_ADMIN_FORM_POST},
    "brands:watch_words": {"GET": APPROVER_PAGE, "POST": APPROVER_FORM_POST},
    "brands:watch_word_remove": {"GET": POST_ONLY, "POST": APPROVER_MOVE},
    # Polled by the page of whoever changed the rules.
    "brands:recheck_status": {"GET": APPROVER_PAGE, "POST": POST_ONLY},
    "brands:calendar": {"GET": BRAND_ADMIN_PAGE, "POST": BRAND_ADMIN_FORM_POST},
    "brands:calendar_delete": {"GET": POST_ONLY, "POST": BRAND_ADMIN_MOVE},
    "brands:crises": {"GET": APPROVER_PAGE, "POST": POST_ONLY},
    # Analytics: a brand's approvers and brand admins; across brands, superusers.
    "analytics:brand": {"GET": APPROVER_PAGE, "POST": POST_ONLY},
    "analytics:brand_csv": {"GET": APPROVER_PAGE, "POST": POST_ONLY},
    # Anyone but a superuser: sent to their one brand's dashboard.
    "analytics:everywhere": {"GET": by_role(LOGIN, 403, 302, 302, 302, 200), "POST": POST_ONLY},
    "analytics:everywhere_csv": {"GET": by_role(LOGIN, 403, 403, 403, 403, 200),
                                 "POST": POST_ONLY},
    # Without a reason the move is refused with a message.
    "brands:crisis_start": {"GET": POST_ONLY, "POST": APPROVER_MOVE},
    "brands:crisis_end": {"GET": POST_ONLY, "POST": APPROVER_MOVE},
    # Versions and comments: any member who sees the post. An empty comment is
    # refused with a message; reopening an open thread too.
    "posts:version": {"GET": POST_PAGE, "POST": POST_ONLY},
    "posts:comment": {"GET": POST_ONLY, "POST": ANY_MEMBER_MOVE},
    "posts:comment_reply": {"GET": POST_ONLY, "POST": ANY_MEMBER_MOVE},
    # The world's thread is the approver's, on the drafter's post: its author,
    # the post's author and deciders may resolve it.
    "posts:comment_resolve": {"GET": POST_ONLY, "POST": ANY_MEMBER_MOVE},
    "posts:comment_reopen": {"GET": POST_ONLY, "POST": ANY_MEMBER_MOVE},
    "brands:reasons": {"GET": BRAND_ADMIN_PAGE, "POST": BRAND_ADMIN_FORM_POST},
    "brands:reason_edit": {"GET": BRAND_ADMIN_PAGE, "POST": BRAND_ADMIN_FORM_POST},
    "brands:reason_toggle": {"GET": POST_ONLY, "POST": BRAND_ADMIN_MOVE},
    # Polled by the post page: who else has it open.
    "posts:presence": {"GET": POST_ONLY, "POST": POST_PAGE},
    # Everyone's own absences; the absence under test is the drafter's.
    "away": {"GET": by_role(LOGIN, 200, 200, 200, 200, 200),
             "POST": by_role(LOGIN, 200, 200, 200, 200, 200)},
    "away_remove": {"GET": POST_ONLY, "POST": by_role(LOGIN, 302, 404, 404, 404, 404)},
    # One's own account (issue 15). Nobody but the superuser has two-factor
    # authentication on (the superuser's session is verified: the admin needs it).
    "account": {"GET": by_role(LOGIN, 200, 200, 200, 200, 200), "POST": POST_ONLY},
    # Without an app: the code page sends to setting one up; with one, verified: onwards.
    "two_factor_verify": {"GET": everyone(302), "POST": everyone(302)},
    # Already on for the superuser: back to the account page. An empty code: shown again.
    "two_factor_setup": {"GET": by_role(LOGIN, 200, 200, 200, 200, 302),
                         "POST": by_role(LOGIN, 200, 200, 200, 200, 302)},
    # Off: back to the account page; on, new codes are made (verified session).
    "two_factor_codes": {"GET": by_role(LOGIN, 302, 302, 302, 302, 200),
                         "POST": by_role(LOGIN, 302, 302, 302, 302, 302)},
    # Only right after codes were made, in that session.
    "two_factor_codes_download": {"GET": by_role(LOGIN, 404, 404, 404, 404, 404),
                                  "POST": POST_ONLY},
    "two_factor_off": {"GET": by_role(LOGIN, 302, 302, 302, 302, 200),
                       "POST": by_role(LOGIN, 302, 302, 302, 302, 200)},
    # The session under test is the drafter's other one: ended by them only (others are
    # told it had already ended, and it stays).
    "session_end": {"GET": POST_ONLY, "POST": by_role(LOGIN, 302, 302, 302, 302, 302)},
    "sessions_end_others": {"GET": POST_ONLY, "POST": by_role(LOGIN, 302, 302, 302, 302, 302)},
    "brands:approval_path": {"GET": BRAND_ADMIN_PAGE, "POST": POST_ONLY},
    "brands:path_step_new": {"GET": BRAND_ADMIN_PAGE, "POST": BRAND_ADMIN_FORM_POST},
    "brands:path_step_edit": {"GET": BRAND_ADMIN_PAGE, "POST": BRAND_ADMIN_FORM_POST},
    "brands:path_step_move": {"GET": POST_ONLY, "POST": BRAND_ADMIN_MOVE},
    "brands:path_step_delete": {"GET": POST_ONLY, "POST": BRAND_ADMIN_MOVE},
    "brands:path_group_new": {"GET": BRAND_ADMIN_PAGE, "POST": BRAND_ADMIN_FORM_POST},
    "brands:path_group_edit": {"GET": BRAND_ADMIN_PAGE, "POST": BRAND_ADMIN_FORM_POST},
    "brands:path_group_delete": {"GET": POST_ONLY, "POST": BRAND_ADMIN_MOVE},
    # Customer replies: the reply targets, holidays and saved replies are the
    # brand admins'. An empty holiday or saved reply is shown again with its errors.
    "brands:replies": {"GET": BRAND_ADMIN_PAGE, "POST": BRAND_ADMIN_FORM_POST},
    "brands:reply_holiday_add": {"GET": POST_ONLY, "POST": BRAND_ADMIN_FORM_POST},
    "brands:reply_holiday_delete": {"GET": POST_ONLY, "POST": BRAND_ADMIN_MOVE},
    "brands:saved_replies": {"GET": BRAND_ADMIN_PAGE, "POST": BRAND_ADMIN_FORM_POST},
    "brands:saved_reply_edit": {"GET": BRAND_ADMIN_PAGE, "POST": BRAND_ADMIN_FORM_POST},
    "brands:saved_reply_delete": {"GET": POST_ONLY, "POST": BRAND_ADMIN_MOVE},
    # Outgoing webhooks: the brand admins'. An empty webhook form is shown again with
    # its errors; the log, the test, the secret and the delete name the world's webhook.
    "webhooks:list": {"GET": BRAND_ADMIN_PAGE, "POST": POST_ONLY},
    "webhooks:new": {"GET": BRAND_ADMIN_PAGE, "POST": BRAND_ADMIN_FORM_POST},
    "webhooks:log": {"GET": BRAND_ADMIN_PAGE, "POST": POST_ONLY},
    "webhooks:edit": {"GET": BRAND_ADMIN_PAGE, "POST": BRAND_ADMIN_FORM_POST},
    "webhooks:delete": {"GET": POST_ONLY, "POST": BRAND_ADMIN_MOVE},
    "webhooks:secret": {"GET": POST_ONLY, "POST": BRAND_ADMIN_MOVE},
    "webhooks:test": {"GET": POST_ONLY, "POST": BRAND_ADMIN_MOVE},
    # The planning calendar: every person sees their own brands' posts.
    "planning:calendar": {"GET": by_role(LOGIN, 200, 200, 200, 200, 200),
                          "POST": by_role(LOGIN, 405, 405, 405, 405, 405)},
    # Moving the drafter's post (in review, with no day given): refused with a
    # message to every member; another brand's post does not exist.
    "planning:move": {"GET": POST_ONLY, "POST": ANY_MEMBER_MOVE},
    "planning:feed_settings": {"GET": by_role(LOGIN, 200, 200, 200, 200, 200),
                               "POST": by_role(LOGIN, 405, 405, 405, 405, 405)},
    # Without a feed, the confirmation leads to the page that makes one.
    "planning:feed_renew": {"GET": by_role(LOGIN, 302, 302, 302, 302, 302),
                            "POST": by_role(LOGIN, 302, 302, 302, 302, 302)},
    # No login: the token is the secret, and the invitation's opens no feed.
    "planning:feed": {"GET": everyone(404), "POST": everyone(405)},
    # Everyone's own data (Law 25): the page, and the download it posts.
    "my_data": {"GET": by_role(LOGIN, 200, 200, 200, 200, 200),
                "POST": by_role(LOGIN, 200, 200, 200, 200, 200)},
    # The brand's API tokens: its admins'. An empty form is shown again with its errors.
    "api_tokens:list": {"GET": BRAND_ADMIN_PAGE, "POST": BRAND_ADMIN_FORM_POST},
    "api_tokens:revoke": {"GET": POST_ONLY, "POST": BRAND_ADMIN_MOVE},
    # The JSON API (socialgov/api): each role calls it with a token of its own (see
    # API_BODIES), the other brand's admin with one of the other brand, the superuser
    # with a brand admin's of the drafter's brand; "anonymous" gives none.
    # The schema is public; the API's root is no page. A wrong method is 405 before
    # any token is read.
    "api:openapi-json": {"GET": everyone(200), "POST": everyone(405)},
    # /api/ is the index (no token needed); ninja's own name for it shadowed.
    "api:index": {"GET": everyone(200), "POST": everyone(405)},
    "api:api-root": {"GET": everyone(200), "POST": everyone(405)},
    # Any token reads its own brand's posts (none of another brand's) and makes drafts.
    "api:posts": {"GET": by_role(401, 200, 200, 200, 200, 200),
                  "POST": by_role(401, 201, 201, 201, 201, 201)},
    "api:posts_due": {"GET": by_role(401, 200, 200, 200, 200, 200), "POST": everyone(405)},
    "api:post": {"GET": by_role(401, 200, 200, 200, 404, 200), "POST": everyone(405)},
    # The post is in review: its author is told not now (409), anyone else not theirs.
    "api:post_submit": {"GET": everyone(405),
                        "POST": by_role(401, 409, 403, 403, 404, 403)},
    # Approvers may mark a post published, once it is approved (409 in review).
    "api:post_publish": {"GET": everyone(405),
                         "POST": by_role(401, 403, 409, 409, 404, 409)},
}

# The API's bodies: valid in shape, so each call reaches the permission checks.
API_BODIES = {
    "api:posts": {"text": "Hello", "networks": ["x"], "objective": "inform",
                  "language": "en"},
    "api:post_publish": {"network": "x", "url": "https://x.com/acme/status/1",
                         "early": True},
}
API_TOKEN_ROLES = {"drafter": Role.DRAFTER, "approver": Role.APPROVER,
                   "brand_admin": Role.BRAND_ADMIN, "other_brand_admin": Role.BRAND_ADMIN,
                   "superuser": Role.BRAND_ADMIN}

# posts/<pk>/do/<move>/, move by move (an unknown move answers 404).
MOVES = {
    "submit": AUTHOR_MOVE,
    "withdraw": AUTHOR_MOVE,
    "ask_waiver": AUTHOR_MOVE,
    "approve": DECIDER_MOVE,
    "request_changes": DECIDER_MOVE,
    "reject": DECIDER_MOVE,
    # No finding named: refused with a message, to those who may waive.
    "waive": DECIDER_MOVE,
    # Advisory comments and claims: like decisions; an empty comment is refused
    # with a message.
    "advise": DECIDER_MOVE,
    "claim": DECIDER_MOVE,
    # Nobody has claimed the post: refused with a message, to every member.
    "release": ANY_MEMBER_MOVE,
    # Someone else's claim, released by a brand admin; nobody's: refused with a message.
    "release_claim": BRAND_ADMIN_MOVE,
    # Approvers (the author too, were they one); in review it is refused with a message.
    "publish": by_role(LOGIN, 403, 302, 302, 404, 302),
    "duplicate": ANY_MEMBER_MOVE,
    # The author or an approver; in review, archiving is refused with a message,
    # and so is restoring a post that is not archived.
    "archive": ANY_MEMBER_MOVE,
    "restore": ANY_MEMBER_MOVE,
    # The author and approvers may ask; in review, the move is refused with a message.
    "retry_check": ANY_MEMBER_MOVE,
    "no_such_move": by_role(LOGIN, 404, 404, 404, 404, 404),
}


# Django's admin is for superusers only;
# everyone else is sent to its login page. Its own pages answer as Django
# made them; the matrix holds that nobody else gets in.
STAFF_ONLY = ("admin/",)
ADMIN_FOR_OTHERS = {302}
ADMIN_SUPERUSER = {200, 302, 403, 405}
ADMIN_SPECIAL = {
    # name or route fragment: (others, superuser)
    "admin:login": ({200, 302}, {200, 302}),
    "admin:logout": ({200, 302, 405}, {200, 302, 405}),
    "(?P<url>.*)$": ({302}, {404}),  # the admin's catch-all
}


def expected_status(name, route, method, role, move=None):
    if move is not None and method == "POST":
        return {MOVES[move][role]}
    if route.startswith(STAFF_ONLY):
        others, superuser = ADMIN_FOR_OTHERS, ADMIN_SUPERUSER
        for fragment, statuses in ADMIN_SPECIAL.items():
            if fragment in name or fragment in route:
                others, superuser = statuses
                break
        return superuser if role == "superuser" else others
    return {EXPECTED[name][method][role]}


def test_every_url_has_an_expected_status_for_every_role_and_method():
    missing = [name for name, route in ALL_URLS
               if not (route.startswith(STAFF_ONLY) or name in EXPECTED)]
    assert not missing, f"add these URLs to the access matrix: {missing}"
    stale = set(EXPECTED) - {name for name, _route in ALL_URLS}
    assert not stale, f"the matrix lists URLs that no longer exist: {stale}"
    people_moves = {name for name, move in TABLE.items() if not move.is_system and not move.link}
    assert set(MOVES) - {"no_such_move"} == people_moves, "every move of the table, once"


@pytest.fixture
def world(brand, other_brand, intern, manager, brand_admin, other_admin, superuser, banned_rule,
          fields, submit, make_image):
    post = actions.create(intern, brand, fields(text="A dumb idea, said kindly."))
    submit(intern, post)
    post.refresh_from_db()
    assert post.state == State.SENT_BACK
    actions.ask_waiver(intern, post, "The word is quoted.")
    post.refresh_from_db()
    assert post.state == State.IN_REVIEW
    guideline = VoiceGuideline.objects.create(brand=brand, title="Tone", text="<p>Warm</p>")
    invitation = Invitation(brand=brand, email="newcomer@example.com", role=Role.DRAFTER,
                            invited_by=brand_admin)
    token = invitation.new_token()
    invitation.save()
    thread = post_comments.add(manager, post, post.current_version_id, "Why quote it?",
                               quote="dumb idea")
    # Made once the post is in review: its path is the default one.
    group = ReviewGroup.objects.create(brand=brand, name="Legal")
    group.members.add(manager)
    step = ApprovalStep.objects.create(brand=brand, name="Comms", position=0)
    voice.change_settings(brand_admin, brand, {"reminder_hours": [4]})
    users = {"drafter": intern, "approver": manager, "brand_admin": brand_admin,
             "other_brand_admin": other_admin, "superuser": superuser}
    secrets = {role: api_tokens.make(user, other_brand if role == "other_brand_admin" else brand,
                                     name="Matrix", role=API_TOKEN_ROLES[role])[1]
               for role, user in users.items()}
    return {
        "api_secrets": secrets,
        "users": {"anonymous": None, "drafter": intern, "approver": manager,
                  "brand_admin": brand_admin, "other_brand_admin": other_admin,
                  "superuser": superuser},
        "kwargs": {
            "pk": post.pk,
            "finding_pk": Finding.objects.filter(version=post.current_version).first().pk,
            "slug": brand.slug,
            "token": token,
            "uidb64": "MQ",  # a user's id in a password reset link (a wrong token here)
            "number": post.current_version.number,
            "comment_pk": thread.pk,
            "notice": Notice.objects.create(
                recipient=intern, event=post.audit_events.last(), kind=Kind.SENT_BACK,
                brand=brand, post=post, url=post.get_absolute_url()).pk,
        },
        "objects": {
            "rule": Rule.objects.get(pk=banned_rule.pk),
            "guideline": guideline,
            "membership": Membership.objects.get(user=intern, brand=brand),
            "watch_word": WatchWord.objects.create(brand=brand, term="flood",
                                                   created_by=manager),
            "recheck": RecheckBatch.objects.create(brand=brand, requested_by=manager),
            "sensitive_date": brand.sensitive_dates.first(),
            "invitation": invitation,
            "review_reason": brand.review_reasons.first(),
            "approval_step": step,
            "review_group": group,
            "saved_reply": SavedReply.objects.create(brand=brand, name="Late order",
                                                     language="en", text="Hi {name}"),
            "holiday": Holiday.objects.create(brand=brand, day=date(2030, 12, 25),
                                              name="Christmas"),
            "image": make_image(),
            "user_session": _other_session_of(intern),
            "absence": Absence.objects.create(user=intern, starts_on=date(2030, 1, 1),
                                              ends_on=date(2030, 1, 5)),
            "backtest": Backtest.objects.create(brand=brand, rule_name="Odd word",
                                                finished_at=timezone.now()),
            "change": AuditEvent.objects.get(brand=brand, action="brand_changed"),
            "webhook": Endpoint.objects.create(brand=brand, url="https://hooks.example.com/in",
                                               events=["approved"]),
            "api_token": ApiToken.objects.filter(brand=brand).first(),
        },
    }


def _other_session_of(user):
    other = Client()
    other.force_login(user)
    return UserSession.objects.get(session_id=other.session.session_key)


def _url(name, route, world, move=None):
    if name == route:  # unnamed admin routes
        return "/" + _fill(route.replace("^", "").replace("$", "").replace("(?P<url>.*)",
                                                                          "nowhere/"))
    resolver_match_kwargs = {}
    pattern = dict(ALL_URLS)[name]
    for key, value in world["kwargs"].items():
        if any(f"<{kind}{key}>" in pattern for kind in ("int:", "slug:", "str:", "")):
            resolver_match_kwargs[key] = value
    if "<int:pk>" in pattern and name.startswith("brands:"):
        kind = ("saved_reply" if "saved_reply" in name else "holiday" if "holiday" in name
                else "rule" if "rule" in name else "guideline" if "guideline" in name
                else "watch_word" if "watch_word" in name else "recheck" if "recheck" in name
                else "sensitive_date" if "calendar" in name
                else "invitation" if "invitation" in name
                else "review_reason" if "reason" in name
                else "approval_step" if "path_step" in name
                else "review_group" if "path_group" in name
                else "change" if "history" in name
                else "membership")
        resolver_match_kwargs["pk"] = world["objects"][kind].pk
    if name.startswith("webhooks:") and "<int:pk>" in pattern:
        resolver_match_kwargs["pk"] = world["objects"]["webhook"].pk
    if name.startswith("images:"):
        resolver_match_kwargs["pk"] = world["objects"]["image"].pk
    if name == "posts:backtest":
        resolver_match_kwargs["pk"] = world["objects"]["backtest"].pk
    if name == "away_remove":
        resolver_match_kwargs["pk"] = world["objects"]["absence"].pk
    if name == "api_tokens:revoke":
        resolver_match_kwargs["pk"] = world["objects"]["api_token"].pk
    if name == "session_end":
        resolver_match_kwargs["pk"] = world["objects"]["user_session"].pk
    if name.startswith("analytics:") and "<slug:chart>" in pattern:
        resolver_match_kwargs["chart"] = "turnaround"
    if move is not None:
        resolver_match_kwargs["move"] = move
    if route.startswith(STAFF_ONLY):
        return _admin_url(name)
    return reverse(name, kwargs=resolver_match_kwargs)


def _admin_arguments(route):
    """Real ids for the admin's URL arguments: an existing object of the
    route's model, so the superuser's answers are about access, not 404s."""
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    from socialgov.posts.models import Post

    model = Post
    parts = route.split("/")
    if len(parts) > 2:
        try:
            model = apps.get_model(parts[1], parts[2])
        except (LookupError, ValueError):
            pass
    instance = model.objects.order_by("pk").first()
    # None of that model: the admin answers that it does not exist.
    object_id = str(instance.pk) if instance else "999999"
    return {"app_label": "posts", "object_id": object_id, "id": object_id,
            "content_type_id": str(ContentType.objects.get_for_model(model).pk)}


def _fill(route):
    arguments = _admin_arguments(route)
    return re.sub(r"<(?:\w+:)?(\w+)>", lambda m: arguments.get(m.group(1), "1"), route)


def _admin_url(name):
    pattern = dict(ALL_URLS)[name]
    arguments = _admin_arguments(pattern)
    kwargs = {m.group(1): arguments.get(m.group(1), "1")
              for m in re.finditer(r"<(?:\w+:)?(\w+)>", pattern)}
    return reverse(name, kwargs=kwargs)


CASES = [(name, route, method, move) for name, route in ALL_URLS for method in METHODS
         for move in (sorted(MOVES) if name == "posts:do" else [None])]


def _group(name, route):
    """Its namespace, or its app in the admin: the cases are checked a group at a time,
    for the world they need takes a quarter of a second to make."""
    if route.startswith(STAFF_ONLY):
        return "admin/" + route.split("/")[1].split("(")[0].strip("^")
    return name.partition(":")[0] if ":" in name else "site"


GROUPS = {}
for case in CASES:
    GROUPS.setdefault(_group(case[0], case[1]), []).append(case)


def _call_api(client, world, role, url, method, name):
    """The API with the role's token, never its session."""
    client.logout()
    secret = world["api_secrets"].get(role)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"} if secret else {}
    if method == "GET":
        return client.get(url, **headers)
    return client.post(url, json.dumps(API_BODIES.get(name, {})),
                       content_type="application/json", **headers)


@pytest.mark.parametrize("group", sorted(GROUPS))
def test_access(world, group):
    """Each URL of the group × method (× move) × role, each request inside a savepoint
    rolled back afterwards, so one role's POST never changes what the next role meets.
    Every answer that is not the expected one is reported."""
    wrong = []
    for name, route, method, move in GROUPS[group]:
        for role in ROLES:
            with transaction.atomic():
                client = Client()
                user = world["users"][role]
                if user is not None:
                    client.force_login(user)
                if role == "superuser":
                    verify_session(client, user)
                url = _url(name, route, world, move)
                if name.startswith("api:"):
                    response = _call_api(client, world, role, url, method, name)
                else:
                    response = client.get(url) if method == "GET" else client.post(url, {})
                transaction.set_rollback(True)
            allowed = expected_status(name, route, method, role, move)
            if response.status_code not in allowed:
                wrong.append(f"{method} {url} ({name}{'/' + move if move else ''}) as {role}: "
                             f"{response.status_code}, expected {sorted(allowed)}")
    assert not wrong, "\n".join(wrong)

