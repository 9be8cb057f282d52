# Production image: gunicorn serving the archive; static files served by WhiteNoise.
# Run with a volume for the data:  docker run -p 8000:8000 -v archive-data:/data \
#   -e DJANGO_SECRET_KEY=... -e DJANGO_ALLOWED_HOSTS=archive.example.org IMAGE
# It expects HTTPS: behind a TLS-terminating proxy add -e DJANGO_BEHIND_TLS_PROXY=1.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_DEBUG=0 \
    NEWSARCHIVE_DATA_DIR=/data \
    NEWSARCHIVE_STATIC_ROOT=/app/staticfiles

WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
# collectstatic needs settings to load; this key exists only during the build.
RUN DJANGO_SECRET_KEY=build-only python manage.py collectstatic --noinput --verbosity 0

RUN useradd --create-home archive && mkdir -p /data && chown archive /data
USER archive
VOLUME /data
EXPOSE 8000
CMD ["sh", "-c", "python manage.py migrate --noinput && exec gunicorn newsarchive.wsgi --preload --bind 0.0.0.0:8000 --workers ${WEB_CONCURRENCY:-2} --access-logfile -"]
