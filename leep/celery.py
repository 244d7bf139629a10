"""The Celery app. Its broker comes from REDIS_URL; with none, tasks run eagerly in-process."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leep.settings")

app = Celery("leep")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
