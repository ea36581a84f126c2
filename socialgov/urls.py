from django.contrib import admin
from django.urls import include, path

from socialgov.api.rest import api
from socialgov.notify.views import set_language

urlpatterns = [
    path("", include("socialgov.home.urls")),
    path("", include("socialgov.accounts.urls")),
    path("", include("socialgov.posts.urls")),
    path("", include("socialgov.brands.urls")),
    path("", include("socialgov.images.urls")),
    path("", include("socialgov.planning.urls")),
    path("", include("socialgov.notify.urls")),
    path("", include("socialgov.privacy.urls")),
    path("", include("socialgov.analytics.urls")),
    path("", include("socialgov.webhooks.urls")),
    path("", include("socialgov.api.urls")),
    path("api/", api.urls),
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
]

# JSON under /api/, the site's page elsewhere.
handler404 = "socialgov.api.rest.not_found"
