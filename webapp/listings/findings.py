"""What the checker reports: findings with a message code, its parameters, the rule's source and a
fix, and the words of every message and fix, kept in the gettext catalogue.

A finding holds codes, never words, so the checker is the same in every language; `message` and
`fix_message` word it in Indonesian (the code's own language) or English through webapp.text.say.
Pure: no Flask, no ORM.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from webapp.listings.channels import Source
from webapp.text import N_, say

MESSAGES = {
    "empty": N_("%(field)s masih kosong."),
    "too_long": N_("%(field)s %(length)s karakter; batas %(channel)s %(limit)s karakter."),
    "too_short": N_("%(field)s %(length)s karakter; %(channel)s meminta minimal %(limit)s "
                    "karakter."),
    "longer_than_recommended": N_("%(field)s %(length)s karakter; %(channel)s menyarankan "
                                  "paling banyak %(limit)s."),
    "shorter_than_recommended": N_("%(field)s %(length)s karakter; %(channel)s menyarankan "
                                   "minimal %(limit)s."),
    "too_few_words": N_("Deskripsi berisi %(words)s kata; %(channel)s meminta minimal "
                        "%(limit)s kata."),
    "phone_number": N_("Ada nomor telepon (%(match)s); %(channel)s melarang kontak di luar "
                       "platform."),
    "whatsapp_link": N_("Ada tautan WhatsApp (%(match)s); %(channel)s melarangnya."),
    "email": N_("Ada alamat e-mail (%(match)s); %(channel)s melarang kontak di luar platform."),
    "url": N_("Ada tautan (%(match)s); %(channel)s tidak menerima tautan di sini."),
    "handle": N_("Ada nama akun media sosial (%(match)s); %(channel)s melarang kontak di luar "
                 "platform."),
    "messenger_name": N_("Teks mengajak pembeli ke aplikasi pesan (%(match)s); %(channel)s "
                         "melarangnya."),
    "social_name": N_("Teks menyebut media sosial (%(match)s); pembeli %(channel)s sebaiknya "
                      "tetap di %(channel)s."),
    "off_platform_payment": N_("Teks menyebut pembayaran di luar %(channel)s (%(match)s)."),
    "account_number": N_("Ada angka yang tampak seperti nomor rekening (%(match)s)."),
    "other_marketplace": N_("Teks menyebut marketplace lain (%(match)s); %(channel)s melarangnya."),
    "promo_word": N_("Judul memuat kata promosi \"%(match)s\"; %(channel)s melarangnya di judul."),
    "banned_symbol": N_("Judul memuat simbol %(chars)s yang tidak diterima %(channel)s."),
    "emoji": N_("Judul memuat emoji atau simbol hiasan (%(match)s)."),
    "all_caps": N_("Judul ditulis dengan huruf kapital semua."),
    "repeated_word": N_("Kata \"%(word)s\" muncul %(count)s kali di judul; %(channel)s "
                        "membolehkan %(limit)s."),
    "too_many_hashtags": N_("Ada %(count)s tagar; %(channel)s membolehkan paling banyak "
                            "%(limit)s."),
    "more_hashtags_than_recommended": N_("Ada %(count)s tagar; %(channel)s menyarankan paling "
                                         "banyak %(limit)s."),
    "tag_too_long": N_("Tag \"%(tag)s\" %(length)s karakter; %(channel)s membolehkan %(limit)s."),
    "too_many_bullets": N_("Ada %(count)s poin; %(channel)s membolehkan paling banyak %(limit)s."),
    "html": N_("Teks memuat kode HTML (%(match)s); %(channel)s hanya menerima teks biasa."),
    "same_as_title": N_("Deskripsi sama persis dengan judul."),
    "printed_called_batik": N_("Kain cetak (printing) disebut \"%(match)s\"; menurut SNI "
                               "0239:2014 itu bukan batik."),
    "printing_not_said": N_("Sebutkan bahwa kain ini printing, misalnya \"Motif Batik "
                            "(Printing)\"."),
    "wrong_batik_technique": N_("Teks menyebut \"%(match)s\", padahal tekniknya %(technique)s."),
    "machine_called_tenun": N_("Kain tenun mesin disebut \"%(match)s\"; hanya kain tenun "
                               "tangan atau ATBM yang boleh disebut begitu."),
    "printed_called_tenun": N_("Kain cetak disebut \"%(match)s\"; kain cetak bukan tenun."),
    "machine_called_handmade": N_("Teks menyebut \"%(match)s\", padahal tekniknya "
                                  "%(technique)s (bukan buatan tangan)."),
    "formula_start": N_("Sel diawali \"%(char)s\"; spreadsheet akan menjalankannya sebagai rumus."),
    "missing_photos": N_("Baru %(count)s foto; %(channel)s meminta minimal %(limit)s."),
    "fewer_photos_than_recommended": N_("Baru %(count)s foto; %(channel)s menyarankan %(limit)s."),
    "too_many_photos": N_("Ada %(count)s foto; %(channel)s hanya memakai %(limit)s pertama."),
    "missing_price": N_("Harga belum diisi."),
    "missing_weight": N_("Berat paket (gram) belum diisi; %(channel)s memerlukannya untuk ongkos "
                         "kirim."),
    "missing_parcel_size": N_("Ukuran paket (panjang, lebar, tinggi) belum lengkap; %(channel)s "
                              "memerlukannya."),
    "partial_parcel_size": N_("Ukuran paket baru terisi sebagian; %(channel)s meminta ketiganya "
                              "diisi atau dikosongkan semua."),
    "missing_category": N_("Kategori %(channel)s belum dipilih; %(channel)s memerlukannya."),
    "no_template_for_category": N_("Kategori %(channel)s dipilih dari daftar di template "
                                   "unggah massalnya, yang belum Anda unggah."),
    "photo_too_small": N_("Foto %(number)s berukuran %(width)s × %(height)s piksel, di bawah "
                          "batas %(channel)s %(min_width)s × %(min_height)s piksel."),
    "photo_links_not_asked": N_("%(channel)s mengambil foto dari tautan publik, dan paket ini "
                                "dibuat tanpa tautan foto."),
    "no_photo_links": N_("%(channel)s mengambil foto dari tautan publik, dan aplikasi ini belum "
                         "punya alamat publik (PUBLIC_URL), jadi file ini belum bisa diunggah "
                         "langsung."),
    "missing_stock": N_("Stok belum diisi."),
    "missing_sku": N_("Kode produk (SKU) belum diisi."),
    "missing_field": N_("%(field)s belum ada."),
}
FIXES = {
    "write_text": N_("Tulis teksnya."),
    "shorten": N_("Buang kata yang paling tidak penting sampai pas."),
    "lengthen": N_("Tambahkan jenis produk, teknik, motif, bahan atau asal daerah."),
    "add_details": N_("Tambahkan detail: bahan, ukuran, cara merawat."),
    "remove_contact": N_("Hapus kontak; pembeli menghubungi Anda lewat chat platform."),
    "remove_link": N_("Hapus tautannya."),
    "remove_marketplace": N_("Hapus nama marketplace lain."),
    "pay_on_platform": N_("Hapus nama bank, nomor rekening, dompet digital dan ajakan transfer "
                          "langsung; pembeli membayar lewat platform, dan akun penjual yang "
                          "mengajak bayar di luar bisa dibatasi."),
    "payment_not_for_marketplaces": N_("Di sini boleh, tetapi jangan salin kalimat ini ke "
                                       "marketplace: semuanya melarang pembayaran di luar "
                                       "platform."),
    "remove_promo": N_("Hapus kata promosi dari judul; pakai fitur diskon atau voucher."),
    "remove_symbols": N_("Hapus simbolnya."),
    "remove_emoji": N_("Hapus emoji dari judul."),
    "sentence_case": N_("Tulis dengan huruf kapital hanya di awal kata."),
    "remove_repeats": N_("Sebut setiap kata sekali saja."),
    "fewer_hashtags": N_("Pilih tagar yang paling relevan saja."),
    "plain_text": N_("Hapus kode HTML; pakai baris baru dan tanda •."),
    "write_description": N_("Tulis deskripsi yang menjelaskan detail, bahan, ukuran dan "
                            "perawatan."),
    "say_motif_batik": N_("Tulis \"Motif Batik (Printing)\" atau \"tekstil motif batik\"."),
    "say_printing": N_("Tambahkan \"(Printing)\" setelah \"Motif Batik\"."),
    "use_technique_name": N_("Pakai nama teknik yang sebenarnya."),
    "say_tenun_mesin": N_("Tulis \"tenun mesin\", atau \"motif tenun\" untuk kain cetak."),
    "remove_handmade": N_("Hapus klaim buatan tangan."),
    "prefix_apostrophe": N_("Awali sel dengan tanda petik (') atau hapus tanda di depannya."),
    "add_photos": N_("Tambahkan foto produk."),
    "drop_photos": N_("Pilih foto terbaik dan urutkan."),
    "fill_product": N_("Lengkapi data produk."),
    "fill_parcel": N_("Isi berat dan ukuran paket di data produk."),
    "choose_category": N_("Pilih kategorinya di data produk."),
    "upload_template": N_("Unggah template dari Seller Center, lalu pilih kategorinya."),
    "bigger_photo": N_("Ganti dengan foto yang lebih besar (foto asli dari kamera ponsel)."),
    "set_public_url": N_("Minta pengelola aplikasi mengisi PUBLIC_URL, atau tambahkan foto di "
                         "Commerce Manager."),
    "ask_photo_links": N_("Buat paket lagi dengan pilihan \"Isi kolom foto lembar unggah massal "
                          "dengan tautan publik\", atau tambahkan foto di Commerce Manager."),
}

# A message names its field first in Indonesian ("Judul ...") but after "The" in English, so the
# names are lower case and render() gives every message a capital first letter. One Indonesian
# word has one translation: "poin" is "bullet point" for one bullet and for the list alike.
FIELD_NAMES = {"title": N_("judul"), "description": N_("deskripsi"), "caption": N_("caption"),
               "hashtags": N_("tagar"), "bullet": N_("poin"), "bullets": N_("poin"),
               "sheet_cell": N_("sel"), "photos": N_("foto")}
ANY_FIELD = N_("teks")


@dataclass(frozen=True)
class Finding:
    """One problem with a text: how serious, which rule, what to say, its source, how to fix."""

    severity: str
    rule: str
    code: str
    params: Mapping[str, Any] = field(default_factory=dict, hash=False)
    source: Source | None = None
    fix: str = ""
    field: str = ""
    span: tuple[int, int] | None = None

    @property
    def blocking(self) -> bool:
        """True when the channel would refuse or remove the listing."""
        return self.severity == "block"

    def message(self, language: str = "id") -> str:
        """Return what the finding says, in language ('id' or 'en')."""
        return render(MESSAGES, self.code, language, {"field": self.field, **self.params})

    def fix_message(self, language: str = "id") -> str:
        """Return how to fix it, in language ('id' or 'en'); '' when there is no fix."""
        return render(FIXES, self.fix, language, self.params) if self.fix else ""

    def to_dict(self, language: str | None = None) -> dict[str, Any]:
        """Return the finding as JSON-ready data, with messages when language is given."""
        data: dict[str, Any] = {
            "severity": self.severity, "rule": self.rule, "code": self.code,
            "params": dict(self.params), "field": self.field, "fix": self.fix,
            "span": list(self.span) if self.span else None,
            "source": self.source.to_dict() if self.source else None,
        }
        if language:
            data["message"] = self.message(language)
            data["fix_message"] = self.fix_message(language)
        return data


def render(table: Mapping[str, str], code: str, language: str,
           params: Mapping[str, Any]) -> str:
    """Word the code of table (MESSAGES or FIXES) in language with params; where a parameter
    has an English twin (technique and technique_en), English text gets the twin."""
    field_name = FIELD_NAMES.get(str(params.get("field", "")), ANY_FIELD)
    values = {"channel": "", **params, "field": say(language, field_name)}
    if language == "en":
        values.update({name[:-3]: value for name, value in params.items()
                       if name.endswith("_en")})
    try:
        text = say(language, table[code], **values)
    except (KeyError, TypeError, ValueError):  # a message must never crash the page that shows it
        text = say(language, table[code])
    return text[:1].upper() + text[1:]
