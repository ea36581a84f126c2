"""Images: intake (the checks, the re-encoding, what is stored and recorded),
thumbnails (at commit in embedded mode, by an RQ job with Redis), the response
that serves them, and the refusals. Every image is made here with Pillow
(tests/support/image_files.py)."""

import hashlib
import io
import re
import uuid

import pytest
from django.core.management import call_command
from django.http import Http404
from django.urls import Resolver404, get_resolver, resolve, reverse
from django.utils import translation
from PIL import ExifTags, Image, ImageCms, ImageFile, PngImagePlugin

from socialgov.images import intake, serving, thumbnails
from socialgov.images.models import ImageFile as StoredImage
from socialgov.lib.errors import ImmutableError, Refused
from tests.conftest import need
from tests.support import image_memory
from tests.support.image_files import (
    bomb_png,
    encode,
    photo,
    photo_jpeg,
    png_then_html,
    svg_with_script,
    truncated_jpeg,
    uploaded,
    uploaded_path,
    write_bad_files,
    write_oversized,
)

pytestmark = pytest.mark.django_db

NAME = re.compile(r"images/[0-9a-f]{2}/[0-9a-f]{32}\.(jpg|png|webp|gif)")
THUMBNAIL_NAME = re.compile(r"images/thumbnails/[0-9a-f]{2}/[0-9a-f]{32}\.webp")
# Peak memory a bad file may add to the measuring process. The 50-megapixel
# bomb alone would take 200 MB once decoded (Pillow keeps RGB in 4 bytes).
BAD_CASE_GROWTH_KB = 50 * 1024


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.REDIS_URL = ""  # embedded mode unless a test says otherwise
    return settings.MEDIA_ROOT


@pytest.fixture
def accept(media, brand, intern, django_capture_on_commit_callbacks):
    """Upload as the request does, the commit's callbacks run as it ends."""

    def run(data, name="holiday-at-home.jpg", content_type="image/jpeg", user=intern):
        with django_capture_on_commit_callbacks(execute=True):
            image = intake.accept(uploaded(data, name, content_type), brand=brand, user=user)
        return StoredImage.objects.get(pk=image.pk)

    return run


def fitted(size, longest=480):
    """A thumbnail's size: never enlarged."""
    scale = min(1, longest / max(size))
    return round(size[0] * scale), round(size[1] * scale)


def stored_files(media):
    return sorted(p for p in media.rglob("*") if p.is_file()) if media.exists() else []


def stored_bytes(field):
    with field.open("rb") as handle:
        return handle.read()


def opened(data):
    return Image.open(io.BytesIO(data))


def halves(width, height, left="red", right="blue"):
    image = Image.new("RGB", (width, height), right)
    image.paste(Image.new("RGB", (width // 2, height), left), (0, 0))
    return image


def rgba_badge():
    image = Image.new("RGBA", (120, 80), (0, 0, 0, 0))
    image.paste(Image.new("RGBA", (60, 40), (20, 160, 90, 255)), (30, 20))
    return image


def palette_with_transparency():
    image = Image.new("P", (64, 48), 1)
    image.putpalette([255, 255, 255, 200, 30, 30] + [0, 0, 0] * 254)
    image.paste(0, (0, 0, 32, 48))
    image.info["transparency"] = 0
    return image


ROUND_TRIPS = {
    "jpeg": (lambda: encode(photo(640, 480), "JPEG", quality=85), "jpeg", (640, 480)),
    "png rgba": (lambda: encode(rgba_badge(), "PNG"), "png", (120, 80)),
    "png palette": (lambda: encode(palette_with_transparency(), "PNG"), "png", (64, 48)),
    "png 16-bit grey": (lambda: encode(Image.new("I;16", (40, 30), 40000), "PNG"), "png",
                        (40, 30)),
    "webp lossy": (lambda: encode(photo(300, 200), "WEBP", quality=80), "webp", (300, 200)),
    "webp lossless": (lambda: encode(rgba_badge(), "WEBP", lossless=True), "webp", (120, 80)),
    "gif": (lambda: encode(palette_with_transparency(), "GIF"), "gif", (64, 48)),
}


@pytest.mark.parametrize("case", ROUND_TRIPS)
def test_each_accepted_format_is_re_encoded_stored_and_thumbnailed_at_commit(
    accept, media, brand, intern, case
):
    make, kind, size = ROUND_TRIPS[case]
    original = make()
    image = accept(original)

    data = stored_bytes(image.file)
    assert NAME.fullmatch(image.file.name) and image.file.name.endswith(image.extension)
    assert (image.brand, image.uploaded_by, image.format) == (brand, intern, kind)
    assert (image.width, image.height, image.frames) == (*size, 1)
    assert image.bytes == len(data)
    assert image.sha256 == hashlib.sha256(data).hexdigest()
    with opened(data) as stored, opened(original) as source:
        assert stored.format.lower() == kind and stored.size == size
        if kind != "jpeg" and case != "webp lossy":
            # Lossless formats keep every pixel.
            assert stored.convert("RGBA").tobytes() == source.convert("RGBA").tobytes()

    assert THUMBNAIL_NAME.fullmatch(image.thumbnail.name)
    with opened(stored_bytes(image.thumbnail)) as thumb:
        assert thumb.format == "WEBP" and thumb.size == fitted(size)
    assert len(stored_files(media)) == 2


def test_the_thumbnail_is_at_most_480_px_on_its_longer_side_and_made_after_commit(
    media, brand, intern, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        image = intake.accept(uploaded(photo_jpeg(1200, 900)), brand=brand, user=intern)
        assert not StoredImage.objects.get(pk=image.pk).thumbnail  # not during the request
    assert len(callbacks) == 1
    image.refresh_from_db()
    with opened(stored_bytes(image.thumbnail)) as thumb:
        assert thumb.size == (480, 360)
    tall = intake.accept(uploaded(photo_jpeg(500, 2000)), brand=brand, user=intern)
    thumbnails.make(tall.pk)
    tall.refresh_from_db()
    with opened(stored_bytes(tall.thumbnail)) as thumb:
        assert thumb.size == (120, 480)


def test_the_stored_name_keeps_nothing_of_the_uploaded_name(accept):
    image = accept(photo_jpeg(64, 48), name="Chez-Marie_GPS-45.50-73.56.png",
                   content_type="image/png")
    assert NAME.fullmatch(image.file.name)
    assert "marie" not in image.file.name.lower() and image.file.name.endswith(".jpg")
    assert image.format == "jpeg"  # from the content, not the name or the type


def test_exif_orientation_is_applied_then_exif_and_gps_are_dropped(accept):
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6  # shown turned 90° clockwise
    exif[ExifTags.Base.Make] = "SpyCam-Marker"
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N", ExifTags.GPS.GPSLatitude: (45.0, 30.0, 17.0),
        ExifTags.GPS.GPSLongitudeRef: "W", ExifTags.GPS.GPSLongitude: (73.0, 34.0, 1.0),
    }
    original = encode(halves(100, 50), "JPEG", quality=95, exif=exif)
    with opened(original) as source:
        assert source.getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the test file has GPS

    image = accept(original)
    assert (image.width, image.height) == (50, 100)
    data = stored_bytes(image.file)
    with opened(data) as stored:
        assert stored.size == (50, 100)
        assert not stored.getexif() and "exif" not in stored.info
        # The left (red) half is now on top, the right (blue) one below.
        top, bottom = stored.getpixel((25, 10)), stored.getpixel((25, 90))
        assert top[0] > 200 and top[2] < 60 and bottom[2] > 200 and bottom[0] < 60
    assert b"Exif" not in data and b"SpyCam" not in data


def _text_png():
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "secret-marker")
    info.add_itxt("XML:com.adobe.xmp", "<x:xmpmeta>secret-marker</x:xmpmeta>")
    exif = Image.Exif()
    exif[ExifTags.Base.Artist] = "secret-marker"
    return encode(rgba_badge(), "PNG", pnginfo=info, exif=exif, icc_profile=_srgb_icc())


def _srgb_icc():
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def _exif_bytes():
    exif = Image.Exif()
    exif[ExifTags.Base.Artist] = "secret-marker"
    return exif.tobytes()


METADATA = {
    "jpeg": lambda: encode(photo(64, 48), "JPEG", comment=b"secret-marker", exif=_exif_bytes(),
                           icc_profile=_srgb_icc(), xmp=b"<x>secret-marker</x>"),
    "png": _text_png,
    "webp": lambda: encode(photo(64, 48), "WEBP", exif=_exif_bytes(), icc_profile=_srgb_icc(),
                           xmp=b"<x>secret-marker</x>"),
    "gif": lambda: encode(palette_with_transparency(), "GIF", comment=b"secret-marker"),
}


@pytest.mark.parametrize("kind", METADATA)
def test_metadata_is_dropped_in_every_format(accept, kind):
    original = METADATA[kind]()
    assert b"secret-marker" in original
    data = stored_bytes(accept(original).file)
    assert b"secret-marker" not in data
    with opened(data) as stored:
        assert not {"exif", "icc_profile", "xmp", "comment", "Comment"} & set(stored.info)


def test_an_srgb_profile_leaves_the_pixels_and_goes_and_a_broken_one_is_ignored(accept):
    tagged = encode(halves(40, 20, (250, 120, 10), (10, 90, 230)), "PNG",
                    icc_profile=_srgb_icc())
    with opened(stored_bytes(accept(tagged).file)) as stored:
        assert "icc_profile" not in stored.info
        assert stored.getpixel((5, 5))[:3] == (250, 120, 10)
    broken = encode(halves(40, 20), "PNG", icc_profile=b"not a profile" * 20)
    with opened(stored_bytes(accept(broken).file)) as stored:
        assert "icc_profile" not in stored.info and stored.getpixel((5, 5))[:3] == (255, 0, 0)


def test_a_cmyk_jpeg_is_stored_as_rgb(accept):
    image = accept(encode(Image.new("CMYK", (40, 30), (0, 255, 255, 0)), "JPEG"))
    with opened(stored_bytes(image.file)) as stored:
        assert stored.mode == "RGB"
        red, green, blue = stored.getpixel((10, 10))
        assert red > 200 and green < 60 and blue < 60


APPENDED = b"PK\x03\x04<html><script>alert(document.cookie)</script></html>" * 20
ENDINGS = {"jpeg": b"\xff\xd9", "png": b"IEND\xaeB`\x82", "gif": b";"}


@pytest.mark.parametrize("kind, original", [
    ("jpeg", lambda: photo_jpeg(64, 48)),
    ("png", lambda: encode(rgba_badge(), "PNG")),
    ("gif", lambda: encode(palette_with_transparency(), "GIF")),
    ("webp", lambda: encode(photo(64, 48), "WEBP")),
])
def test_bytes_appended_after_the_image_data_are_gone(accept, kind, original):
    data = stored_bytes(accept(original() + APPENDED).file)
    assert b"alert(" not in data and b"PK\x03\x04" not in data
    if kind == "webp":
        assert int.from_bytes(data[4:8], "little") + 8 == len(data)  # RIFF's own length
    else:
        assert data.endswith(ENDINGS[kind])


# -- animations --------------------------------------------------------------------------

def three_frames(kind, **options):
    frames = [Image.new("RGB", (40, 30), colour) for colour in ("red", "lime", "blue")]
    return encode(frames[0], kind, save_all=True, append_images=frames[1:],
                  duration=[100, 200, 300], loop=0, **options)


@pytest.mark.parametrize("kind", ["gif", "webp"])
def test_an_animation_keeps_its_frames_and_timings(accept, kind):
    original = three_frames(kind.upper(), **({"comment": b"secret-marker"}
                                             if kind == "gif" else {}))
    image = accept(original)
    assert (image.format, image.frames, image.width, image.height) == (kind, 3, 40, 30)
    data = stored_bytes(image.file)
    assert b"secret-marker" not in data
    with opened(data) as stored:
        assert stored.n_frames == 3
        durations, colours = [], []
        for index in range(3):
            stored.seek(index)
            stored.load()
            durations.append(stored.info["duration"])
            colours.append(stored.convert("RGB").getpixel((5, 5)))
        assert durations == [100, 200, 300]
        assert [max(range(3), key=colour.__getitem__) for colour in colours] == [0, 1, 2]
        assert stored.info.get("loop") == 0
    with opened(stored_bytes(image.thumbnail)) as thumb:
        assert getattr(thumb, "n_frames", 1) == 1
        assert thumb.convert("RGB").getpixel((5, 5))[0] > 200  # the first frame, red


def test_an_animated_png_keeps_its_first_frame(accept):
    image = accept(three_frames("PNG"), name="a.png", content_type="image/png")
    assert (image.format, image.frames) == ("png", 1)
    with opened(stored_bytes(image.file)) as stored:
        assert getattr(stored, "n_frames", 1) == 1 and stored.getpixel((5, 5))[:3] == (255, 0, 0)


def test_too_many_frames_or_too_much_animation_is_refused(accept, media, settings):
    settings.IMAGES_MAX_FRAMES = 2
    with pytest.raises(intake.ImageRefused) as refused:
        accept(three_frames("GIF"))
    assert refused.value.code == "too_many_frames"
    assert str(refused.value) == (
        "This animation has 3 frames; an animation may have at most 2.")
    settings.IMAGES_MAX_FRAMES = 500
    settings.IMAGES_MAX_ANIMATION_PIXELS = 3000
    for kind in ("GIF", "WEBP"):
        with pytest.raises(intake.ImageRefused) as refused:
            accept(three_frames(kind))
        assert refused.value.code == "animation_too_large"
    assert str(refused.value) == (
        "This animation has 3 frames of 40 × 30 pixels (0.004 megapixels in all); "
        "an animation may have at most 0.003 megapixels in all.")
    assert not StoredImage.objects.exists() and not stored_files(media)


def test_a_gif_frame_that_grows_the_canvas_past_the_limit_is_refused_from_the_header(
    accept, media, monkeypatch
):
    small = three_frames("GIF")
    # The last frame's descriptor (at 0,0, 40x30) now claims 8000x6250.
    at = small.rfind(b",\x00\x00\x00\x00(\x00\x1e\x00")
    assert at > 0
    grown = small[:at + 5] + (8000).to_bytes(2, "little") + (6250).to_bytes(2, "little") \
        + small[at + 9:]
    loads = watch_decoding(monkeypatch)
    with pytest.raises(intake.ImageRefused) as refused:
        accept(grown, name="x.gif", content_type="image/gif")
    assert refused.value.code == "too_many_pixels" and loads == []
    assert not stored_files(media)


# -- refusals ----------------------------------------------------------------------------

def watch_decoding(monkeypatch):
    """Record each decode Pillow starts (ImageFile.load)."""
    loads = []
    real = ImageFile.ImageFile.load

    def load(self):
        loads.append(self.format)
        return real(self)

    monkeypatch.setattr(ImageFile.ImageFile, "load", load)
    return loads


BAD = {
    "bomb": (bomb_png, "too_many_pixels",
             "This image is 8,000 × 6,250 pixels (50 megapixels); "
             "an image may have at most 40 megapixels."),
    "png then html": (png_then_html, "damaged",
                      "This PNG image is damaged or incomplete: it cannot be read."),
    "svg with a script": (svg_with_script, "not_accepted",
                          "This file is not an image we accept. "
                          "Upload a JPEG, PNG, WebP or GIF image."),
    "truncated jpeg": (truncated_jpeg, "damaged",
                       "This JPEG image is damaged or incomplete: it cannot be read."),
}


@pytest.mark.parametrize("case", BAD)
def test_each_bad_file_is_refused_before_it_is_decoded_and_nothing_is_stored(
    accept, media, monkeypatch, case
):
    make, code, message = BAD[case]
    data = make()
    loads = watch_decoding(monkeypatch)
    with pytest.raises(intake.ImageRefused) as refused:
        accept(data, name="innocent.png", content_type="image/png")
    assert isinstance(refused.value, Refused)
    assert (refused.value.code, str(refused.value)) == (code, message)
    # Only the truncated JPEG gets as far as decoding, which it cannot finish.
    assert loads == (["JPEG"] if case == "truncated jpeg" else [])
    assert not StoredImage.objects.exists() and not stored_files(media)


class CountedReads:
    """A file whose reads are counted (bytes returned by each)."""

    def __init__(self, file):
        self._file = file
        self.taken = []

    def read(self, size=-1):
        chunk = self._file.read(size)
        self.taken.append(len(chunk))
        return chunk

    def __getattr__(self, name):
        return getattr(self._file, name)


def test_a_30_mb_file_is_refused_from_its_size_without_being_read(
    media, brand, intern, tmp_path
):
    path = write_oversized(tmp_path / "big.jpg")
    upload = uploaded_path(path)
    upload.file = counted = CountedReads(upload.file)
    with upload, pytest.raises(intake.ImageRefused) as refused:
        intake.accept(upload, brand=brand, user=intern)
    assert refused.value.code == "too_large" and counted.taken == []
    assert str(refused.value) == "This file is 30.0\xa0MB; an image may be at most 20.0\xa0MB."
    assert not StoredImage.objects.exists() and not stored_files(media)
    path.unlink()


def test_a_file_larger_than_it_says_is_read_only_one_byte_past_the_limit(
    media, brand, intern, settings
):
    settings.IMAGES_MAX_BYTES = 1000
    data = photo_jpeg(200, 200)
    upload = uploaded(data)
    upload.size = 10  # as a misbehaving upload handler might say
    upload.file = counted = CountedReads(upload.file)
    with pytest.raises(intake.ImageRefused) as refused:
        intake.accept(upload, brand=brand, user=intern)
    assert refused.value.code == "too_large" and sum(counted.taken) == 1001
    assert not StoredImage.objects.exists()


@pytest.mark.parametrize("data, code", [
    (b"", "empty"),
    (encode(Image.new("RGB", (8, 8)), "BMP"), "not_accepted"),
    (encode(Image.new("RGB", (8, 8)), "TIFF"), "not_accepted"),
    (b"GIF89a" + b"\x00" * 20, "damaged"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 40, "damaged"),
    (b"RIFF\x10\x00\x00\x00WEBPVP8 " + b"\x00" * 20, "damaged"),
])
def test_other_files_that_are_not_images_we_take(accept, media, data, code):
    with pytest.raises(intake.ImageRefused) as refused:
        accept(data)
    assert refused.value.code == code
    assert not stored_files(media)


def test_refusals_read_in_french_with_the_oqlf_spacing(accept):
    with translation.override("fr"), pytest.raises(intake.ImageRefused) as refused:
        accept(bomb_png())
    assert str(refused.value) == (
        "Cette image fait 8\xa0000 × 6\xa0250\xa0pixels (50\xa0mégapixels)\xa0; "
        "une image peut compter au plus 40\xa0mégapixels.")
    with translation.override("fr"), pytest.raises(intake.ImageRefused) as refused:
        accept(svg_with_script())
    assert str(refused.value) == (
        "Ce fichier n’est pas une image que nous acceptons. "
        "Téléversez une image JPEG, PNG, WebP ou GIF.")
    with translation.override("fr"), pytest.raises(intake.ImageRefused) as refused:
        accept(truncated_jpeg())
    assert str(refused.value) == (
        "Cette image JPEG est endommagée ou incomplète\xa0: elle ne peut pas être lue.")


def test_the_bad_files_keep_the_peak_memory_of_a_fresh_process_bounded(tmp_path):
    paths = write_bad_files(tmp_path)
    lines = image_memory.run(paths.values())
    baseline = lines[0]["maxrss_kb"]
    outcomes = {line["case"]: line for line in lines[1:-1]}
    assert {name: line["outcome"] for name, line in outcomes.items()} == {
        "bomb.png": "too_many_pixels", "html.png": "damaged", "script.svg": "not_accepted",
        "truncated.jpg": "damaged", "oversized.jpg": "too_large",
    }
    for name, line in outcomes.items():
        assert line["after_kb"] - baseline < BAD_CASE_GROWTH_KB, (name, line, baseline)
    assert lines[-1] == {"case": "stored", "rows": 0, "files": 0}
    paths["oversized.jpg"].unlink()


def test_a_jpeg_announcing_too_many_scans_is_refused_before_decoding(accept, monkeypatch):
    # Each scan is a pass over the whole picture; the count is read from the markers.
    whole = photo_jpeg(64, 48)
    comment = b"\xff\xda" * 300
    many = whole[:2] + b"\xff\xfe" + (len(comment) + 2).to_bytes(2, "big") + comment + whole[2:]
    loads = watch_decoding(monkeypatch)
    with pytest.raises(intake.ImageRefused) as refused:
        accept(many)
    assert refused.value.code == "damaged" and loads == []


# -- what is kept, and how --------------------------------------------------------------

def test_an_image_never_changes_and_its_thumbnail_is_written_once(accept):
    image = accept(photo_jpeg(64, 48))
    first = image.thumbnail.name
    image.width = 1
    with pytest.raises(ImmutableError):
        image.save()
    with pytest.raises(ImmutableError):
        image.delete()
    assert image.set_thumbnail("images/thumbnails/other.webp") is False
    image.refresh_from_db()
    assert image.thumbnail.name == first and image.width == 64
    assert thumbnails.make(image.pk) == first  # a second run changes nothing


def test_a_failed_thumbnail_does_not_fail_the_upload_and_the_command_makes_it(
    accept, monkeypatch, caplog
):
    real = thumbnails.render
    monkeypatch.setattr(thumbnails, "render", lambda image: 1 / 0)
    image = accept(photo_jpeg(64, 48))
    assert not image.thumbnail and "could not make the thumbnail" in caplog.text
    monkeypatch.setattr(thumbnails, "render", real)
    call_command("make_thumbnails", stdout=io.StringIO())
    image.refresh_from_db()
    assert THUMBNAIL_NAME.fullmatch(image.thumbnail.name)


def _redis_up(url):
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.exceptions.RedisError:
        return False
    return True


def test_with_redis_the_thumbnail_is_an_rq_job_never_made_in_the_request(
    accept, settings
):
    from rq import Queue

    from tests.support.rq_burst import run_burst

    url = "redis://127.0.0.1:6379/0"
    need(_redis_up(url), "Redis is not running at 127.0.0.1:6379")
    settings.REDIS_URL = url
    settings.IMAGES_QUEUE = f"images-test-{uuid.uuid4().hex[:10]}"
    queue = Queue(settings.IMAGES_QUEUE, connection=thumbnails._connection(url))
    try:
        image = accept(photo_jpeg(640, 480))
        assert not image.thumbnail  # committed, and still not made here
        [job] = queue.get_jobs()
        assert job.func_name == "socialgov.images.thumbnails.make" and job.args == (image.pk,)
        run_burst(queue)
        image.refresh_from_db()
        assert THUMBNAIL_NAME.fullmatch(image.thumbnail.name)
    finally:
        queue.delete(delete_jobs=True)


def test_with_redis_away_the_upload_stands_and_the_command_makes_the_thumbnail(
    accept, settings, caplog
):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    image = accept(photo_jpeg(64, 48))
    assert not image.thumbnail and "could not enqueue the thumbnail" in caplog.text
    settings.REDIS_URL = ""
    call_command("make_thumbnails", stdout=io.StringIO())
    image.refresh_from_db()
    assert image.thumbnail


# -- serving -----------------------------------------------------------------------------

def test_the_response_serves_the_stored_bytes_with_safe_headers(
    media, brand, intern, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        image = intake.accept(uploaded(encode(rgba_badge(), "PNG")), brand=brand, user=intern)
    reply = serving.response(image)
    assert reply.status_code == 200
    assert reply["Content-Type"] == "image/png"
    assert reply["X-Content-Type-Options"] == "nosniff"
    assert reply["Content-Disposition"] == f'inline; filename="image-{image.pk}.png"'
    assert reply["Cache-Control"] == "private, max-age=3600"
    assert b"".join(reply.streaming_content) == stored_bytes(image.file)
    # Not reply.close(): outside a request, its request_finished signal would
    # close the test's database connection.
    reply.file_to_stream.close()

    with pytest.raises(Http404):
        serving.response(image, thumbnail=True)  # not made yet
    thumbnails.make(image.pk)
    image.refresh_from_db()
    reply = serving.response(image, thumbnail=True)
    assert reply["Content-Type"] == "image/webp"
    assert reply["Content-Disposition"] == f'inline; filename="image-{image.pk}.webp"'
    assert reply["X-Content-Type-Options"] == "nosniff"
    assert b"".join(reply.streaming_content) == stored_bytes(image.thumbnail)
    reply.file_to_stream.close()


def test_no_url_serves_the_media_folder(accept, client, superuser, settings):
    image = accept(photo_jpeg(64, 48))
    for name in (image.file.name, image.thumbnail.name):
        with pytest.raises(Resolver404):
            resolve(f"/{settings.MEDIA_URL}{name}")

    def views(patterns):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                yield from views(pattern.url_patterns)
            else:
                yield pattern.callback

    from django.views.static import serve

    assert serve not in set(views(get_resolver().url_patterns))
    client.force_login(superuser)
    assert client.get(f"/{settings.MEDIA_URL}{image.file.name}").status_code == 404


def test_the_admin_shows_images_read_only(accept, client, superuser, log_in_verified):
    image = accept(photo_jpeg(64, 48))
    log_in_verified(client, superuser)
    assert client.get(reverse("admin:images_imagefile_changelist")).status_code == 200
    assert client.get(reverse("admin:images_imagefile_add")).status_code == 403
    page = client.get(reverse("admin:images_imagefile_change", args=[image.pk]))
    assert page.status_code == 200
    assert image.file.name in page.content.decode() and b"/media/" not in page.content
