"""No 500 on anything a person can type: every form of every page, as each role
meets it, posted with hypothesis-made values (NUL and control characters, bidi
marks, emoji, very long texts, huge and non-finite numbers, dates at the ends of
the calendar, JSON with odd escapes, choices that are not offered, fields missing
or given twice); every address sent JSON bodies, and every page opened with odd
query strings. A 5xx or an error logged fails the test, naming the address, the
payload and the exception.

The pages are found as the access matrix finds them (every URL pattern of the
resolver, its arguments filled with the matrix's real objects), and the forms are
read from their HTML: a page or a form added tomorrow is fuzzed without a line here.
Each example runs inside a savepoint rolled back afterwards, so all start from the
same world. The default run stays small; ``make stress`` runs many more examples.
"""

import json
import logging
import os
from http.cookies import SimpleCookie

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tests.test_access_matrix as matrix
from socialgov.posts.models import State
from tests.support.page_forms import Field, PageForm, forms_of, path_of

pytestmark = pytest.mark.django_db

world = matrix.world  # the access matrix's objects, one of each thing a URL names

# The superuser meets the brand admin's forms, and Django's admin (see WITH_ADMIN).
ROLES = ("anonymous", "drafter", "approver", "brand_admin")

# -- the review's findings, one by one ----------------------------------------------------

END_OF_CALENDAR = "Choose a date between the years 1900 and 9998."


@pytest.fixture
def quiet_client():
    """A client that answers a 500 as a server does, instead of raising."""
    return Client(raise_request_exception=False)


def editor_data(brand, **fields):
    return {"brand": brand.pk, "networks": ["x"], "objective": "inform", "language": "en",
            "text": "Hello", "network_texts-TOTAL_FORMS": "0",
            "network_texts-INITIAL_FORMS": "0", **fields}


@pytest.mark.parametrize("field, value", [
    ("planned_at", "9999-12-31T23:59"), ("planned_at", "0001-01-01T00:00"),
    ("reply_received_at", "9999-12-31T23:59"), ("reply_received_at", "0001-01-01T00:00"),
])
@pytest.mark.parametrize("action", ["save", "submit", "live"])
def test_a_time_at_an_end_of_the_calendar_is_refused_by_the_editor(
        quiet_client, brand, intern, field, value, action):
    quiet_client.force_login(intern)
    data = editor_data(brand, **{field: value})
    if field == "reply_received_at":
        data.update(reply_message="Is the shop open?", reply_network="x")
    if action == "live":
        response = quiet_client.post("/posts/live-check/", data)
        assert response.status_code == 200
        return
    response = quiet_client.post("/posts/new/", {**data, "action": action})
    assert response.status_code == 200
    assert END_OF_CALENDAR in response.content.decode()
    assert not brand.posts.exists()


@pytest.mark.parametrize("value", ["9999-12-31T23:59", "0001-01-01T00:00"])
def test_a_time_at_an_end_of_the_calendar_is_refused_when_editing(
        quiet_client, make_post, intern, value):
    post = make_post()
    quiet_client.force_login(intern)
    response = quiet_client.post(f"/posts/{post.pk}/edit/",
                                 editor_data(post.brand, planned_at=value))
    assert response.status_code == 200
    assert END_OF_CALENDAR in response.content.decode()
    post.current_version.refresh_from_db()
    assert post.current_version.planned_at.year < 9999


@pytest.mark.parametrize("who, url, data", [
    ("intern", "/away/", {"starts_on": "9999-12-31", "ends_on": "9999-12-31"}),
    ("intern", "/away/", {"starts_on": "0001-01-01", "ends_on": "0001-01-02"}),
    ("manager", "/brands/acme/watch-words/", {"term": "flood", "expires_on": "9999-12-31"}),
    ("brand_admin", "/brands/acme/replies/holidays/", {"day": "9999-12-31", "name": "End"}),
    ("intern", "/posts/", {"date_from": "9999-12-31", "date_to": "9999-12-31"}),
    ("manager", "/review/", {"date_from": "0001-01-01", "date_to": "0001-01-01"}),
])
def test_a_date_at_an_end_of_the_calendar_is_refused_everywhere(
        request, quiet_client, brand, who, url, data):
    quiet_client.force_login(request.getfixturevalue(who))
    send = quiet_client.get if url in ("/posts/", "/review/") else quiet_client.post
    response = send(url, data)
    assert response.status_code == 200
    assert END_OF_CALENDAR in response.content.decode()


def test_the_date_pickers_offer_no_day_the_forms_refuse(client, intern):
    client.force_login(intern)
    page = client.get("/away/").content.decode()
    assert page.count('max="9998-12-31"') == 2


NUL = "Half a line\x00 and the rest."


def test_a_nul_in_a_comment_is_left_out(quiet_client, make_post, manager):
    post = make_post("in_review")
    quiet_client.force_login(manager)
    response = quiet_client.post(f"/posts/{post.pk}/comments/",
                                 {"version": post.current_version_id, "body": NUL})
    assert response.status_code == 302
    [comment] = post.comments.all()
    assert comment.body == "Half a line and the rest."
    response = quiet_client.post(f"/posts/{post.pk}/comments/{comment.pk}/reply/", {"body": NUL})
    assert response.status_code == 302
    assert post.comments.filter(body="Half a line and the rest.").count() == 2


def test_a_nul_in_a_decision_note_is_left_out(quiet_client, make_post, manager):
    post = make_post("in_review")
    quiet_client.force_login(manager)
    response = quiet_client.post(f"/posts/{post.pk}/decide/", {
        "version": post.current_version_id, "decision": "request_changes", "note": NUL})
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.state == "changes_requested"
    assert post.decisions.get().reason == "Half a line and the rest."


def test_a_nul_in_a_crisis_reason_is_left_out(quiet_client, brand, manager):
    quiet_client.force_login(manager)
    response = quiet_client.post("/brands/acme/crises/start/", {"reason": NUL})
    assert response.status_code == 302
    assert brand.crisis_periods.get().start_reason == "Half a line and the rest."


def test_a_nul_in_a_form_is_left_out_and_the_rest_kept(quiet_client, brand, brand_admin):
    quiet_client.force_login(brand_admin)
    response = quiet_client.post("/brands/acme/reasons/", {
        "label_en": NUL, "label_fr": "Une raison", "position": "3", "active": "on"})
    assert response.status_code == 302
    assert brand.review_reasons.filter(label_en="Half a line and the rest.").exists()


@pytest.mark.parametrize("members", ["9" * 26, ["9" * 26, "-" + "9" * 26], "1" + "0" * 5000])
def test_an_id_beyond_the_databases_integers_is_a_choice_refused(quiet_client, brand,
                                                                 brand_admin, members):
    # Found by the long fuzz: SQLite raised OverflowError on a review group's members.
    from socialgov.brands.models import ReviewGroup

    group = ReviewGroup.objects.create(brand=brand, name="Legal")
    quiet_client.force_login(brand_admin)
    response = quiet_client.post(f"/brands/acme/approval-path/groups/{group.pk}/edit/",
                                 {"name": "Legal", "members": members})
    assert response.status_code == 200
    assert "is not one of the available choices" in response.content.decode()


def test_an_unknown_shipped_rule_of_any_length_is_refused_with_a_message(
        quiet_client, brand, brand_admin, errors_logged):
    # Found by the fuzz: the page was sent back to an anchor made of the 40,000-word
    # rule name, a redirect Django refuses (400, an error logged).
    quiet_client.force_login(brand_admin)
    response = quiet_client.post("/brands/acme/shipped-rules/change/",
                                 {"rule": "a " * 40_000, "action": "off", "reason": "Why"})
    assert response.status_code == 302
    assert response["Location"] == "/brands/acme/shipped-rules/"
    assert not errors_logged


def rule_fields(params):
    return {"editor": "words", "name": "Escapes", "kind": "banned_terms",
            "severity": "warning", "enabled": "on", "message_en": "Not “{match}”.",
            "message_fr": "Pas « {match} ».", "advanced": "on", "params": params}


@pytest.mark.parametrize("params", [
    '{"terms": ["\\ud800"]}', '{"terms": ["a\\u0000b"]}', '{"terms": ["a"], "x": 1e999}',
    '{"terms": ["a"], "x": ' + "9" * 5000 + "}", '{"terms": ' + "[" * 5000 + "]" * 5000 + "}",
    '{"\\u0000": ["a"]}', '{"terms": ["\\udc00\\ud800"]}', "NaN",
])
def test_odd_json_in_a_rules_parameters_is_refused_with_a_message(
        quiet_client, brand, brand_admin, params):
    quiet_client.force_login(brand_admin)
    response = quiet_client.post("/brands/acme/rules/new/", rule_fields(params))
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not brand.ruleset.rules.filter(name="Escapes").exists()


def _all_forms():
    import importlib
    import pkgutil

    from django.forms.forms import BaseForm

    import socialgov

    for module in pkgutil.walk_packages(socialgov.__path__, "socialgov."):
        if ".migrations" not in module.name and ".management" not in module.name:
            importlib.import_module(module.name)
    found, todo = set(), [BaseForm]
    while todo:
        for subclass in todo.pop().__subclasses__():
            todo.append(subclass)
            if subclass.__module__.startswith("socialgov.") and \
                    not subclass.__module__.startswith("socialgov.lib.forms"):
                found.add(subclass)
    return found


def test_every_form_takes_out_nul_and_refuses_what_cannot_be_saved():
    from socialgov.lib.forms import TypedInput

    forms = _all_forms()
    assert len(forms) > 30
    untreated = sorted(f"{form.__module__}.{form.__qualname__}" for form in forms
                       if not issubclass(form, TypedInput))
    assert not untreated, "make these socialgov.lib.forms.Form or ModelForm: " + \
        ", ".join(untreated)


# -- values ------------------------------------------------------------------------------

NASTY_PIECES = (
    "\x00", "a\x00b", "\x01\x02\x1b[31m\x7f", "\u202eevil\u202c", "\u200f\u200e\u2066",
    "👩\u200d👩\u200d👧\u200d👦🏳️\u200d🌈", "\ufeff", "\ufffd", "\uffff", "'\"<>&;--",
    "%s %(x)s {0} {match} {{", "\r\n\r\n", " ", "\u0085\u2028\u2029", "\t", "̸̛̖", "ǅ", "ß",
    "İ", "\U0010ffff", "\\", "\\u0000", "\\ud800",
)
LONG_TEXTS = ("x" * 70_000, "é" * 5_001, "a " * 40_000, "\x00" * 300)
NUMBERS = ("1e999", "-1e999", "NaN", "inf", "-1", "0", "-0", "99999999999999999999999999",
           "1" + "0" * 5000, "0x1F", "1.5", "٣", "１２", "2147483648", "-9223372036854775809")
DATES = ("9999-12-31T23:59", "9999-12-31", "9999-12-31 23:59", "9999-12-31T23:59:59",
         "0001-01-01", "0001-01-01T00:00", "0001-01-01 00:00", "10000-01-01", "2030-02-30",
         "2030-13-01", "2030-03-10T02:30", "2030-11-03T01:30", "1970-01-01T00:00", "23:59",
         "25:61", "9999-12", "0000-00-00")
JSON_TEXTS = (
    '{"terms": ["\\ud800"]}', '"\\u0000"', '{"\\u0000": 1}', '{"terms": ["a\\u0000b"]}',
    "[" * 3000 + "]" * 3000, '{"a":' * 3000 + "1" + "}" * 3000, "1e999", '{"a": 1e999}',
    "-Infinity", '{"a": NaN}', '{"terms": ["a"], "terms": ["b"]}', "\\", '{"a": "\\x"}',
    '{"terms": ["\\udc00\\ud800"]}', '{"max": ' + "9" * 5000 + "}", '{"swap": {"\\ud83d": "x"}}',
    '{"min": -1e308, "max": 1e308}', "null", "[]", "{}", '{"terms": [null, 1, true, {}]}',
)
CHOICES = ("nope", "", "-1", "0", "999999999", "1e999", "\x00", "99999999999999999999999")

typed_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
nasty_text = st.lists(st.sampled_from(NASTY_PIECES) | typed_text, min_size=1, max_size=4).map(
    "".join)


def _json_values():
    leaves = (st.none() | st.booleans() | st.integers() | st.floats()
              | st.text(max_size=12))  # lone surrogates included: JSON escapes them
    return st.recursive(leaves, lambda inner: st.lists(inner, max_size=3)
                        | st.dictionaries(st.text(max_size=8), inner, max_size=3),
                        max_leaves=8)


json_text = st.sampled_from(JSON_TEXTS) | st.builds(
    lambda value, ascii_only: json.dumps(value, ensure_ascii=ascii_only),
    _json_values(), st.booleans())


def _encodable(text):
    # What a browser can send: UTF-8 has no lone surrogates (JSON text may name them).
    return text.encode("utf-8", "replace").decode("utf-8")


anything = (nasty_text | st.sampled_from(LONG_TEXTS) | st.sampled_from(NUMBERS)
            | st.sampled_from(DATES) | json_text.map(_encodable) | st.sampled_from(CHOICES)
            | st.datetimes().map(lambda moment: moment.isoformat(timespec="minutes"))
            | st.dates().map(str))

PLAUSIBLE = {"email": "someone@example.com", "url": "https://example.com/a", "number": "3",
             "range": "3", "date": "2031-06-02", "datetime-local": "2031-06-02T10:00",
             "time": "10:30", "month": "2031-06", "textarea": "Hello, world.", "text": "Hello",
             "search": "hello", "password": "pw", "tel": "+1 514 555 0100", "color": "#336699"}


def _plain(field):
    """What a person would leave or type in ``field``: the page's value, else a sensible one."""
    if field.kind in ("checkbox", "radio", "hidden", "select", "submit") or not field.required:
        return field.value
    return field.value or PLAUSIBLE.get(field.kind, "Hello")


def base_of(form):
    """The form as a person sends it who changes nothing but what is needed: its values,
    what it checks, and a first choice where a group has none."""
    data = dict(form.extra)
    groups = {}
    for field in form.fields:
        groups.setdefault(field.name, []).append(field)
    for name, fields in groups.items():
        first = fields[0]
        if first.kind == "file":
            continue
        if first.kind in ("checkbox", "radio"):
            chosen = [f.value for f in fields if f.checked]
            if not chosen and (len(fields) > 1 or first.required):
                chosen = [first.value]  # a group needs one (the networks), a lone box not
            if chosen:
                data[name] = chosen if first.kind == "checkbox" else chosen[0]
        elif first.kind == "select" and first.multiple:
            data[name] = first.options[:1]
        else:
            data[name] = _plain(first) if len(fields) == 1 else [_plain(f) for f in fields]
    return data, groups


def plausible(field):
    """Another of the values the page offers for ``field``."""
    if field.kind == "select":
        choices = field.options or [""]
        if field.multiple:
            return st.lists(st.sampled_from(choices), max_size=len(choices), unique=True)
        return st.sampled_from(choices)
    return st.just(_plain(field))


def nasty(field):
    by_kind = {"number": st.sampled_from(NUMBERS), "range": st.sampled_from(NUMBERS),
               "date": st.sampled_from(DATES), "datetime-local": st.sampled_from(DATES),
               "time": st.sampled_from(DATES), "select": st.sampled_from(CHOICES),
               "textarea": json_text.map(_encodable) | nasty_text,
               "hidden": st.sampled_from(NUMBERS + CHOICES)}
    return by_kind.get(field.kind, nasty_text) | anything


@st.composite
def payload_for(draw, form):
    """The form's plain values with one to three fields changed: to something nasty,
    to another of its options, left out, or given twice; a button perhaps pressed;
    a file perhaps attached."""
    data, groups = base_of(form)
    names = [name for name, fields in groups.items() if fields[0].kind != "file"]
    for name in draw(st.lists(st.sampled_from(names), min_size=1, max_size=3, unique=True)
                     if names else st.just([])):
        field = groups[name][0]
        mode = draw(st.sampled_from(("nasty", "nasty", "other", "missing", "twice")))
        if mode == "missing":
            data.pop(name, None)
        elif mode == "other" and field.kind in ("checkbox", "radio"):
            values = [f.value for f in groups[name]]
            data[name] = draw(st.lists(st.sampled_from(values), unique=True)
                              if field.kind == "checkbox" else st.sampled_from(values))
        elif mode == "other":
            data[name] = draw(plausible(field))
        else:
            value = draw(nasty(field))
            data[name] = [value, draw(nasty(field))] if mode == "twice" else value
    for name, fields in groups.items():
        if fields[0].kind == "file" and draw(st.booleans()):
            file_name = draw(nasty_text | st.just("photo.jpg"))[:200].replace("\x00", "")
            data[name] = SimpleUploadedFile(file_name or "x.jpg", draw(st.binary(max_size=64)))
    buttons = [b for b in form.buttons if b.name]
    if buttons and draw(st.booleans()):
        button = draw(st.sampled_from(buttons))
        data[button.name] = button.value
    return data


# One field at a time, each of these in place of its plain value: the values the
# review found 500s with, tried on every field of their kind, every run.
SWEEP = {
    "date": ("9999-12-31", "0001-01-01"),
    "datetime-local": ("9999-12-31T23:59", "0001-01-01T00:00"),
    "time": ("23:59:59.999999",),
    "number": ("1e999", "99999999999999999999"),
    "text": ("a\x00b",), "search": ("a\x00b",), "email": ("a\x00@example.com",),
    "url": ("https://example.com/\x00",), "password": ("a\x00b",),
    "textarea": ("a\x00b", '{"a": ["\\ud800", "\\u0000", 1e999]}'),
    "select": ("nope",), "radio": ("nope",), "hidden": ("99999999999999999999",),
}


def sweep_of(form):
    data, groups = base_of(form)
    yield data
    for name, fields in groups.items():
        for value in SWEEP.get(fields[0].kind, ()):
            yield {**data, name: value}


def json_body():
    return (json_text | st.sampled_from(("", "not json", "\x00", "{", '{"text": "\\u0000"}'))
            ).map(lambda text: text.encode("utf-8", "surrogatepass"))


# -- the pages and their forms -----------------------------------------------------------


class ErrorsLogged(logging.Handler):
    def __init__(self):
        super().__init__(logging.ERROR)
        self.records = []

    def emit(self, record):
        self.records.append(record)


@pytest.fixture
def errors_logged():
    handler = ErrorsLogged()
    root = logging.getLogger()
    root.addHandler(handler)
    yield handler.records
    root.removeHandler(handler)


@pytest.fixture
def fuller_world(world, make_post, intern):
    """The matrix's world, with posts in the states whose pages offer other forms:
    a draft its author edits, an approved post (publish, pause) and a changes_requested one."""
    drafts = {state: make_post(state) for state in (State.DRAFT, State.APPROVED,
                                                   State.CHANGES_REQUESTED)}
    world["posts"] = drafts
    return world


def _pages(world, role, with_admin):
    """Every page the resolver knows, as ``role`` opens it (GET), with its arguments
    filled as the access matrix fills them; and the post pages of ``fuller_world``."""
    urls = set()
    for name, route in matrix.ALL_URLS:
        if route.startswith(matrix.STAFF_ONLY) and not (with_admin and role == "superuser"):
            continue
        if name == "posts:do":
            continue
        try:
            urls.add(matrix._url(name, route, world))
        except Exception as error:  # noqa: BLE001 (an argument the matrix does not fill)
            pytest.fail(f"cannot fill {name} ({route}): {error}")
    for post in world.get("posts", {}).values():
        urls.update({post.get_absolute_url(), f"/posts/{post.pk}/edit/"})
    return sorted(urls)


def _client(world, role):
    client = Client(raise_request_exception=False)
    user = world["users"][role]
    if user is not None:
        client.force_login(user)
    return client


def _reset(client, cookies):
    client.cookies = SimpleCookie()
    for key, morsel in cookies.items():
        client.cookies[key] = morsel.value


def _failure(response, method, url, payload, records):
    if response.status_code < 500 and not records:
        return None
    shown = {k: (v[:80] + "…" if isinstance(v, str) and len(v) > 80 else v)
             for k, v in payload.items()} if isinstance(payload, dict) else payload[:200]
    why = ""
    if getattr(response, "exc_info", None):
        import traceback

        why = "".join(traceback.format_exception(*response.exc_info)[-3:])
    elif records:
        why = "; ".join(r.getMessage()[:300] for r in records)
    return f"{response.status_code} {method} {url} {shown!r}\n{why}"


def _discover(world, roles, with_admin):
    """(role, form) for each distinct form, the first role to meet it keeping it;
    and the POST addresses each role reaches."""
    forms, seen = [], set()
    for role in roles:
        client = _client(world, role)
        for url in _pages(world, role, with_admin):
            with transaction.atomic():
                response = client.get(url)
                transaction.set_rollback(True)
            assert response.status_code < 500, f"{role} GET {url}: {response.status_code}"
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            for form in forms_of(response.content.decode(), "http://testserver" + url):
                if not form.action.startswith("http://testserver/"):
                    continue
                if form.key() in seen:
                    continue
                seen.add(form.key())
                forms.append((role, form))
    return forms


def _try_examples(examples, strategy, check):
    """``check`` each of ``examples`` values of ``strategy``; hypothesis shrinks the
    first that fails to the simplest it can."""

    @settings(max_examples=examples, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(strategy)
    def run(value):
        check(value)

    run()


def _send(client, cookies, form, payload, errors_logged):
    """``payload`` sent as the form sends it, in a savepoint rolled back; what went
    wrong, if it did."""
    _reset(client, cookies)
    errors_logged.clear()
    url = path_of(form.action)
    with transaction.atomic():
        if form.method == "get":
            response = client.get(url, {k: v for k, v in payload.items()
                                        if not hasattr(v, "read")})
        else:
            response = client.post(url, payload)
        transaction.set_rollback(True)
    return _failure(response, form.method.upper(), url, payload, errors_logged)


def _fuzz(world, errors_logged, examples, with_admin=False):
    roles = (*ROLES, "superuser") if with_admin else ROLES
    found = _discover(world, roles, with_admin)
    clients = {role: _client(world, role) for role in roles}
    cookies = {role: dict(client.cookies) for role, client in clients.items()}
    failures = []

    for role, form in found:
        client = clients[role]
        for payload in sweep_of(form):
            if failure := _send(client, cookies[role], form, payload, errors_logged):
                failures.append(f"{role}: {failure}")

        def post_it(payload, client=client, form=form, cookies=cookies[role]):
            failure = _send(client, cookies, form, payload, errors_logged)
            assert failure is None, failure

        try:
            _try_examples(examples, payload_for(form), post_it)
        except AssertionError as error:
            failures.append(f"{role}: {error}")
    return found, failures


def _send_json(client, cookies, url, body, content_type, errors_logged):
    _reset(client, cookies)
    errors_logged.clear()
    with transaction.atomic():
        response = client.post(url, body, content_type=content_type,
                               headers={"HX-Request": "true"})
        transaction.set_rollback(True)
    return _failure(response, "POST", url, body.decode("utf-8", "replace"), errors_logged)


def _json_fuzz(world, errors_logged, examples):
    """JSON bodies (and bodies that only claim to be) to every address, as a drafter
    and as a brand admin."""
    failures = []
    for role in ("drafter", "brand_admin"):
        client = _client(world, role)
        cookies = dict(client.cookies)

        def send(request, client=client, cookies=cookies):
            url, body, content_type = request
            failure = _send_json(client, cookies, url, body, content_type, errors_logged)
            assert failure is None, failure

        requests = st.tuples(st.sampled_from(_pages(world, role, False)), json_body(),
                             st.sampled_from(("application/json", "text/plain",
                                              "application/x-www-form-urlencoded")))
        try:
            _try_examples(examples, requests, send)
        except AssertionError as error:
            failures.append(f"{role}: {error}")
    return failures


# The names pages read from their query strings (the filters' names come from the forms).
QUERY_NAMES = ("page", "poll", "unread", "waiting", "post", "against", "next", "brand", "view",
               "date", "q", "state", "author", "date_from", "date_to", "pack", "kind")


def _send_query(client, cookies, url, query, errors_logged):
    _reset(client, cookies)
    errors_logged.clear()
    with transaction.atomic():
        response = client.get(url, query, headers={"HX-Request": "true"})
        transaction.set_rollback(True)
    return _failure(response, "GET", url, query, errors_logged)


def _query_fuzz(world, errors_logged, examples):
    """Every page, opened with odd query strings."""
    failures = []
    for role in ("drafter", "approver", "brand_admin"):
        client = _client(world, role)
        cookies = dict(client.cookies)

        def open_page(request, client=client, cookies=cookies):
            url, query = request
            failure = _send_query(client, cookies, url, query, errors_logged)
            assert failure is None, failure

        queries = st.tuples(st.sampled_from(_pages(world, role, False)),
                            st.dictionaries(st.sampled_from(QUERY_NAMES) | typed_text,
                                            anything | st.lists(anything, max_size=2),
                                            max_size=3))
        try:
            _try_examples(examples, queries, open_page)
        except AssertionError as error:
            failures.append(f"{role}: {error}")
    return failures


EXAMPLES = int(os.environ.get("NO_500_EXAMPLES", "5"))


def test_no_form_of_any_page_answers_500(fuller_world, errors_logged):
    found, failures = _fuzz(fuller_world, errors_logged, EXAMPLES)
    assert len(found) > 40, [f.action for _r, f in found]
    assert not failures, "\n\n".join(failures)


def test_the_fuzz_reports_a_500_with_its_address_and_payload(world, errors_logged,
                                                           monkeypatch):
    from socialgov.brands import crisis

    def overflow(text, missing):
        raise OverflowError("date value out of range")

    monkeypatch.setattr(crisis, "_reason", overflow)
    client = _client(world, "approver")
    form = PageForm("post", "http://testserver/brands/acme/crises/start/",
                    fields=[Field("reason", "textarea")])
    failure = _send(client, dict(client.cookies), form, {"reason": "A flood."}, errors_logged)
    assert failure.startswith("500 POST /brands/acme/crises/start/ {'reason': 'A flood.'}")
    assert "OverflowError: date value out of range" in failure


def test_no_address_answers_500_to_a_json_body(fuller_world, errors_logged):
    assert not (failures := _json_fuzz(fuller_world, errors_logged, 60)), "\n\n".join(failures)


def test_no_page_answers_500_to_an_odd_query_string(fuller_world, errors_logged):
    assert not (failures := _query_fuzz(fuller_world, errors_logged, 60)), "\n\n".join(failures)


# The long run fuzzes Django's admin too, as a superuser (NO_500_ADMIN=0 leaves it out).
WITH_ADMIN = os.environ.get("NO_500_ADMIN", "1") == "1"


@pytest.mark.stress
def test_no_form_answers_500_in_a_long_run(fuller_world, errors_logged):
    _found, failures = _fuzz(fuller_world, errors_logged, 60, with_admin=WITH_ADMIN)
    failures += _json_fuzz(fuller_world, errors_logged, 500)
    failures += _query_fuzz(fuller_world, errors_logged, 500)
    assert not failures, "\n\n".join(failures)

