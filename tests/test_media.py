"""Content-addressed storage: generated names, atomic writes, no path from user input."""

from __future__ import annotations

import hashlib

import pytest

from webapp.media import MediaError, MediaStore


def test_save_stores_once_under_the_content_hash(tmp_path):
    store = MediaStore(tmp_path)
    name = store.save("photos", b"kain", "jpg")
    assert name == hashlib.sha256(b"kain").hexdigest() + ".jpg"
    assert store.read("photos", name) == b"kain"
    assert store.save("photos", b"kain", "jpg") == name
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert len(files) == 1 and files[0].parent.name == name[:2]


@pytest.mark.parametrize(
    ("kind", "name"),
    [("photos", "../../etc/passwd"), ("photos", "x.jpg"), ("../photos", "a" * 64 + ".jpg"),
     ("photos", "a" * 64 + ".php"), ("photos", "A" * 64 + ".jpg"), ("photos", "")],
)
def test_names_we_did_not_make_are_refused(tmp_path, kind, name):
    store = MediaStore(tmp_path)
    with pytest.raises(MediaError):
        store.path(kind, name)
    assert not store.exists(kind, name)


def test_a_failed_write_leaves_no_file(tmp_path, monkeypatch):
    store = MediaStore(tmp_path)

    def broken_fsync(_fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.fsync", broken_fsync)
    with pytest.raises(OSError):
        store.save("logos", b"logo", "png")
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []
