"""Plain-language messages for refused brand operations, in the user's language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from webapp.brands.forms import FIELD_LABELS


def brand_error_message(error) -> str:
    """Return the message for a BrandError, with its parameters filled in."""
    params = dict(error.params)
    if "field" in params:
        labels = {**FIELD_LABELS, **FILE_FIELD_LABELS}
        params["field"] = str(labels.get(params["field"], params["field"]))
    template = MESSAGES.get(error.code, MESSAGES["unknown"])
    return str(template) % params


FILE_FIELD_LABELS = {
    "profile": _l("isi profil"),
    "created_at": _l("waktu simpan"),
    "author": _l("penulis atau catatan"),
    "restored_from": _l("asal pemulihan"),
}

MESSAGES = {
    "import_too_large": _l("File terlalu besar. Batasnya %(limit)d MB."),
    "import_empty": _l("File ini kosong."),
    "import_not_json": _l("File ini bukan file ekspor Studio Cerita (isinya bukan JSON yang "
                          "utuh). Pilih file .json yang Anda unduh dari halaman Riwayat."),
    "import_wrong_format": _l("File ini bukan file ekspor merek Studio Cerita."),
    "import_newer_version": _l("File ini dibuat oleh Studio Cerita versi yang lebih baru "
                               "(format %(version)d). Perbarui aplikasi lalu coba lagi."),
    "import_no_revisions": _l("File ini tidak berisi revisi profil apa pun."),
    "import_too_many": _l("File ini berisi lebih dari %(limit)d revisi."),
    "import_bad_numbering": _l("Nomor revisi di dalam file tidak berurutan (mulai dari revisi "
                               "%(number)d). File mungkin sudah diubah."),
    "import_bad_revision": _l("Revisi %(number)d di dalam file rusak pada bagian "
                              "\"%(field)s\"."),
    "too_many_brands": _l("Akun ini sudah memiliki %(limit)d merek, batas untuk satu akun."),
    "slug_taken": _l("Alamat untuk merek ini sedang dipakai. Coba lagi sebentar lagi."),
    "no_revision": _l("Revisi %(number)d tidak ada."),
    "unknown": _l("Permintaan ini tidak dapat diproses."),
}


PHOTO_MESSAGES = {
    "empty": _l("File ini kosong."),
    "too_large_bytes": _l("File terlalu besar (%(size)s). Batasnya %(limit)s."),
    "too_many_pixels": _l("Gambar terlalu besar: %(pixels)s megapiksel. Batasnya %(limit)s "
                          "megapiksel."),
    "not_an_image": _l("File ini bukan gambar. Pilih foto JPG, PNG, WebP atau HEIC."),
    "unsupported_format": _l("Format %(format)s belum didukung. Pilih foto JPG, PNG, WebP atau "
                             "HEIC."),
    "damaged": _l("File gambar ini rusak atau tidak lengkap. Coba kirim ulang dari galeri."),
}


def photo_error_message(error) -> str:
    """Return the message for an imaging.PhotoError, in the user's language."""
    params = error.params
    size, limit = params.get("size"), params.get("max_bytes")
    values = {
        "size": f"{(size or 0) / (1024 * 1024):.1f} MB",
        "limit": f"{(limit or 0) // (1024 * 1024)} MB",
        "format": params.get("format") or "?",
    }
    if error.code == "too_many_pixels":
        width, height = params.get("width") or 0, params.get("height") or 0
        values["pixels"] = f"{width * height / 1_000_000:.0f}" if width else "?"
        values["limit"] = f"{(params.get('max_pixels') or 0) / 1_000_000:.0f}"
    template = PHOTO_MESSAGES.get(error.code, PHOTO_MESSAGES["damaged"])
    return str(template) % values
