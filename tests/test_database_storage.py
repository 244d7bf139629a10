"""DatabaseStorage, where production keeps uploaded and generated files (decision 0023)."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from leep.filestore.models import StoredFile
from leep.filestore.storage import DatabaseStorage

pytestmark = pytest.mark.django_db


@pytest.fixture
def storage():
    return DatabaseStorage()


def test_a_saved_file_reads_back_byte_for_byte(storage):
    data = bytes(range(256)) * 4000  # a megabyte of every byte value
    name = storage.save("papers/2026/minutes.pdf", SimpleUploadedFile("minutes.pdf", data))
    assert name == "papers/2026/minutes.pdf"
    assert storage.exists(name) and storage.size(name) == len(data)
    with storage.open(name) as stored:
        assert stored.read() == data
    assert StoredFile.objects.get(name=name).size == len(data)


def test_a_name_in_use_gets_another_and_the_first_file_is_kept(storage):
    first = storage.save("imports/register.csv", ContentFile(b"URN\n1\n"))
    second = storage.save("imports/register.csv", ContentFile(b"URN\n2\n"))
    assert first != second and second.startswith("imports/register_") and second.endswith(".csv")
    assert storage.open(first).read() == b"URN\n1\n"
    assert storage.open(second).read() == b"URN\n2\n"


def test_deleting_and_missing_files(storage):
    name = storage.save("a.txt", ContentFile(b"a"))
    storage.delete(name)
    assert not storage.exists(name)
    with pytest.raises(FileNotFoundError):
        storage.open(name)
    with pytest.raises(FileNotFoundError):
        storage.size(name)
    storage.delete(name)  # deleting what is not there is not an error, as on a disk


def test_a_stored_file_is_not_changed_in_place(storage):
    name = storage.save("a.txt", ContentFile(b"a"))
    with pytest.raises(ValueError, match="read-only"):
        storage.open(name, "wb")


def test_folders_are_listed_as_on_a_disk(storage):
    for name in ("papers/1/a.pdf", "papers/1/b.pdf", "papers/2/c.pdf", "papers/d.pdf", "imports/e.csv"):
        storage.save(name, ContentFile(b"x"))
    assert storage.listdir("papers") == (["1", "2"], ["d.pdf"])
    assert storage.listdir("") == (["imports", "papers"], [])
    assert storage.get_modified_time("papers/d.pdf") is not None


def test_its_url_is_the_one_a_disk_would_give(settings, storage):
    # Nothing is served there: files are served by views that check who is asking (decision 0015).
    name = storage.save("papers/notes 1.pdf", ContentFile(b"%PDF-1.7"))
    assert storage.url(name) == settings.MEDIA_URL + "papers/notes%201.pdf"


def test_production_keeps_files_in_the_database():
    from tests.test_settings import STRONG_KEY, manage

    shown = "from django.conf import settings as s; print(s.STORAGES['default']['BACKEND'])"
    result = manage(
        "shell",
        "--verbosity",
        "0",
        "-c",
        shown,
        DJANGO_ENV="production",
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="portal.example.org",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "leep.filestore.storage.DatabaseStorage"
