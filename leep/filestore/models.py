from django.db import models


class StoredFile(models.Model):
    """One file kept by DatabaseStorage: its storage name and its bytes.

    Nothing refers to a row: a FileField holds the name, as it would a path on disk. Who may read
    a file is decided by the view that serves it, never by this table."""

    name = models.CharField(max_length=255, unique=True)
    content = models.BinaryField()
    size = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "stored file"

    def __str__(self) -> str:
        return self.name
