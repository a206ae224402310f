"""Descriptions and bullet points, following storytelling.md §2.2: a short story hook, then
DETAIL PRODUK, BAHAN, UKURAN, WARNA, PERAWATAN and CATATAN, hashtags last; the lines that matter
least go first when the channel's limit is near.

Pure: no Flask, no ORM.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from webapp.listings.cleaning import title_safe
from webapp.listings.detectors import WORD, text_length
from webapp.listings.fitting import drop_lines, drop_lowest, shorten
from webapp.listings.writer import PART_MAX, Writer
from webapp.text import N_, say

BATIK_WAX_TECHNIQUES = frozenset({"batik_tulis", "batik_cap", "batik_kombinasi"})
# The section headings, in the order the description shows them.
SECTIONS = {"details": N_("DETAIL PRODUK"), "material": N_("BAHAN"), "size": N_("UKURAN"),
            "colours": N_("WARNA"), "care": N_("PERAWATAN"), "notes": N_("CATATAN")}
SCREEN_NOTE = N_("Warna pada foto dapat sedikit berbeda dari aslinya karena pencahayaan dan "
                 "pengaturan layar.")
HANDMADE_NOTE = N_("Setiap produk dibuat dengan tangan, sehingga motif, warna, dan ukuran dapat "
                   "sedikit berbeda antarproduk. Ini ciri khas buatan tangan, bukan cacat.")

Line = tuple[str, str, int]  # (section, text, priority): a higher priority stays longer


def label(writer: Writer, section: str) -> str:
    """Return a section's name as a label in a line: Bahan, or Materials in English."""
    return say(writer.language, SECTIONS[section]).capitalize()


def made_to_order(writer: Writer) -> str:
    """Return how long a made-to-order product takes to make, or '' when none is given."""
    days = writer.product.made_to_order_days
    if not days or days <= 0:
        return ""
    return say(writer.language, "Dibuat setelah pesanan masuk, sekitar %(days)s hari.",
               days=days)


def detail_lines(writer: Writer) -> Iterator[Line]:
    """Yield the hook and the DETAIL PRODUK lines: name, type, technique, motif, origin,
    maker, time to make and product code."""
    language, product = writer.language, writer.product
    yield "hook", writer.hook, 4
    product_type = writer.product_type() or writer.generic_type()
    name = writer.in_language(writer.owner(product.name, "description", PART_MAX))
    if name and name.casefold() != product_type.casefold():
        yield "details", say(language, "Nama: %(name)s", name=name), 8
    yield "details", say(language, "Jenis: %(type)s", type=product_type), 9
    if writer.technique is not None:
        line = say(language, "Teknik: %(technique)s", technique=writer.technique.label(language))
        explain = writer.technique_explained()
        yield "details", f"{line}. {explain}" if explain else line, 9
    motif = writer.term_label("motifs", product.motif)
    yield "details", say(language, "Motif: %(motif)s", motif=motif) if motif else "", 7
    origin = writer.region()[1]
    yield "details", say(language, "Asal: %(origin)s", origin=origin) if origin else "", 7
    city = writer.owner(writer.brand.city, "description", 60)
    maker = ", ".join(part for part in (writer.brand_name, city) if part)
    yield "details", say(language, "Dibuat oleh: %(maker)s", maker=maker) if maker else "", 5
    yield "details", made_to_order(writer), 6
    sku = title_safe(writer.owner(product.sku, "description", 40))
    yield "details", say(language, "Kode produk: %(sku)s", sku=sku) if sku else "", 3


def material_and_size_lines(writer: Writer) -> Iterator[Line]:
    """Yield the BAHAN, UKURAN and WARNA lines: materials and dye, measures, sizes, weight,
    colours."""
    language = writer.language
    for material in writer.materials():
        yield "material", material, 8
    dye = writer.dye()
    if dye is not None:
        yield "material", dye.label(language), 6
    yield "size", writer.dimensions(), 8
    sizes = writer.sizes()
    yield "size", say(language, "Ukuran tersedia: %(sizes)s", sizes=sizes) if sizes else "", 8
    weight = writer.product.weight_g
    if weight and weight > 0:
        yield "size", say(language, "Berat: %(weight)s gram", weight=weight), 7
    yield "colours", ", ".join(writer.colours()).capitalize(), 6


def care_and_note_lines(writer: Writer) -> Iterator[Line]:
    """Yield the PERAWATAN lines and the CATATAN every buyer should read."""
    language = writer.language
    for index, note in enumerate(writer.care()):
        yield "care", note, 5 if index < 3 else 1
    yield "notes", say(language, SCREEN_NOTE), 10
    if writer.handmade:
        yield "notes", say(language, HANDMADE_NOTE), 10
    if writer.technique is not None and writer.technique.id in BATIK_WAX_TECHNIQUES:
        yield "notes", say(language, "Aroma khas malam (lilin batik) pada kain baru adalah hal "
                                     "yang wajar."), 6
    dye = writer.dye()
    if dye is not None and dye.id == "pewarna_alam":
        yield "notes", say(language, "Pewarna alam dapat memudar perlahan; cuci dengan tangan "
                                     "dan jemur di tempat teduh."), 6
    yield "notes", say(language, "Silakan kirim pesan kepada penjual bila ada pertanyaan "
                                 "tentang ukuran, warna, atau perawatan sebelum memesan."), 10


def description_lines(writer: Writer) -> list[Line]:
    """Return every line the description could have, in order; lines without a word go."""
    lines = (*detail_lines(writer), *material_and_size_lines(writer),
             *care_and_note_lines(writer))
    return [line for line in lines if line[1] and WORD.search(line[1])]


def compose(writer: Writer, lines: list[Line], hashtags: str) -> str:
    """Lay out description lines under section headings, hashtags last."""
    blocks = []
    hook = [text for section, text, _ in lines if section == "hook"]
    if hook:
        blocks.append(hook[0])
    for section, name in SECTIONS.items():
        items = [text for line_section, text, _ in lines if line_section == section]
        if items:
            blocks.append("\n".join([say(writer.language, name),
                                     *(f"• {item}" for item in items)]))
    if hashtags:
        blocks.append(hashtags)
    return "\n\n".join(blocks)


def write_description(writer: Writer, hashtags: Sequence[str]) -> str:
    """Write the structured description within the channel's limit."""
    rules = writer.channel.description
    if rules is None:
        return ""
    tag_rules = writer.channel.hashtags
    tags = " ".join(hashtags) if tag_rules and tag_rules.style == "hashtag" else ""
    lines = description_lines(writer)
    limit = rules.value("max", 100_000)
    text = compose(writer, lines, tags)
    while text_length(text) > limit:
        if tags:
            tags = ""
        else:
            lines = drop_lowest(lines)
        text = compose(writer, lines, tags)
    return writer.settle("description", text, drop_lines)


def write_bullets(writer: Writer) -> tuple[str, ...]:
    """Write bullet points (Amazon's key features) within count and length."""
    rules = writer.channel.bullets
    if rules is None:
        return ()
    limit = rules.max_chars.value if rules.max_chars else 500
    count = rules.max_count.value if rules.max_count else 5
    result = []
    for candidate in bullet_candidates(writer)[:count]:
        bullet = writer.settle("bullet", shorten(candidate, limit), drop_lines)
        if bullet:
            result.append(bullet)
    return tuple(result)


def bullet_candidates(writer: Writer) -> list[str]:
    """Return the bullet points worth writing, best first: technique, material, size, care,
    and the handmade (or the screen) note."""
    candidates = []
    if writer.technique is not None:
        name = writer.technique.label(writer.language)
        explain = writer.technique_explained()
        candidates.append(f"{name}: {explain}" if explain else name)
    materials = ", ".join(writer.materials())
    dye = writer.dye()
    if materials or dye:
        dye_text = dye.label(writer.language) if dye else ""
        candidates.append(f"{label(writer, 'material')}: "
                          + "; ".join(part for part in (materials, dye_text) if part))
    size = "; ".join(part for part in (writer.dimensions(), writer.sizes()) if part)
    if size:
        candidates.append(f"{label(writer, 'size')}: {size}")
    care = writer.care()[:3]
    if care:
        candidates.append(f"{label(writer, 'care')}: " + " ".join(care))
    note = HANDMADE_NOTE if writer.handmade else SCREEN_NOTE
    candidates.append(say(writer.language, note))
    return candidates
