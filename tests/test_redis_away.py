"""Pages that count in the cache while Redis, the cache, is away (restarting,
say): they answer, they do not fail with a 500."""

import pytest

from socialgov.lib import ratelimit

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_cache_away(settings):
    # A port nothing listens on: every cache call fails to connect.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": "redis://127.0.0.1:9/0"}}


def test_the_rate_limit_lets_calls_through_while_the_cache_is_away(redis_cache_away):
    assert ratelimit.allow("someone", 1, 10)
    assert ratelimit.allow("someone", 1, 10)  # nothing could be counted


def test_the_live_check_answers_while_the_cache_is_away(redis_cache_away, client, brand,
                                                         intern):
    client.force_login(intern)
    response = client.post("/posts/live-check/", {
        "brand": brand.pk, "networks": ["x"], "objective": "inform", "language": "en",
        "text": "Hello", "network_texts-TOTAL_FORMS": "0", "network_texts-INITIAL_FORMS": "0"})
    assert response.status_code == 200
