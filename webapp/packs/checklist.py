"""A channel's checklist, <channel>/PERIKSA.txt: where each file goes, how to use the upload sheet,
and every product with its open findings, in the pack's language.

The checklist is read, not pasted, so unlike the copy files it ends with a newline. Names are put
on one line so a product never spills over the next checkbox. Pure: no Flask, no ORM.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from webapp.packs.files import copy_files, one_line, product_texts
from webapp.packs.sheets import sheet_for
from webapp.text import say

if TYPE_CHECKING:
    from webapp.packs.builder import PackChannel, PackInput


def links_photos(pack: PackInput, channel: PackChannel) -> bool:
    """True when the channel's photos carry public links (the sheets hold URLs, not files)."""
    return any(image.url for product in pack.products
               for image in product.images.get(channel.id, ()))


def checklist(pack: PackInput, channel: PackChannel) -> str:
    """Return a channel's PERIKSA.txt: where each file goes, the sheets, and open findings."""
    language = pack.language
    lines = [say(language, "DAFTAR PERIKSA: %(channel)s", channel=one_line(channel.name)),
             say(language, "Dibuat dari profil merek %(brand)s, revisi %(revision)s (%(day)s), "
                           "Studio Cerita %(app)s.", brand=one_line(pack.brand_name),
                 revision=pack.revision_number, day=pack.revision_date.isoformat(),
                 app=one_line(pack.app_version)),
             ""]
    lines += file_lines(pack, channel)
    sheet = sheet_for(channel.id)
    if sheet.file:
        lines.append("")
        lines += sheet.notes_for(language, linked=links_photos(pack, channel))
    lines += ["", say(language, "PRODUK")]
    lines += product_lines(pack, channel)
    lines += ["", say(language, "Lihat semua isi paket di index.html (bisa dibuka tanpa "
                                "internet).")]
    return "\n".join(lines) + "\n"


def file_lines(pack: PackInput, channel: PackChannel) -> list[str]:
    """Return what a product folder holds and where each file goes, then the CSV."""
    language = pack.language
    lines = [say(language, "Buka %(channel)s dan tambahkan setiap produk di bawah ini. Per "
                           "produk, folder %(channel_id)s/<produk>/ berisi:",
                 channel=one_line(channel.name), channel_id=channel.id)]
    present = {file.name for product in pack.products
               for file, _ in product_texts(product.copy[channel.id], channel)}
    extension = next((image.extension for product in pack.products
                      for image in product.images.get(channel.id, ())), "jpg")
    lines.append("- " + say(language, "01-utama.%(ext)s dan seterusnya: unggah sesuai urutan "
                                      "nomor; 01-utama adalah foto utama (sampul).",
                            ext=extension))
    lines += ["- " + say(language, file.line) for file in copy_files(channel.hashtag_style)
              if file.name in present]
    lines.append("- " + say(language, "%(channel_id)s.csv: semua produk dalam satu tabel (buka "
                                      "dengan Excel atau Google Sheets).",
                            channel_id=channel.id))
    return lines


def product_lines(pack: PackInput, channel: PackChannel) -> list[str]:
    """Return a checkbox per product with its photo count and open findings."""
    language = pack.language
    lines = []
    for product in pack.products:
        photos = len(product.images.get(channel.id, ()))
        count = (say(language, "%(count)s foto", count=photos) if photos
                 else say(language, "Belum ada foto untuk saluran ini."))
        name = one_line(product.name) or product.slug
        lines.append(f"[ ] {name} ({channel.id}/{product.slug}/): {count}")
        findings = [one_line(f) for f in product.copy[channel.id].findings if one_line(f)]
        if findings:
            lines.append("    " + say(language, "Temuan yang masih terbuka") + ":")
            lines.extend(f"    - {finding}" for finding in findings)
        else:
            lines.append("    " + say(language, "tidak ada temuan terbuka"))
    return lines
