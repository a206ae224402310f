"""A channel's checklist, <channel>/PERIKSA.txt: where each file goes, how to use the upload file
(the owner's own template, filled: which columns were filled, which were left blank and why,
where to upload it; else the helper sheet and how to get the official template), and every
product with its open findings, in the pack's language.

The checklist is read, not pasted, so unlike the copy files it ends with a newline. Names are put
on one line so a product never spills over the next checkbox. Pure: no Flask, no ORM.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from webapp.packs.files import copy_files, one_line, product_texts
from webapp.packs.sheets import ChannelSheet, channel_sheet
from webapp.text import say

if TYPE_CHECKING:
    from webapp.packs.builder import PackChannel, PackInput
    from webapp.packs.workbooks import FillResult, TemplateShape


def links_photos(pack: PackInput, channel: PackChannel) -> bool:
    """True when the channel's photos carry public links (the sheets hold URLs, not files)."""
    return any(image.url for product in pack.products
               for image in product.images.get(channel.id, ()))


def checklist(pack: PackInput, channel: PackChannel,
              outcome: ChannelSheet | None = None) -> str:
    """Return a channel's PERIKSA.txt: where each file goes, the sheets, and open findings."""
    language = pack.language
    outcome = outcome if outcome is not None else channel_sheet(pack, channel)
    lines = [say(language, "DAFTAR PERIKSA: %(channel)s", channel=one_line(channel.name)),
             say(language, "Dibuat dari profil merek %(brand)s, revisi %(revision)s (%(day)s), "
                           "Studio Cerita %(app)s.", brand=one_line(pack.brand_name),
                 revision=pack.revision_number, day=pack.revision_when(),
                 app=one_line(pack.app_version)),
             status_line(pack, channel, outcome), ""]
    lines += file_lines(pack, channel, outcome)
    if outcome.kind == "template":
        lines.append("")
        lines += template_lines(pack, channel, outcome)
    elif outcome.file:
        lines.append("")
        if outcome.error is not None and outcome.template is not None:
            lines.append(say(language, "Template %(name)s yang Anda unggah untuk kanal ini tidak "
                                       "bisa dibaca (kode: %(code)s), jadi paket ini berisi "
                                       "lembar bantu. Unduh ulang template dari seller centre "
                                       "lalu unggah lagi di halaman Template kanal.",
                             name=one_line(outcome.template.file_name) or "-",
                             code=outcome.error.code))
        lines += outcome.format.notes_for(language, linked=links_photos(pack, channel))
    lines += ["", say(language, "PRODUK")]
    lines += product_lines(pack, channel)
    lines += ["", say(language, "Lihat semua isi paket di index.html (bisa dibuka tanpa "
                                "internet).")]
    return "\n".join(lines) + "\n"


def template_lines(pack: PackInput, channel: PackChannel, outcome: ChannelSheet) -> list[str]:
    """Return what the owner reads about their own template, filled: what it is, where it goes,
    which columns were filled, which were left blank and why."""
    language, result, shape = pack.language, outcome.result, outcome.shape
    if result is None or shape is None or outcome.template is None:
        return []
    lines = [say(language, "TEMPLATE ANDA, SUDAH DIISI: %(file)s", file=outcome.file),
             say(language, "Ini template yang Anda unduh dari seller centre lalu unggah ke "
                           "Studio Cerita (%(name)s), diisi %(rows)s baris mulai baris %(row)s "
                           "di lembar \"%(sheet)s\". Baris di atasnya dan bagian lain file "
                           "tidak diubah.", name=one_line(outcome.template.file_name) or "-",
                 rows=result.rows, row=result.first_row, sheet=one_line(shape.sheet))]
    if one_line(outcome.template.note):
        lines.append(say(language, "Catatan Anda tentang template ini: %(note)s",
                         note=one_line(outcome.template.note)))
    upload = outcome.format.upload
    lines += upload(language) if upload is not None else []
    if links_photos(pack, channel):
        lines.append(say(language, "Kolom foto berisi tautan publik ke foto yang sudah "
                                   "disiapkan untuk kanal ini; tautan berlaku selama paket ini "
                                   "tersimpan di Studio Cerita."))
    lines += column_lines(language, result, shape)
    lines.append(say(language, "Semua nilai ditulis sebagai teks atau angka, tidak pernah "
                               "sebagai rumus."))
    return lines


def column_lines(language: str, result: FillResult, shape: TemplateShape) -> list[str]:
    """Return the columns filled, left blank (no data, or unknown to us) and the findings."""
    def labels(keys: list[str]) -> str:
        """Return the columns' names on one line, '-' for none."""
        named = [one_line(column.label) for key in keys
                 if (column := shape.column(key)) is not None]
        return ", ".join(named) or "-"

    explained = {finding.params.get("column") for finding in result.findings}
    unknown = set(result.unknown)
    no_data = [key for key in result.blank if key not in unknown
               and (shape.column(key) is None or shape.column(key).label not in explained)]
    lines = [say(language, "Kolom yang diisi: %(columns)s", columns=labels(list(result.filled))),
             say(language, "Kolom yang dibiarkan kosong karena Studio Cerita tidak menyimpan "
                           "datanya (isi sendiri bila perlu): %(columns)s",
                 columns=labels(no_data))]
    if unknown:
        lines.append(say(language, "Kolom yang belum dikenal Studio Cerita, dibiarkan seperti "
                                   "aslinya: %(columns)s", columns=labels(list(result.unknown))))
    messages = list(dict.fromkeys(one_line(finding.message(language))
                                  for finding in result.findings))
    if messages:
        lines.append(say(language, "Perlu diperiksa sebelum mengunggah:"))
        lines += [f"- {message}" for message in messages]
    return lines


def status_line(pack: PackInput, channel: PackChannel, outcome: ChannelSheet) -> str:
    """Say whether the channel's files can be uploaded as they are: only when nothing blocks any
    product and every required column of the owner's template is filled."""
    language = pack.language
    blocked = sum(1 for product in pack.products if not product.copy[channel.id].ready)
    unfilled = outcome.result.required_empty if outcome.result else ()
    if blocked or unfilled:
        reasons = []
        if blocked:
            reasons.append(say(language, "%(products)s produk masih punya temuan yang memblokir",
                               products=blocked))
        if unfilled:
            reasons.append(say(language,
                               "%(count)s kolom wajib template masih kosong (%(columns)s)",
                               count=len(unfilled), columns=", ".join(unfilled)))
        return say(language, "BELUM SIAP UNGGAH: %(reasons)s. Perbaiki dulu (lihat di bawah), "
                             "lalu buat paket lagi.", reasons=reasons[0] if len(reasons) == 1
                   else say(language, "%(first)s dan %(second)s", first=reasons[0],
                            second=reasons[1]))
    ready = say(language, "SIAP UNGGAH: tidak ada yang memblokir produk di %(channel)s.",
                channel=one_line(channel.name))
    if outcome.kind == "helper":
        ready += " " + say(language, "Untuk unggah massal, unggah dulu template resmi "
                                     "%(channel)s di halaman Template; sampai itu, tambahkan "
                                     "produk satu per satu.", channel=one_line(channel.name))
    return ready


def file_lines(pack: PackInput, channel: PackChannel, outcome: ChannelSheet) -> list[str]:
    """Return what a product folder holds and where each file goes, then the CSV and the
    upload file."""
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
    if outcome.kind == "feed":  # written as Meta reads it: not for opening in a spreadsheet
        lines.append("- " + say(language, "%(channel_id)s.csv: umpan data untuk Commerce Manager, "
                                          "bukan untuk dibuka di Excel; untuk membaca, buka "
                                          "%(file)s.", channel_id=channel.id, file=outcome.file))
    else:
        lines.append("- " + say(language, "%(channel_id)s.csv: semua produk dalam satu tabel "
                                          "(buka dengan Excel atau Google Sheets).",
                                channel_id=channel.id))
    if outcome.kind == "template":
        lines.append("- " + say(language, "%(file)s: template seller centre Anda sendiri, sudah "
                                          "diisi; unggah ke seller centre.", file=outcome.file))
    elif outcome.kind == "helper":
        lines.append("- " + say(language, "%(file)s: lembar bantu untuk menyalin data, bukan "
                                          "template resmi.", file=outcome.file))
    if not links_photos(pack, channel):
        lines.append("- " + say(language, "Kolom foto di lembar dan CSV dibiarkan kosong karena "
                                          "paket ini tidak berisi tautan foto publik. Setelah "
                                          "produk masuk ke %(channel)s, buka setiap produk di "
                                          "%(channel)s lalu tambahkan fotonya dari folder "
                                          "produknya, sesuai urutan nomor.",
                                channel=one_line(channel.name)))
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
