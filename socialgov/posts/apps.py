from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PostsConfig(AppConfig):
    name = "socialgov.posts"
    verbose_name = _("Posts")

    def ready(self):
        # Posts hear the brand's and the team's events (see the module); people
        # are told of them by socialgov/notify.
        from socialgov.posts import reactions  # noqa: F401
