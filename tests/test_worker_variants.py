"""A bilingual post with a network-specific text, checked by a real RQ worker
on PostgreSQL and Redis (the pattern of test_worker.py)."""

import pytest

from socialgov.posts import actions
from socialgov.posts.models import CheckRun, Post, State
from tests.test_worker import procs, queue, run_burst_worker, services  # noqa: F401

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

FR = "Notre nouvelle boulangerie ouvre lundi. Venez nous dire bonjour !"
EN = "Our new bakery opens on Monday, our oven is damn hot!"
X_TEXT = "Open Monday! " * 25  # 325 characters: too long for X


def test_a_worker_checks_each_text_with_its_language_and_its_networks(
    queue, procs, settings, brand, intern, manager, fields  # noqa: F811
):
    post = actions.create(intern, brand, fields(
        language="fr", text=FR, networks=["x", "linkedin"],
        variant_specs=[
            {"language": "en", "network": "", "text": EN},
            {"language": "en", "network": "x", "text": X_TEXT},
        ],
    ))
    actions.submit(intern, post)
    assert queue.count == 1  # on the queue, not checked in this process

    run_burst_worker(procs, settings)

    post = Post.objects.get(pk=post.pk)
    version = post.current_version
    english = version.variants.get(language="en", network="")
    x_text = version.variants.get(network="x")
    found = {(f.variant_id, f.kind, f.start, f.end) for f in post.findings}
    assert (english.pk, "banned_terms", 44, 48) in found  # English rules on the English text
    assert (x_text.pk, "max_length", 280, len(X_TEXT)) in found  # X's limit on the X text
    assert EN[44:48] == "damn"
    assert not [f for f in post.findings if f.variant_id is None]  # the French text is clean
    assert post.state == State.SENT_BACK  # the X text's error sends it back
    assert CheckRun.objects.filter(version=version).count() == 1
