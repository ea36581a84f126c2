"""Peak memory of intake, measured in a fresh process (the images tests and
bench/images.py use ``run``).

``run`` makes a temporary directory with a SQLite database (migrated by a
``manage.py migrate`` process of its own) and a MEDIA_ROOT, then starts the
measuring process, which sets Django up on them (embedded mode, no Redis),
hands each file in turn to ``intake.accept`` and prints one JSON line per
file: its outcome and ``ru_maxrss`` (kB: the process's peak so far) before and
after. ru_maxrss sees Pillow's and libjpeg's buffers, which tracemalloc does
not. A last line says how many images were stored and how many files
MEDIA_ROOT holds.

The measuring process is started by a small Python process, not by the caller:
on Linux a child's ru_maxrss starts at its parent's peak (the parent's memory
figures carry over through fork and exec), so a child of pytest or of a
benchmark that just made a 12-megapixel picture would report that peak, not
its own.
"""

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
MEASURE = "from tests.support.image_memory import main; main()"
# Exits with the measuring process's status; passes its output through.
LAUNCH = (
    "import subprocess, sys; "
    f"sys.exit(subprocess.call([sys.executable, '-c', {MEASURE!r}, *sys.argv[1:]]))"
)


def peak_kb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main(argv=None):
    paths = [Path(p) for p in (sys.argv[1:] if argv is None else argv)]
    import django

    django.setup()
    from django.contrib.auth import get_user_model

    from socialgov.brands.models import Brand
    from socialgov.images import intake
    from socialgov.images.models import ImageFile
    from tests.support.image_files import uploaded_path

    brand = Brand.objects.create(name="Acme", slug="acme", languages=["en"],
                                 default_language="en")
    user = get_user_model().objects.create_user(username="uploader", password="pw")
    print(json.dumps({"case": "baseline", "maxrss_kb": peak_kb()}), flush=True)
    for path in paths:
        before = peak_kb()
        started = time.perf_counter()
        upload = uploaded_path(path)
        try:
            image = intake.accept(upload, brand=brand, user=user)
            outcome = f"accepted {image.width}x{image.height}"
        except intake.ImageRefused as refusal:
            outcome = refusal.code
        finally:
            upload.close()
        print(json.dumps({
            "case": path.name,
            "outcome": outcome,
            "seconds": round(time.perf_counter() - started, 3),
            "before_kb": before,
            "after_kb": peak_kb(),
        }), flush=True)
    media = Path(os.environ["MEDIA_ROOT"])
    stored = sum(1 for p in media.rglob("*") if p.is_file()) if media.exists() else 0
    print(json.dumps({"case": "stored", "rows": ImageFile.objects.count(), "files": stored}),
          flush=True)


def run(paths, python=sys.executable):
    """Measure ``paths`` in a fresh process: its JSON lines, parsed."""
    root = Path(tempfile.mkdtemp(prefix="images-memory-"))
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="socialgov.settings",
        DATABASE_URL=f"sqlite:///{root / 'db.sqlite3'}",
        MEDIA_ROOT=str(root / "media"),
        LOG_LEVEL="WARNING",
    )
    try:
        for command in ([python, "manage.py", "migrate", "-v0"],
                        [python, "-c", LAUNCH, *map(str, paths)]):
            done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True,
                                  timeout=300)
            if done.returncode:
                raise RuntimeError(f"{command[:3]} failed:\n{done.stderr}")
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
