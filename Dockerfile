# SocialGov application image: used by web, worker and scheduler alike.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# Dependencies first so code changes don't reinstall them.
# (psycopg[binary] and Pillow ship manylinux wheels: no compiler needed.)
COPY requirements.txt ./
RUN pip install -r requirements.txt

RUN useradd --system --create-home --home-dir /home/app --uid 10001 app \
    && chown app:app /app
COPY --chown=app:app . .
USER app

# Static files are baked into the image (served by WhiteNoise). The key is only
# needed so settings import; it is not used at runtime.
RUN SECRET_KEY=build-only-not-a-secret DJANGO_PROFILE=local DEBUG=0 \
    python manage.py collectstatic --noinput

EXPOSE 8000
CMD ["gunicorn", "socialgov.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
