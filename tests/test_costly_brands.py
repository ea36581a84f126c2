"""Which brands count as costly (their checks wait in the slow queue)."""

import pytest

from socialgov.posts import actions, pipeline
from socialgov.posts.models import State
from tests.support import slow_compile_engine


@pytest.fixture
def marked(monkeypatch, settings):
    """The brands the pipeline marks costly, with the worker's settings (a Redis
    URL that nothing answers: the queue is not what is tested here)."""
    settings.REDIS_URL = "redis://127.0.0.1:9/0"
    settings.CHECKS_COSTLY_SECONDS = 0.5
    settings.CHECKS_ENGINE = "tests.support.slow_compile_engine"
    pipeline._checkers.clear()
    brands = []
    monkeypatch.setattr(pipeline, "mark_costly", brands.append)
    yield brands
    pipeline._checkers.clear()


@pytest.mark.django_db
def test_a_workers_first_check_of_a_brand_does_not_count_compiling_its_rules(
    marked, intern, brand, warning_rule, fields
):
    # Found by `make stress`: each fresh worker's first check of a brand counted
    # the compile (and the engine's warm-up) as the check's cost, so a restarted
    # worker sent every brand to the slow queue for an hour.
    assert slow_compile_engine.COMPILE_SECONDS > 0.5
    post = actions.create(intern, brand, fields(text="We utilize local flour."))
    post.state = State.CHECKING
    post.save(update_fields=["state"])
    job = pipeline.CheckJob.objects.create(post=post, version=post.current_version, attempt=1,
                                           job_id="checks-test-compile-a1")

    pipeline.check_version(post.pk, post.current_version_id, job.pk)

    post.refresh_from_db()
    assert post.state == State.IN_REVIEW
    assert marked == []
