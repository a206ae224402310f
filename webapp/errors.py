"""Friendly error pages in the user's language, for every status the app can answer with."""

from __future__ import annotations

import errno
import logging
from typing import Any

from flask import Flask, current_app, g, has_request_context, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from webapp.db import rollback
from webapp.forms import CSRF_RETRY_MESSAGE

log = logging.getLogger(__name__)

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
        default = default % {"limit": megabytes(limit)}
    return render_template("errors/error.html", code=code, title=title,
                           message=message or default), code


def megabytes(size: int | None) -> str:
    """Write a byte count as whole megabytes, e.g. '40 MB'."""
    return f"{(size or 0) // (1024 * 1024)} MB"


def handle_http_error(error: HTTPException):
    """Show the friendly page for any HTTP error, keeping headers such as Retry-After."""
    body, code = render_error(error.code or 500)
    response = current_app.make_response((body, code))
    if error.code == 405 and error.valid_methods:
        response.headers["Allow"] = ", ".join(error.valid_methods)
    return response


def handle_csrf_error(error: CSRFError):
    """Show a form again with the user's input when its view allows it, else a 400 page."""
    view = current_app.view_functions.get(request.endpoint or "")
    log.info("CSRF rejected on %s: %s", request.path, error.description)
    if request.method == "POST" and getattr(view, "keeps_input", False):
        return show_form_again(view, CSRF_RETRY_MESSAGE, 400)
    return render_error(400, str(CSRF_MESSAGE))


def show_form_again(view: Any, message: Any, code: int):
    """Run a keeps_input view again: its form cannot validate (BaseForm sees g.form_retry), so
    nothing changes and the owner sees their own text, a fresh token and message."""
    g.form_retry = message
    response = current_app.make_response(view(**(request.view_args or {})))
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
