"""The brand admin's pages of webhooks: the list, a webhook's form and its
delivery log, and the buttons that delete one, renew its secret or send it a
test. Thin: the writes are socialgov/webhooks/services.py's, each audited."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from socialgov.brands.views import _managed_brand
from socialgov.webhooks import presenters, services
from socialgov.webhooks.forms import EndpointForm

LOG_PAGE_SIZE = 25


def _endpoint(request, slug, pk):
    brand = _managed_brand(request, slug)
    return get_object_or_404(brand.webhooks.select_related("brand"), pk=pk)


@login_required
@require_safe
def endpoint_list(request, slug):
    brand = _managed_brand(request, slug)
    return render(request, "webhooks/list.html", {
        "brand": brand, "endpoints": presenters.endpoints(brand),
    })


def _saved(form, save):
    """What ``save`` returns with the form's values, or None when the service refused
    them (its reason is shown on the form)."""
    try:
        return save(**form.cleaned_data)
    except services.WebhookError as error:
        form.add_error(None, str(error))
        return None


@login_required
@require_http_methods(["GET", "POST"])
def endpoint_new(request, slug):
    brand = _managed_brand(request, slug)
    form = EndpointForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        endpoint = _saved(form,
                          lambda **values: services.add(request.user, brand, **values))
        if endpoint is not None:
            messages.success(request, presenters.added_message(endpoint))
            return redirect("webhooks:log", slug=brand.slug, pk=endpoint.pk)
    return render(request, "webhooks/form.html", {"brand": brand, "form": form,
                                                  "endpoint": None})


@login_required
@require_http_methods(["GET", "POST"])
def endpoint_edit(request, slug, pk):
    endpoint = _endpoint(request, slug, pk)
    form = EndpointForm(request.POST or None, endpoint=endpoint)
    if request.method == "POST" and form.is_valid():
        changed = _saved(form,
                         lambda **values: services.change(request.user, endpoint, **values))
        if changed is not None:
            if changed:
                messages.success(request, _("Webhook saved."))
            else:
                messages.info(request, _("Nothing changed."))
            return redirect("webhooks:log", slug=endpoint.brand.slug, pk=endpoint.pk)
    return render(request, "webhooks/form.html", {"brand": endpoint.brand, "form": form,
                                                  "endpoint": endpoint})


@login_required
@require_safe
def endpoint_log(request, slug, pk):
    endpoint = _endpoint(request, slug, pk)
    page = Paginator(presenters.log_rows(endpoint), LOG_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "webhooks/log.html", {
        "brand": endpoint.brand, "endpoint": presenters.endpoint(endpoint), "page": page,
        "deliveries": presenters.deliveries(page.object_list),
    })


@login_required
@require_POST
def endpoint_delete(request, slug, pk):
    endpoint = _endpoint(request, slug, pk)
    services.delete(request.user, endpoint)
    messages.success(request, _("Webhook to %(host)s deleted.") % {
        "host": presenters.name(endpoint.url)})
    return redirect("webhooks:list", slug=endpoint.brand.slug)


@login_required
@require_POST
def endpoint_secret(request, slug, pk):
    endpoint = _endpoint(request, slug, pk)
    services.renew_secret(request.user, endpoint)
    messages.success(request, presenters.new_secret_message(endpoint))
    return redirect("webhooks:log", slug=endpoint.brand.slug, pk=endpoint.pk)


@login_required
@require_POST
def endpoint_test(request, slug, pk):
    endpoint = _endpoint(request, slug, pk)
    try:
        services.send_test(request.user, endpoint)
    except services.WebhookError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Test queued: its outcome appears in the log below."))
    return redirect("webhooks:log", slug=endpoint.brand.slug, pk=endpoint.pk)
