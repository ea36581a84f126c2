"""Image intake: the time of ``intake.accept`` and of the thumbnail on a
12-megapixel photo, and the peak memory of each bad case and of the photo.

    .venv/bin/python bench/images.py [--repeat 5]

Sets Django up on a SQLite database and a MEDIA_ROOT of its own, in a
temporary directory (embedded mode: no Redis), removed afterwards. The photo is
made here, photo-like (a gradient in each channel plus grain:
tests/support/image_files.py), 4000 × 3000, JPEG quality 90.

Prints:

1. ``accept`` on the photo: median and range of ``--repeat`` runs (reading,
   header checks, decoding, orientation, re-encoding, storing, the row), run
   inside a transaction so the thumbnail waits for its commit; Pillow's decoding
   of the photo alone, for scale; the thumbnail made at that commit (the same
   runs), and the sizes in and out;
2. peak memory: each case in a fresh process of its own (a SQLite database
   migrated for it, Django set up), ``ru_maxrss`` before the case (after
   set-up) and after it: the bad cases the tests use (a 50-megapixel PNG bomb,
   a PNG header followed by HTML, an SVG with a script, a truncated JPEG, a
   30 MB file), the 12-megapixel photo, and a photo at the pixel limit
   (40 megapixels, JPEG quality 80; --no-limit-case skips it). The accepted cases include their
   thumbnail, made in-process at commit.
"""

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != REPO / "bench"]
sys.path.insert(0, str(REPO))

MB = 1024 * 1024


def set_up_django(root):
    os.environ.update(
        DJANGO_SETTINGS_MODULE="socialgov.settings",
        DATABASE_URL=f"sqlite:///{root / 'db.sqlite3'}",
        MEDIA_ROOT=str(root / "media"),
        LOG_LEVEL="WARNING",
    )
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def timings(photo_path, repeat):
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from socialgov.brands.models import Brand
    from socialgov.images import intake
    from socialgov.images.models import ImageFile
    from tests.support.image_files import uploaded_path

    brand = Brand.objects.create(name="Bench", slug="bench", languages=["en"],
                                 default_language="en")
    user = get_user_model().objects.create_user(username="bench", password="pw")
    accepting, thumbnailing, image = [], [], None
    for _ in range(repeat):
        upload = uploaded_path(photo_path)
        with upload, transaction.atomic():
            started = time.perf_counter()
            image = intake.accept(upload, brand=brand, user=user)
            accepted = time.perf_counter()
        committed = time.perf_counter()  # the thumbnail is made at this commit
        accepting.append(accepted - started)
        thumbnailing.append(committed - accepted)
    image = ImageFile.objects.get(pk=image.pk)
    return accepting, thumbnailing, image


def decoding(photo_path, repeat):
    from PIL import Image

    seconds = []
    for _ in range(repeat):
        started = time.perf_counter()
        with Image.open(photo_path) as image:
            image.load()
        seconds.append(time.perf_counter() - started)
    return seconds


def show_times(label, seconds):
    print(f"  {label:<28} median {statistics.median(seconds) * 1000:7.0f} ms"
          f"   (min {min(seconds) * 1000:.0f}, max {max(seconds) * 1000:.0f}, "
          f"n={len(seconds)})")


def memory(cases):
    from tests.support import image_memory

    print(f"  {'case':<22} {'outcome':<24} {'after set-up':>13} {'peak':>9} {'growth':>9}"
          f" {'time':>8}")
    for name, path in cases.items():
        baseline, line, stored = image_memory.run([path])
        growth = line["after_kb"] - baseline["maxrss_kb"]
        print(f"  {name:<22} {line['outcome']:<24} {baseline['maxrss_kb'] / 1024:10.1f} MB"
              f" {line['after_kb'] / 1024:6.1f} MB {growth / 1024:6.1f} MB"
              f" {line['seconds'] * 1000:6.0f} ms"
              f"{'' if stored['rows'] else '   (nothing stored)'}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs of accept (default 5)")
    parser.add_argument("--no-limit-case", action="store_true",
                        help="skip the 40-megapixel photo in the memory figures")
    options = parser.parse_args()

    from tests.support.image_files import photo_jpeg, write_bad_files

    root = Path(tempfile.mkdtemp(prefix="bench-images-"))
    try:
        files = root / "files"
        files.mkdir()
        started = time.perf_counter()
        photo = files / "photo-12mp.jpg"
        photo.write_bytes(photo_jpeg(4000, 3000, quality=90))
        print(f"made the 12-megapixel photo ({photo.stat().st_size / MB:.1f} MB) in "
              f"{time.perf_counter() - started:.1f} s", flush=True)

        set_up_django(root)
        from django.conf import settings

        accepting, thumbnailing, image = timings(photo, options.repeat)
        print()
        print("intake of a 4000 × 3000 JPEG (quality 90), embedded mode, this process:")
        show_times("accept", accepting)
        show_times("of which, decoding alone", decoding(photo, options.repeat))
        show_times("thumbnail at commit", thumbnailing)
        thumb = image.thumbnail.storage.size(image.thumbnail.name)
        print(f"  in {photo.stat().st_size / MB:.2f} MB -> stored {image.bytes / MB:.2f} MB "
              f"({image.width} × {image.height}); thumbnail {thumb / 1024:.0f} kB "
              f"({settings.IMAGES_THUMBNAIL_SIZE} px WebP)")

        cases = {name: path for name, path in write_bad_files(files).items()}
        cases["photo 12 MP"] = photo
        if not options.no_limit_case:
            limit = files / "photo-40mp.jpg"
            # Quality 80: at 90 this grain makes it larger than IMAGES_MAX_BYTES.
            limit.write_bytes(photo_jpeg(7300, 5470, quality=80))
            cases["photo 40 MP (limit)"] = limit
        print()
        print("peak memory (ru_maxrss), one fresh process per case:")
        memory(cases)
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
