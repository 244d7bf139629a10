"""DatabaseStorage: Django's storage API over the StoredFile table.

Production keeps uploads and generated files here rather than on a disk of one machine, so that a
file uploaded through one web process downloads through another, and a Celery worker on another
machine reads the file a web process saved. Files are small (the largest upload is 50 MB, refused
above that), and are backed up, restored and deleted with the rest of the data (decision 0023).
"""

from __future__ import annotations

import io
import posixpath
from urllib.parse import urljoin

from django.conf import settings
from django.core.files.base import File
from django.core.files.storage import Storage
from django.db import IntegrityError, transaction
from django.utils.deconstruct import deconstructible
from django.utils.encoding import filepath_to_uri

# Tries at a free name when another process saves one of the same name at the same moment.
SAVE_ATTEMPTS = 10


@deconstructible
class DatabaseStorage(Storage):
    def _rows(self):
        from .models import StoredFile

        return StoredFile.objects

    def _open(self, name: str, mode: str = "rb") -> File:
        if any(flag in mode for flag in "wax+"):
            raise ValueError("Stored files are read-only once saved: save a new file instead.")
        content = self._rows().filter(name=name).values_list("content", flat=True).first()
        if content is None:
            raise FileNotFoundError(f"No stored file named {name!r}")
        return File(io.BytesIO(bytes(content)), name=name)

    def _save(self, name: str, content) -> str:
        data = b"".join(content.chunks())  # Storage.save has made it a File, which starts at 0
        for _ in range(SAVE_ATTEMPTS):
            try:
                with transaction.atomic():
                    self._rows().create(name=name, content=data, size=len(data))
                return name
            except IntegrityError:
                # Saved by someone else since get_available_name looked: take the next free name.
                name = self.get_available_name(name)
        raise IntegrityError(f"No free name for a stored file like {name!r}")

    def exists(self, name: str) -> bool:
        return self._rows().filter(name=name).exists()

    def delete(self, name: str) -> None:
        self._rows().filter(name=name).delete()

    def size(self, name: str) -> int:
        size = self._rows().filter(name=name).values_list("size", flat=True).first()
        if size is None:
            raise FileNotFoundError(f"No stored file named {name!r}")
        return size

    def listdir(self, path: str) -> tuple[list[str], list[str]]:
        prefix = path.strip("/") + "/" if path.strip("/") else ""
        directories, files = set(), []
        for name in self._rows().filter(name__startswith=prefix).values_list("name", flat=True):
            head, _, tail = name[len(prefix) :].partition("/")
            if tail:
                directories.add(head)
            else:
                files.append(head)
        return sorted(directories), sorted(files)

    def get_created_time(self, name: str):
        created = self._rows().filter(name=name).values_list("created_at", flat=True).first()
        if created is None:
            raise FileNotFoundError(f"No stored file named {name!r}")
        return created

    get_modified_time = get_created_time
    get_accessed_time = get_created_time

    def url(self, name: str) -> str:
        # As FileSystemStorage would say. Nothing is served at MEDIA_URL: files are served by views
        # that check who is asking (decision 0015).
        return urljoin(settings.MEDIA_URL, filepath_to_uri(posixpath.normpath(name)))
