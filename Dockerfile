# The portal's image: gunicorn for the web, the same image for the Celery worker and beat.
FROM node:20-bookworm-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY scripts ./scripts
COPY static/src ./static/src
RUN npm run build

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_ENV=production
WORKDIR /app
# WeasyPrint draws PDFs with Pango.
RUN apt-get update && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
    && rm -rf /var/lib/apt/lists/*
COPY requirements.lock ./
RUN pip install --no-cache-dir -r requirements.lock
COPY . .
COPY --from=assets /app/static/dist ./static/dist
# collectstatic needs settings to load; these values exist only for this build step.
RUN SECRET_KEY=build-only ALLOWED_HOSTS=build.invalid python manage.py collectstatic --noinput -v 0
RUN useradd --create-home portal
USER portal
EXPOSE 8000
CMD ["gunicorn", "leep.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
