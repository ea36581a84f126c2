"""Images for the images app's tests and benchmark, all made here with Pillow:
photo-like pictures, and the bad files intake must refuse (written to disk,
so a measuring subprocess can read them without the parent's memory)."""

import io
import os
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from PIL import Image, ImageChops

MB = 1024 * 1024


def encode(image, kind, **options):
    out = io.BytesIO()
    image.save(out, kind, **options)
    return out.getvalue()


def photo(width, height, noise=24):
    """Gradients in each channel plus grain: compresses like a photo, not like
    a flat drawing."""
    size = (width, height)
    grain = Image.effect_noise(size, noise)
    across = Image.linear_gradient("L").rotate(90).resize(size)
    down = Image.linear_gradient("L").resize(size)
    centre = Image.radial_gradient("L").resize(size)
    return Image.merge("RGB", [
        ImageChops.add(across, grain, 1.0, -128),
        ImageChops.add(down, grain.transpose(Image.Transpose.FLIP_LEFT_RIGHT), 1.0, -128),
        ImageChops.add(centre, grain.transpose(Image.Transpose.ROTATE_180), 1.0, -128),
    ])


def photo_jpeg(width, height, quality=90):
    return encode(photo(width, height), "JPEG", quality=quality)


def uploaded(data, name="photo.jpg", content_type="image/jpeg"):
    """An upload as Django's handlers give it, from bytes in memory."""
    return SimpleUploadedFile(name, data, content_type=content_type)


def uploaded_path(path, name=None, content_type="image/jpeg"):
    """An upload read from a file on disk (the caller closes it)."""
    path = Path(path)
    return UploadedFile(open(path, "rb"), name=name or path.name,
                        content_type=content_type, size=path.stat().st_size)


# -- the bad cases -------------------------------------------------------------------

def bomb_png():
    """50 megapixels of one colour: 150 MB decoded, about 150 kB compressed."""
    return encode(Image.new("RGB", (8000, 6250), (200, 30, 30)), "PNG")


def png_then_html():
    return (b"\x89PNG\r\n\x1a\n"
            b"<html><body><script>alert(document.cookie)</script></body></html>\n")


def svg_with_script():
    return (b'<?xml version="1.0" encoding="UTF-8"?>\n'
            b'<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">'
            b'<script>alert(document.cookie)</script>'
            b'<rect width="100" height="100" fill="red"/></svg>\n')


def truncated_jpeg():
    whole = photo_jpeg(640, 480)
    return whole[: len(whole) * 6 // 10]


def write_oversized(path, size=30 * MB):
    """A JPEG's first bytes, then random bytes up to ``size``, written a
    megabyte at a time (never all in memory)."""
    head = photo_jpeg(16, 16)[:200]
    with open(path, "wb") as out:
        out.write(head)
        left = size - len(head)
        while left > 0:
            chunk = os.urandom(min(MB, left))
            out.write(chunk)
            left -= len(chunk)
    return path


BAD_CASES = {
    "bomb.png": bomb_png,
    "html.png": png_then_html,
    "script.svg": svg_with_script,
    "truncated.jpg": truncated_jpeg,
}


def write_bad_files(directory):
    """Each bad case as a file in ``directory``: {name: path}."""
    directory = Path(directory)
    paths = {}
    for name, make in BAD_CASES.items():
        paths[name] = directory / name
        paths[name].write_bytes(make())
    paths["oversized.jpg"] = write_oversized(directory / "oversized.jpg")
    return paths
