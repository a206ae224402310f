"""One way to refuse, and friendly error pages.

Refusals: a service or a pure core raises a `DomainError` subclass (webapp.domain) with a code and
the facts its message needs. REFUSALS, one gettext catalogue keyed "<domain>.<code>", words it in
the user's language, and `refusal_message` fills in the facts (sizes as 1,5 MB, field names as
the form calls them). A view shows it on its form with `form.refuse(refusal_message(error))`,
which makes the page answer 422 (see webapp.forms), or flashes it after a redirect.

Error pages: every HTTP status the app can answer with, in the user's language, without internals.
After a CSRF failure or a failed save, a form view marked `keeps_input` is shown again with what
was typed, but only once the blueprint's login check has passed. Every handled server error is
logged through the app's logger, with its traceback and the request id (webapp.logs).
"""

from __future__ import annotations

import errno
import logging
from collections.abc import Callable, Mapping
from typing import Any

from flask import Flask, current_app, g, has_request_context, render_template, request
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from webapp import formatting
from webapp.brands.labels import FIELD_LABELS, FILE_FIELD_LABELS
from webapp.db import rollback
from webapp.domain import DomainError
from webapp.forms import CSRF_RETRY_MESSAGE
from webapp.i18n import current_language

log = logging.getLogger(__name__)

#: Every refusal's message, by "<domain>.<code>". Placeholders name the error's params.
REFUSALS: Mapping[str, Any] = {
    # accounts
    "account.login_failed": _l("Email atau kata sandi tidak cocok. Periksa lalu coba lagi."),
    "account.wrong_password": _l("Kata sandi saat ini tidak cocok."),
    "account.email_taken": _l("Email ini sudah punya akun, dengan kata sandi lain. Masuk dengan "
                              "kata sandi itu, atau pilih \"Lupa kata sandi?\" untuk "
                              "membuat yang baru."),
    "reset.link_invalid": _l("Tautan ini tidak berlaku lagi: sudah dipakai, kata sandi sudah "
                             "diganti, atau tautannya tidak lengkap. Minta tautan baru di bawah."),
    "reset.link_expired": _l("Tautan ini sudah kedaluwarsa (berlaku %(minutes)d menit). Minta "
                             "tautan baru di bawah."),
    # classes
    "class.not_found": _l("Kelas atau merek itu tidak ditemukan."),
    "class.unknown_code": _l("Kode kelas itu tidak dikenal. Periksa lagi huruf dan angkanya, "
                             "atau minta kode dari pendamping Anda."),
    "class.not_lead": _l("Hanya pendamping utama yang bisa mengatur pendamping kelas ini."),
    "class.no_account": _l("Belum ada akun dengan email %(email)s. Minta pendamping itu "
                           "mendaftar dulu."),
    "class.already_trainer": _l("%(name)s sudah menjadi pendamping kelas ini."),
    "class.too_many_trainers": _l("Satu kelas paling banyak punya %(limit)d pendamping."),
    "class.too_many_classes": _l("Satu akun paling banyak mendampingi %(limit)d kelas."),
    "class.no_brand": _l("Pilih merek Anda sendiri yang ingin dibagikan."),
    "class.lead_stays": _l("Pendamping utama tidak bisa dikeluarkan dari kelasnya."),
    # comments
    "comment.not_found": _l("Komentar itu tidak ditemukan."),
    "comment.bad_target": _l("Bagian yang dikomentari tidak dikenali. Muat ulang halaman lalu "
                             "pilih lagi bagian yang ingin dikomentari."),
    "comment.no_revision": _l("Revisi %(number)d tidak ada pada merek ini."),
    "comment.no_story": _l("Merek ini belum punya cerita, jadi bagian cerita belum bisa "
                           "dikomentari."),
    "comment.no_piece": _l("Bagian cerita itu tidak ada pada cerita merek ini."),
    "comment.no_product": _l("Produk itu tidak ada pada merek ini."),
    "comment.no_channel": _l("Kanal itu tidak dikenal."),
    "comment.no_field": _l("Kanal ini tidak memiliki bagian teks tersebut."),
    "comment.no_suggestion_here": _l("Saran teks hanya bisa diberikan untuk bagian cerita atau "
                                     "teks listing. Tulis saran Anda sebagai komentar."),
    "comment.empty": _l("Tulis komentar atau saran teks."),
    "comment.too_long": _l("Komentar paling banyak %(limit)d karakter."),
    "comment.suggestion_too_long": _l("Saran teks paling banyak %(limit)d karakter."),
    "comment.not_open": _l("Komentar ini sudah ditutup."),
    "comment.no_suggestion": _l("Komentar ini tidak berisi saran teks."),
    "comment.gone": _l("Bagian yang diberi saran sudah tidak ada, jadi saran ini tidak bisa "
                       "dipakai."),
    # brands
    "brand.import_too_large": _l("File terlalu besar. Batasnya %(max_bytes)s."),
    "brand.import_empty": _l("File ini kosong."),
    "brand.import_not_json": _l("File ini bukan file ekspor Studio Cerita (isinya bukan JSON "
                                "yang utuh). Pilih file .json yang Anda unduh dari halaman "
                                "Riwayat."),
    "brand.import_wrong_format": _l("File ini bukan file ekspor merek Studio Cerita."),
    "brand.import_newer_version": _l("File ini dibuat oleh Studio Cerita versi yang lebih baru "
                                     "(format %(version)d). Perbarui aplikasi lalu coba lagi."),
    "brand.import_no_revisions": _l("File ini tidak berisi revisi profil apa pun."),
    "brand.import_too_many": _l("File ini berisi lebih dari %(limit)d revisi."),
    "brand.import_bad_numbering": _l("Nomor revisi di dalam file tidak berurutan (mulai dari "
                                     "revisi %(number)d). File mungkin sudah diubah."),
    "brand.import_bad_revision": _l("Revisi %(number)d di dalam file rusak pada bagian "
                                    "\"%(field)s\"."),
    "brand.too_many_brands": _l("Akun ini sudah memiliki %(limit)d merek, batas untuk satu "
                                "akun."),
    "brand.slug_taken": _l("Alamat untuk merek ini sedang dipakai. Coba lagi sebentar lagi."),
    "brand.no_revision": _l("Revisi %(number)d tidak ada."),
    # products
    "product.too_many_products": _l("Merek ini sudah memiliki %(limit)d produk, batas "
                                    "tertinggi."),
    # photos (the decoder's codes, then the photo service's)
    "photo.empty": _l("File ini kosong."),
    "photo.too_large_bytes": _l("File terlalu besar (%(size)s). Batasnya %(max_bytes)s."),
    "photo.too_many_pixels": _l("Gambar terlalu besar: %(pixels)s megapiksel. Batasnya "
                                "%(max_pixels)s megapiksel."),
    "photo.not_an_image": _l("File ini bukan gambar. Pilih foto JPG, PNG, WebP atau HEIC."),
    "photo.unsupported_format": _l("Format %(format)s belum didukung. Pilih foto JPG, PNG, WebP "
                                   "atau HEIC."),
    "photo.damaged": _l("File gambar ini rusak atau tidak lengkap. Coba kirim ulang dari "
                        "galeri."),
    "photo.too_many_photos": _l("sudah ada %(limit)d foto, batas untuk satu produk."),
    "photo.already_there": _l("foto yang sama sudah ada di produk ini."),
    "photo.over_quota": _l("ruang penyimpanan akun Anda (%(quota)s) sudah penuh. Hapus foto yang "
                           "tidak dipakai lagi, lalu unggah kembali."),
    # stories
    "story.unknown_template": _l("Template cerita ini tidak tersedia lagi. Pilih template lain."),
    "story.no_template": _l("Pilih salah satu template di bawah."),
    "story.incomplete": _l("Masih ada jawaban wajib yang kosong. Lengkapi dulu langkah ini."),
    "story.too_large": _l("Cerita ini terlalu panjang untuk disimpan. Persingkat jawaban yang "
                          "panjang."),
    "story.busy": _l("Cerita ini sedang disimpan dari tab lain. Coba lagi sebentar lagi."),
    "story.bad_choice": _l("Pilih bahasa dan gaya sapaan dari daftar."),
    "story.unknown_piece": _l("Bagian cerita ini tidak ada."),
    # listings
    "listing.unknown_field": _l("Kanal ini tidak memiliki bagian tersebut."),
    "listing.too_long_to_store": _l("Teks ini terlalu panjang untuk disimpan (paling banyak "
                                    "%(limit)s karakter)."),
    # packs: refused starts, then why a job failed
    "pack.no_products": _l("Pilih paling sedikit satu produk."),
    "pack.no_channels": _l("Pilih paling sedikit satu kanal."),
    "pack.already_building": _l("Paket lain untuk merek ini sedang dibuat. Tunggu sampai "
                                "selesai."),
    "pack.interrupted": _l("Pembuatan paket terhenti (server dimulai ulang). Tekan Coba lagi."),
    "pack.photo_missing": _l("Ada foto yang filenya hilang dari penyimpanan. Unggah ulang foto "
                             "itu lalu coba lagi."),
    "pack.disk_full": _l("Penyimpanan server penuh. Coba lagi nanti atau hubungi pengelola."),
    "pack.failed": _l("Paket gagal dibuat karena kesalahan di server. Coba lagi."),
    # seller centre templates the owner uploads (webapp.packs.workbooks)
    "template.not_xlsx": _l("File ini bukan file Excel (.xlsx). Unggah template yang Anda unduh "
                            "dari seller centre, tanpa diubah formatnya."),
    "template.not_a_template_channel": _l("Kanal ini tidak memakai template unggah massal."),
    "template.too_large": _l("File template terlalu besar. Batasnya %(max_bytes)s."),
    "template.unpacked_too_large": _l("Isi file ini terlalu besar atau terlalu banyak bagian "
                                      "untuk sebuah template. Unduh ulang template dari seller "
                                      "centre."),
    "template.unsafe_xml": _l("File ini memuat bagian yang tidak aman dibaca, jadi ditolak. "
                              "Unduh ulang template dari seller centre."),
    "template.damaged": _l("File template ini rusak atau tidak lengkap. Unduh ulang dari seller "
                           "centre lalu unggah lagi."),
    "template.unsupported": _l("Template ini disimpan dalam bentuk yang belum bisa kami isi. "
                               "Unduh ulang dari seller centre dan unggah tanpa membukanya "
                               "dulu."),
    "template.no_sheet": _l("File ini tidak berisi lembar kerja apa pun."),
    "template.no_key_row": _l("Baris kode sistem tidak ditemukan: file ini sepertinya bukan "
                              "template unggah massal kanal ini. Periksa kanalnya, lalu unggah "
                              "template yang Anda unduh dari seller centre."),
    "template.no_data_row": _l("Baris awal data tidak ditemukan: template ini sepertinya sudah "
                               "terisi. Unggah template kosong dari seller centre."),
    "template.unknown_channel": _l("Kanal ini belum punya template unggah massal yang bisa "
                                   "diisi Studio Cerita."),
    "template.too_many_rows": _l("Terlalu banyak baris untuk satu template (paling banyak "
                                 "%(limit)s)."),
}
UNKNOWN_REFUSAL = _l("Permintaan ini tidak dapat diproses.")


def field_name(name: str) -> str:
    """A profile or export-file field as the form calls it."""
    return str({**FIELD_LABELS, **FILE_FIELD_LABELS}.get(name, name))


#: How a refusal's facts are written, by param name.
PARAM_FORMATS: Mapping[str, Callable[[Any, str], str]] = {
    "size": formatting.file_size,
    "max_bytes": formatting.file_size,
    "quota": formatting.file_size,
    "max_pixels": formatting.megapixels,
    "pixels": formatting.megapixels,
    "field": lambda name, _language: field_name(name),
    "format": lambda value, _language: str(value or "?"),
}


def refusal_message(error: DomainError, language: str | None = None) -> str:
    """The message for a refusal in the user's language (or language, for a command), with
    its facts filled in."""
    if language is not None:
        with force_locale(language):
            return worded(error, language)
    return worded(error, current_language())


def worded(error: DomainError, language: str) -> str:
    """The refusal's message in the active locale, its facts written for language."""
    params = dict(error.params)
    if params.get("width") and params.get("height"):
        params["pixels"] = params["width"] * params["height"]
    params.setdefault("pixels", "?")
    params.setdefault("format", "?")
    for name, value in list(params.items()):
        if name in PARAM_FORMATS and value != "?":
            params[name] = PARAM_FORMATS[name](value, language)
    template = REFUSALS.get(error.key, UNKNOWN_REFUSAL)
    try:
        return str(template) % params
    except (KeyError, TypeError, ValueError):
        log.warning("refusal %s lacks a fact its message names: %r", error.key, error.params)
        return str(UNKNOWN_REFUSAL)


# --- error pages ------------------------------------------------------------------------------

PAGES = {
    400: (_l("Permintaan tidak dapat diproses"),
          _l("Ada yang kurang atau keliru pada permintaan ini. Kembali ke halaman sebelumnya lalu "
             "coba lagi.")),
    403: (_l("Akses ditolak"),
          _l("Anda tidak memiliki izin untuk membuka halaman ini.")),
    404: (_l("Halaman tidak ditemukan"),
          _l("Halaman yang Anda cari tidak ada atau sudah dipindahkan.")),
    405: (_l("Cara membuka halaman ini keliru"),
          _l("Halaman ini tidak bisa dibuka dengan cara tersebut. Kembali lalu gunakan tombol "
             "yang tersedia.")),
    413: (_l("Kiriman terlalu besar"),
          _l("Data yang Anda kirim melebihi batas %(limit)s. Tekan tombol Kembali pada peramban: "
             "isian Anda masih ada di halaman sebelumnya.")),
    429: (_l("Terlalu banyak percobaan"),
          _l("Anda mencoba terlalu sering dalam waktu singkat. Tunggu sebentar lalu coba lagi.")),
    500: (_l("Terjadi gangguan di sisi kami"),
          _l("Maaf, ada kesalahan pada server dan kesalahan itu sudah kami catat. Coba lagi "
             "beberapa saat lagi.")),
    503: (_l("Penyimpanan server sedang penuh"),
          _l("Maaf, server tidak dapat menyimpan apa pun saat ini dan pengelolanya perlu "
             "menambah ruang. Tidak ada yang terhapus. Coba lagi nanti.")),
}
#: Errors of the disk, not of the request: the server cannot write (full, over quota, read-only).
STORAGE_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS})
SAVE_FAILED_MESSAGE = _l(
    "Maaf, penyimpanan gagal karena gangguan di server dan belum ada yang berubah. Isian Anda "
    "masih ada: coba tekan tombol sekali lagi."
)
STORAGE_FULL_MESSAGE = _l(
    "Maaf, penyimpanan server sedang penuh sehingga belum ada yang tersimpan. Isian Anda masih "
    "ada: salin teks yang penting, lalu coba lagi nanti."
)
CSRF_MESSAGE = _l(
    "Formulir ini sudah kedaluwarsa atau tidak lengkap. Muat ulang halaman lalu kirim sekali lagi."
)


def init_app(app: Flask) -> None:
    """Register the error handlers."""
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(Exception, handle_unexpected_error)


def render_error(code: int, message: str | None = None):
    """Render the error page for code, with an optional more specific message."""
    title, default = PAGES.get(code, PAGES[400 if code < 500 else 500])
    if code == 413:
        limit = (request.max_content_length if has_request_context()
                 else current_app.config["MAX_CONTENT_LENGTH"])
        default = default % {"limit": formatting.file_size(limit, current_language())}
    return render_template("errors/error.html", code=code, title=title,
                           message=message or default), code


def handle_http_error(error: HTTPException):
    """Show the friendly page for any HTTP error, keeping headers such as Retry-After; an
    exception that carries its own response (a redirect to the login page) answers with it."""
    if error.response is not None:
        return error.response
    code = error.code or 500
    body, code = render_error(code)
    response = current_app.make_response((body, code))
    if code == 405 and getattr(error, "valid_methods", None):
        response.headers["Allow"] = ", ".join(error.valid_methods)
    return response


def handle_csrf_error(error: CSRFError):
    """Show a form again with the user's input when its view allows it, else a 400 page."""
    view = current_app.view_functions.get(request.endpoint or "")
    log.info("CSRF rejected on %s: %s", request.path, error.description)
    if request.method == "POST" and getattr(view, "keeps_input", False):
        return show_form_again(view, CSRF_RETRY_MESSAGE, 400)
    return render_error(400, str(CSRF_MESSAGE))


def blueprint_checks():
    """Run the checks of the request's blueprints (their login requirement) that the failure
    skipped; return the answer of the first that refuses, else None."""
    for name in reversed(request.blueprints):
        for check in current_app.before_request_funcs.get(name, ()):
            answer = current_app.ensure_sync(check)()
            if answer is not None:
                return answer
    return None


def show_form_again(view: Any, message: Any, code: int):
    """Run a keeps_input view again, after its blueprint's checks: its form cannot validate
    (BaseForm sees g.form_retry), so nothing changes and the owner sees their own text with a
    fresh token and the message. A redirect (a visitor sent to log in) is answered as is."""
    g.form_retry = message
    try:
        answer = blueprint_checks()
        if answer is not None:
            return current_app.make_response(answer)
        response = current_app.make_response(view(**(request.view_args or {})))
    except HTTPException as error:
        return handle_http_error(error)
    if not 300 <= response.status_code < 400:
        response.status_code = code
    return response


def handle_unexpected_error(error: Exception):
    """Log an unexpected exception and answer without a traceback; a form is shown again with
    what the owner typed. A full or read-only disk answers 503, anything else 500."""
    if isinstance(error, HTTPException):
        return handle_http_error(error)
    storage = isinstance(error, OSError) and error.errno in STORAGE_ERRNOS
    log.exception("Unhandled error on %s %s", request.method, request.path)
    code = 503 if storage else 500
    view = current_app.view_functions.get(request.endpoint or "")
    if request.method == "POST" and getattr(view, "keeps_input", False) and not g.get(
            "form_retry"):
        rollback()  # whatever the failed request began is undone; loaded rows reload
        try:
            return show_form_again(
                view, STORAGE_FULL_MESSAGE if storage else SAVE_FAILED_MESSAGE, code)
        except Exception:
            log.exception("The form of %s could not be shown again", request.path)
            rollback()
    body, code = render_error(code)
    return current_app.make_response((body, code))
