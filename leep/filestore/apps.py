from django.apps import AppConfig


class FilestoreConfig(AppConfig):
    name = "leep.filestore"
    label = "filestore"
    verbose_name = "Stored files"
    default_auto_field = "django.db.models.BigAutoField"
