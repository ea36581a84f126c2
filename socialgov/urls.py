from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

urlpatterns = [
    path("", include("socialgov.accounts.urls")),
    path("", include("socialgov.posts.urls")),
    path("", include("socialgov.brands.urls")),
    path("", include("socialgov.images.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
]
