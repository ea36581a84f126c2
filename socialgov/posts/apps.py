from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PostsConfig(AppConfig):
    name = "socialgov.posts"
    verbose_name = _("Posts")

    def ready(self):
        # Posts hear the brand's and the team's events (see the module); people
        # are told of them by socialgov/notify. The content strategy's page and
        # history name the objectives, and brands import nothing from posts.
        from socialgov.brands import strategy
        from socialgov.posts import reactions  # noqa: F401
        from socialgov.posts.models import Objective

        strategy.know_objectives(Objective.choices)
