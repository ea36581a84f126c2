"""An image is seen only by the members of its brand: no public URL serves it."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from socialgov.brands.models import Brand
from socialgov.images import serving
from socialgov.images.models import ImageFile


def _visible(request, pk):
    # Another brand's image answers 404, as if it did not exist.
    return get_object_or_404(ImageFile, pk=pk, brand__in=Brand.objects.for_user(request.user))


@login_required
@require_safe
def show(request, pk):
    return serving.response(_visible(request, pk))


@login_required
@require_safe
def thumbnail(request, pk):
    """The small WebP copy; until the worker has made it, the image itself."""
    image = _visible(request, pk)
    return serving.response(image, thumbnail=bool(image.thumbnail))
