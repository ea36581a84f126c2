"""The JSON API under /api/ (django-ninja), its schema at /api/openapi.json.

A program presents a token (``Authorization: Bearer sgv_…``) that acts on
behalf of its owner in one brand (socialgov/api/tokens.py). Every move goes
through the table of moves and the services, as the web's do: the API asks
``moves.refusal`` to say why not, and calls ``actions``. Errors are JSON,
``{"detail": …, "errors": {…}}``, in the language of the request's
Accept-Language where the message is one of SocialGov's own.

Throttled per token, and per address for failed authentication
(socialgov/lib/ratelimit.py): 429 with Retry-After.
"""

import enum
from datetime import datetime, timedelta
from typing import Annotated

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.db.models import Q
from django.http import Http404, JsonResponse, QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django.views.defaults import page_not_found
from ninja import Field, NinjaAPI, Query, Schema, Status
from ninja import Path as PathParam
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer
from ninja.throttling import BaseThrottle

from socialgov.accounts.throttling import client_address
from socialgov.api import field_errors, present, tokens
from socialgov.brands.models import LANGUAGE_CODES, Brand
from socialgov.lib import ratelimit
from socialgov.lib.errors import Refused
from socialgov.lib.forms import FIRST_YEAR, LAST_YEAR
from socialgov.posts import actions
from socialgov.posts.errors import InvalidValue
from socialgov.posts.forms import PostForm
from socialgov.posts.models import Network, Objective, State
from socialgov.posts.moves import refusal

# A post's id in a path: any text reaches the operation (so a wrong one is
# answered in JSON, not by the site's 404 page), then pydantic reads it.
PostId = Annotated[int, PathParam(ge=1, le=2**63 - 1)]
WINDOW = 60  # seconds: the rates below are per minute
MAX_PAGE = 100

PostState = enum.Enum("PostState", {value: value for value in State.values}, type=str)
NetworkName = enum.Enum("NetworkName", {value: value for value in Network.values}, type=str)
ObjectiveName = enum.Enum("ObjectiveName", {value: value for value in Objective.values},
                          type=str)
LanguageCode = enum.Enum("LanguageCode", {value: value for value in LANGUAGE_CODES}, type=str)


class TooManyRequests(HttpError):
    def __init__(self, wait):
        self.wait = wait
        super().__init__(429, "")


class Problem(Exception):
    """An answer other than success, with a status, a detail and per-field errors."""

    def __init__(self, status, detail, errors=None):
        self.status, self.detail, self.errors = status, str(detail), errors or {}
        super().__init__(detail)


# -- authentication and throttling -------------------------------------------------------


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        caller = tokens.caller_of(token)
        if caller is None:
            # A wrong secret counts against the caller's address: past the
            # limit, the address is told to wait (429) instead of "wrong" (401).
            if not ratelimit.allow(f"api-auth-failed:{client_address(request)}",
                                   settings.API_FAILED_AUTH_PER_MINUTE, WINDOW):
                raise TooManyRequests(ratelimit.seconds_left(WINDOW))
            return None
        request.user = caller.user
        return caller


class TokenThrottle(BaseThrottle):
    def allow_request(self, request):
        return ratelimit.allow(f"api-token:{request.auth.token.pk}",
                               settings.API_REQUESTS_PER_MINUTE, WINDOW)

    def wait(self):
        return ratelimit.seconds_left(WINDOW)


DESCRIPTION = """A brand's posts for programs: read them with their state, current
version and findings; create and submit drafts; read the approved posts due for
publication and mark them published, network by network.

Authenticate with a token made on the brand's "API tokens" page:
`Authorization: Bearer sgv_…`. A token acts on behalf of the person who made it, in its
brand only, with the lower of its role and that person's current role; it is refused
(401) once revoked or expired, or once that person left the brand.

Errors are `{"detail": "…", "errors": {"field": ["…"]}}`: 400 (not JSON), 401, 403
(never this token's move), 404, 409 (not now: the reason says why), 422 (invalid), 429
(too many calls: see `Retry-After`). Messages follow `Accept-Language` (en, fr)."""

api = NinjaAPI(
    title="SocialGov API", version="1", urls_namespace="api",
    # No docs page: Swagger UI would load its script from a CDN, which the
    # site's Content-Security-Policy refuses (and no JS is fetched from elsewhere).
    description=DESCRIPTION, openapi_url="/openapi.json", docs_url=None,
    docs_decorator=require_safe,
    auth=TokenAuth(), throttle=[TokenThrottle()],
)


# -- errors ---------------------------------------------------------------------------------


def _answer(request, status, detail, errors=None, headers=()):
    response = api.create_response(request, {"detail": str(detail), "errors": errors or {}},
                                   status=status)
    for name, value in headers:
        response[name] = value
    return response


@api.exception_handler(Problem)
def _problem(request, exc):
    return _answer(request, exc.status, exc.detail, exc.errors)


@api.exception_handler(ValidationError)
def _invalid(request, exc):
    errors = {}
    for error in exc.errors:
        # ("body", "payload", "networks", 0) → "networks.0": the name the caller wrote.
        parts = list(error.get("loc", ()))[1:]
        if parts and parts[0] in ("payload", "filters"):
            parts = parts[1:]
        where = ".".join(str(part) for part in parts) or "__all__"
        errors.setdefault(where, []).append(field_errors.message(error))
    return _answer(request, 422, _("The request is not valid."), errors)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return _answer(request, 401, _("Give a valid API token in the Authorization header "
                                   "(Bearer sgv_…)."), headers=[("WWW-Authenticate", "Bearer")])


@api.exception_handler(HttpError)
def _http_error(request, exc):
    if exc.status_code == 429:
        wait = getattr(exc, "wait", None) or ratelimit.seconds_left(WINDOW)
        return _answer(request, 429, _("Too many requests: wait a moment."),
                       headers=[("Retry-After", str(int(wait)))])
    # ninja's own: a body that is not JSON (400), and the like.
    return _answer(request, exc.status_code, str(exc))


@api.exception_handler(Http404)
def _not_found(request, exc):
    return _answer(request, 404, _("Not found."))


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return _answer(request, 403, _("This token may not do this."))


@api.exception_handler(Refused)
def _refused(request, exc):
    return _answer(request, 409, str(exc))


@api.exception_handler(InvalidValue)
def _invalid_value(request, exc):
    return _answer(request, 422, _("The request is not valid."), {exc.field: [str(exc)]})


@api.exception_handler(RequestDataTooBig)
def _too_big(request, exc):
    return _answer(request, 413, _("The request's body is too large: at most %(size)s bytes.")
                   % {"size": settings.DATA_UPLOAD_MAX_MEMORY_SIZE})


# -- schemas ------------------------------------------------------------------------------


class Error(Schema):
    detail: str
    errors: dict[str, list[str]] = {}


class VersionOut(Schema):
    number: int
    text: str
    networks: list[str]
    objective: str
    planned_at: datetime | None
    language: str


class FindingOut(Schema):
    rule: str
    rule_name: str
    kind: str
    severity: str
    message: str
    suggestion: str
    start: int
    end: int
    matched: str
    network: str | None = Field(None, description="The network of the text it is about, "
                                "when it is a network's own text.")
    waived: bool


class PublicationOut(Schema):
    network: str
    url: str
    published_at: datetime


class PostOut(Schema):
    id: int
    state: str
    state_label: str
    author: str
    crisis_response: bool
    archived: bool
    created_at: datetime
    updated_at: datetime
    web_url: str
    version: VersionOut | None
    findings: list[FindingOut]
    publications: list[PublicationOut]


class PostPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[PostOut]


class PostFilter(Schema):
    state: PostState | None = None
    archived: bool = False
    limit: int = Field(20, ge=1, le=MAX_PAGE)
    offset: int = Field(0, ge=0, le=1_000_000)


class DueFilter(Schema):
    within_minutes: int = Field(0, ge=0, le=7 * 24 * 60, description=(
        "Also the posts planned within this many minutes from now."))
    limit: int = Field(20, ge=1, le=MAX_PAGE)
    offset: int = Field(0, ge=0, le=1_000_000)


class DraftIn(Schema):
    text: str = Field(max_length=63206)
    networks: list[NetworkName] = Field(min_length=1, max_length=len(Network.values))
    objective: ObjectiveName
    language: LanguageCode
    planned_at: datetime | None = Field(None, description=(
        "With a time zone; without one, the brand's wall clock."))
    crisis_response: bool = False


class PublicationIn(Schema):
    network: NetworkName
    url: str = Field(max_length=500)
    early: bool = Field(False, description="It went out before its planned time.")


class PublishedOut(Schema):
    publication: PublicationOut
    post: PostOut


ERRORS = {code: Error for code in (400, 401, 403, 404, 409, 422, 429)}


# -- endpoints ----------------------------------------------------------------------------


def _caller(request):
    return request.auth


def _post(request, pk):
    """A post of the token's brand, or 404 (another brand's too)."""
    post = present.posts_of(_caller(request).brand).filter(pk=pk).first()
    if post is None:
        raise Http404
    return post


def _one(request, post):
    return present.present([_post(request, post.pk)], request)[0]


def _page(request, posts, limit, offset):
    items = list(posts[offset:offset + limit])
    return {"count": posts.count(), "limit": limit, "offset": offset,
            "items": present.present(items, request)}


def _ask(user, post, move):
    """The table of moves' answer, as the API says it: 403 when it is never this
    token's move, 409 when not now."""
    reason = refusal(user, post, move)
    if reason is not None:
        raise Problem(403 if reason.forbidden else 409, reason, {"move": [move]})


class IndexOut(Schema):
    openapi: str
    posts: str
    posts_due: str


@api.get("/", response={200: IndexOut}, url_name="index", auth=None, throttle=[],
         summary="Where the API's schema and lists are (no token needed)")
def index(request):
    return {"openapi": reverse("api:openapi-json"), "posts": reverse("api:posts"),
            "posts_due": reverse("api:posts_due")}


def not_found(request, exception=None):
    """The site's 404 (Django's ``handler404``): JSON under /api/, where programs read
    the answer, and the site's page elsewhere."""
    if request.path.startswith(reverse("api:index")):
        return JsonResponse({"detail": _("Not found."), "errors": {}}, status=404)
    return page_not_found(request, exception)


@api.get("/posts", response={200: PostPage, **ERRORS}, url_name="posts",
         summary="The brand's posts, most recently changed first")
def list_posts(request, filters: Query[PostFilter]):
    posts = present.posts_of(_caller(request).brand)
    posts = posts.exclude(archived_at=None) if filters.archived else posts.current()
    if filters.state is not None:
        posts = posts.filter(state=filters.state.value)
    return _page(request, posts, filters.limit, filters.offset)


@api.post("/posts", response={201: PostOut, **ERRORS}, url_name="posts",
          summary="Create a draft, validated as the editor validates it")
def create_draft(request, payload: DraftIn):
    caller = _caller(request)
    brand = caller.brand
    data = QueryDict(mutable=True)
    data.update({"brand": str(brand.pk), "objective": payload.objective.value,
                 "language": payload.language.value, "text": payload.text})
    data.setlist("networks", [network.value for network in payload.networks])
    if payload.planned_at is not None:
        planned = payload.planned_at
        if not FIRST_YEAR <= planned.year <= LAST_YEAR:
            # No time zone conversion may run past the calendar Python knows.
            raise Problem(422, _("The draft is not valid."), {"planned_at": [
                _("Choose a date between the years %(first)s and %(last)s.")
                % {"first": FIRST_YEAR, "last": LAST_YEAR}]})
        if timezone.is_aware(planned):
            planned = timezone.make_naive(planned, brand.tz)
        data["planned_at"] = planned.strftime("%Y-%m-%dT%H:%M:%S")
    if payload.crisis_response:
        data["crisis_response"] = "on"
    form = PostForm(data, user=caller.user)
    # The token's brand, whatever else its owner may post for.
    form.fields["brand"].queryset = Brand.objects.filter(pk=brand.pk)
    if not form.is_valid():
        errors = {name: [str(message) for message in messages]
                  for name, messages in form.errors.items()}
        raise Problem(422, _("The draft is not valid."), errors)
    post = actions.create(caller.user, brand, form.version_fields(),
                          crisis_response=form.cleaned_data["crisis_response"],
                          reply=form.reply.details)
    return Status(201, _one(request, post))


@api.get("/posts/due", response={200: PostPage, **ERRORS}, url_name="posts_due",
         summary="Approved posts due for publication, soonest first")
def due_posts(request, filters: Query[DueFilter]):
    """Approved (so not yet published on every network: a post becomes
    published with its last network), planned before now plus
    ``within_minutes``, or planned for no particular time."""
    until = timezone.now() + timedelta(minutes=filters.within_minutes)
    posts = (present.posts_of(_caller(request).brand).current()
             .filter(state=State.APPROVED)
             .filter(Q(current_version__planned_at__lte=until)
                     | Q(current_version__planned_at=None))
             .order_by("current_version__planned_at", "id"))
    return _page(request, posts, filters.limit, filters.offset)


@api.get("/posts/{pk}", response={200: PostOut, **ERRORS}, url_name="post",
         summary="One post, with its current version and findings")
def read_post(request, pk: PostId):
    return present.present([_post(request, pk)], request)[0]


@api.post("/posts/{pk}/submit", response={200: PostOut, **ERRORS},
          url_name="post_submit", summary="Submit a draft for the check and review")
def submit(request, pk: PostId):
    caller = _caller(request)
    post = _post(request, pk)
    _ask(caller.user, post, "submit")
    actions.submit(caller.user, post)
    return _one(request, post)


@api.post("/posts/{pk}/publications", response={200: PublishedOut, 201: PublishedOut,
                                                      **ERRORS},
          url_name="post_publish", summary="Mark an approved post as published on a network")
def publish(request, pk: PostId, payload: PublicationIn):
    """201 when recorded; 200 when the same address was already recorded for
    that network (nothing changes); 409 for another address, or a post that
    is not approved. The post becomes published with its last network."""
    caller = _caller(request)
    post = _post(request, pk)
    reason = refusal(caller.user, post, "publish")
    if reason is not None and reason.forbidden:
        raise Problem(403, reason, {"move": ["publish"]})
    post, publication, made = actions.publish_on(caller.user, post, payload.network.value,
                                                 payload.url, early=payload.early)
    body = {"publication": {"network": publication.network, "url": publication.url,
                            "published_at": publication.published_at},
            "post": _one(request, post)}
    return Status(201 if made else 200, body)
