"""The brand's "API tokens" page: a brand admin makes a token (its secret is
shown once), sees the brand's tokens and revokes them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from socialgov.api import tokens
from socialgov.api.forms import TokenForm
from socialgov.api.models import ApiToken
from socialgov.brands.views import _managed_brand


@never_cache  # the page that shows a secret is never kept by a browser or a proxy
@login_required
@require_http_methods(["GET", "POST"])
def token_list(request, slug):
    brand = _managed_brand(request, slug)
    roles = tokens.roles_grantable(request.user, brand)
    form = TokenForm(request.POST or None, roles=roles)
    secret = made = None
    if request.method == "POST" and form.is_valid():
        made, secret = tokens.make(request.user, brand, name=form.cleaned_data["name"],
                                   role=form.cleaned_data["role"],
                                   expires_at=form.expires_at())
        form = TokenForm(roles=roles)
    return render(request, "api/tokens.html", {
        "brand": brand,
        "form": form,
        "made": made,
        "secret": secret,
        "tokens": ApiToken.objects.filter(brand=brand).select_related("owner", "revoked_by"),
    })


@login_required
@require_POST
def token_revoke(request, slug, pk):
    brand = _managed_brand(request, slug)
    token = get_object_or_404(ApiToken, brand=brand, pk=pk)
    if token.revoked_at is not None:
        messages.info(request, _("“%(name)s” was already revoked.") % {"name": token.name})
    else:
        tokens.revoke(request.user, token)
        messages.success(request, _("“%(name)s” is revoked: it opens nothing any more.")
                         % {"name": token.name})
    return redirect("api_tokens:list", slug=brand.slug)
