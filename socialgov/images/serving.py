"""The response that serves a stored image's bytes. There is no public media
URL: the caller (a view) checks first that the viewer may see the image."""

from django.http import FileResponse, Http404

from socialgov.images.formats import FORMATS, WEBP


def response(image, *, thumbnail=False):
    """The image's stored bytes (or its thumbnail's, which raises Http404 until
    it is made), inline, for the browser's private cache only."""
    field = image.thumbnail if thumbnail else image.file
    if not field:
        raise Http404("no thumbnail yet")
    kind = WEBP if thumbnail else image.format
    _pillow, content_type, extension, _label = FORMATS[kind]
    try:
        handle = field.storage.open(field.name, "rb")
    except FileNotFoundError:
        raise Http404("stored file missing") from None
    reply = FileResponse(
        handle, content_type=content_type, filename=f"image-{image.pk}.{extension}")
    reply["X-Content-Type-Options"] = "nosniff"
    reply["Cache-Control"] = "private, max-age=3600"
    # Opened on its own, the file is a document with nothing to run or load.
    reply["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return reply
