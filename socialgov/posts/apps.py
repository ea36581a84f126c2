from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PostsConfig(AppConfig):
    name = "socialgov.posts"
    verbose_name = _("Posts")

    def ready(self):
        # Posts hear the brand's and the team's events, and tell people (see the modules).
        from socialgov.posts import notify, reactions  # noqa: F401
