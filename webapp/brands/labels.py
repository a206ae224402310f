"""The names of a brand profile's fields and choices, as pages, forms and messages show them."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

FIELD_LABELS = {
    "name": _l("Nama merek"),
    "year_founded": _l("Tahun berdiri"),
    "city": _l("Kota atau kabupaten"),
    "province": _l("Provinsi"),
    "category": _l("Kategori usaha"),
    "techniques": _l("Teknik"),
    "materials": _l("Bahan"),
    "people": _l("Orang di balik merek"),
    "customers": _l("Pembeli yang Anda layani"),
    "values": _l("Nilai yang Anda pegang"),
    "tone": _l("Gaya sapaan"),
    "channels": _l("Tempat Anda berjualan"),
    "whatsapp": _l("Nomor WhatsApp"),
    "instagram": _l("Akun Instagram"),
    "website": _l("Situs web"),
    "logo": _l("Logo"),
    "colours": _l("Warna merek"),
    "watermark": _l("Logo pada foto"),
    "watermark_opacity": _l("Kepekatan logo pada foto"),
    "story": _l("Jawaban cerita merek"),
}
TONE_LABELS = {
    "anda": _l("Anda (formal, sopan untuk semua pembeli)"),
    "kamu": _l("kamu (akrab, untuk pembeli muda)"),
    "kak": _l("Kak (ramah, gaya penjual online)"),
}
WATERMARK_LABELS = {
    "off": _l("Tidak dipasang"),
    "top-left": _l("Kiri atas"),
    "top-right": _l("Kanan atas"),
    "bottom-left": _l("Kiri bawah"),
    "bottom-right": _l("Kanan bawah"),
    "center": _l("Tengah"),
}

#: Parts of a brand export file that an import can name as broken, besides the profile's fields.
FILE_FIELD_LABELS = {
    "profile": _l("isi profil"),
    "created_at": _l("waktu simpan"),
    "author": _l("penulis atau catatan"),
    "restored_from": _l("asal pemulihan"),
}
