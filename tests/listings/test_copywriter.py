"""The copywriter: random products stay within every channel's limits and pass the checker."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.properties import examples
from webapp.listings.channels import load_channels
from webapp.listings.cleaning import title_safe
from webapp.listings.copywriter import BrandFacts, ProductFacts, Writer, write_listing
from webapp.listings.fitting import dedupe
from webapp.listings.rules import (
    EMOJI,
    FORMULA_START,
    HASHTAG,
    blocking,
    check_listing,
    hashtags_in,
    keywords,
    mask,
    text_length,
)
from webapp.listings.titles import said_once, title_parts
from webapp.vocab import indonesian_in, vocabulary

VOCAB = vocabulary()
CHANNELS = load_channels()
TECHNIQUES = sorted(VOCAB.ids("techniques"))
MATERIALS = sorted(VOCAB.ids("materials"))
REGIONS = sorted(VOCAB.ids("regions"))
MOTIFS = sorted(VOCAB.ids("motifs"))
DYES = sorted(VOCAB.ids("dyes"))
NASTY = [
    "", "   ", "<b>Kain</b> <script>alert(1)</script>", "&lt;i&gt;Sarung&lt;/i&gt;",
    "Kain 🔥🔥 MURAH!!! GRATIS ONGKIR", "Hubungi WA 0812-3456-7890 sekarang",
    "https://wa.me/6281234567890", "Follow @batiksekarlasem ya", "sari@batiklasem.id",
    "=HYPERLINK(\"http://evil.id\")", "+62 812 3456 7890", "-5", "@SUM(A1)",
    "KEMEJA BATIK PRINTING TULIS", "Kain tenun ATBM handmade asli",
    "Juga ada di Tokopedia & Shopee",
    "#batik #tenun #lasem #kain #wastra #murah", "Kain " * 90, "x" * 400, "批发 布料", "١٢٣ ٤٥٦",
    "Batik 45", "Rp150.000", "2 x 1,15 m", "sejak 1998", "BSL-LTH-0012", "\t\r\n=cmd",
    "Kain\u200bBatik\u202eTulis", "batik batik batik batik", "Instagram: batiklasem",
    "www.batiklasem.com", "100% ORIGINAL TERLARIS", "Kain Batik Tulis Lasem Latohan Merah",
]
WORDS = ["Kain", "Kemeja", "Selendang", "Tas", "Sarung", "Kain panjang", "Dompet", "Kalung",
         "Taplak meja", "Outer"]
nasty = st.one_of(st.sampled_from(NASTY), st.text(max_size=60),
                  st.text(st.characters(exclude_categories=("Cs",)), min_size=100, max_size=400),
                  st.builds("{} {}".format, st.sampled_from(WORDS), st.sampled_from(NASTY)))
maybe_int = st.one_of(st.none(), st.integers(-10, 10**10))

products = st.builds(
    ProductFacts,
    name=nasty,
    product_type=st.one_of(st.sampled_from(WORDS), nasty),
    technique=st.one_of(st.none(), st.sampled_from(TECHNIQUES), st.just("unknown_technique")),
    materials=st.lists(st.one_of(st.sampled_from(MATERIALS), nasty), max_size=3).map(tuple),
    motif=st.one_of(st.sampled_from(MOTIFS), nasty),
    region=st.one_of(st.sampled_from(REGIONS), nasty),
    colours=st.lists(nasty, max_size=3).map(tuple),
    sizes=st.lists(st.one_of(st.sampled_from(["S", "M", "L", "XL", "All Size"]), nasty),
                   max_size=4).map(tuple),
    dimensions=st.one_of(st.sampled_from(["", "200 x 115 cm", "2 x 1,15 m"]), nasty),
    weight_g=maybe_int, price=maybe_int, stock=maybe_int, sku=nasty,
    care_notes=st.lists(nasty, max_size=6).map(tuple),
    made_to_order_days=st.one_of(st.none(), st.integers(-5, 400)),
    dye=st.one_of(st.none(), st.sampled_from(DYES), st.just("x")),
)
brands = st.builds(
    BrandFacts,
    name=st.one_of(st.sampled_from(["Batik Sekar Lasem", "Batik 45", "TENUN JAYA", "Sekar"]),
                   nasty),
    city=nasty, province=nasty, story_hook=nasty, instagram=nasty, story_hook_en=nasty,
    tone=st.sampled_from(["anda", "kamu", "kak", "bos"]),
)
PROPERTY = settings(max_examples=examples(60), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def brand_name(listing_writer_brand: BrandFacts, channel) -> str:
    """Return the brand name as the copywriter uses it."""
    return Writer(ProductFacts(), listing_writer_brand, channel, channel.language, None).brand_name


def assert_within_limits(channel, listing):
    """Every generated field fits the channel's figures."""
    if channel.title is not None:
        length = text_length(listing.title)
        assert 0 < length <= channel.title.target_max(), listing.title
        assert length >= channel.title.value("min", 0), listing.title
    else:
        assert listing.title == ""
    if channel.description is not None:
        length = text_length(listing.description)
        assert channel.description.value("min", 1) <= length <= channel.description.max.value
        assert len(listing.description.split()) >= channel.description.value("min_words", 0)
    else:
        assert listing.description == ""
    for text in (listing.caption, listing.catalogue_text):
        if text:
            assert text_length(text) <= channel.caption.target_max()
    if channel.hashtags is not None:
        assert len(listing.hashtags) <= channel.hashtags.target_max()
        each = channel.hashtags.max_chars_each
        assert all(text_length(tag) <= (each.value if each else 30) + 1 for tag in
                   listing.hashtags)
    else:
        assert listing.hashtags == ()
    if channel.bullets is not None:
        assert 0 < len(listing.bullets) <= channel.bullets.max_count.value
        assert all(text_length(b) <= channel.bullets.max_chars.value for b in listing.bullets)


@PROPERTY
@given(product=products, brand=brands)
def test_random_products_fit_every_channel_pass_the_checker_and_never_repeat(product, brand):
    for channel in CHANNELS:
        listing = write_listing(product, brand, channel)
        assert_within_limits(channel, listing)
        findings = check_listing(channel, listing, product=product, brand=brand_name(brand,
                                                                                      channel))
        assert not [f.to_dict("en") for found in findings.values() for f in blocking(found)]
        for text in (listing.title, listing.description, listing.caption,
                     listing.catalogue_text, *listing.bullets, *listing.hashtags):
            assert not text or text[0] not in FORMULA_START, text  # safe in a bulk sheet
            assert not re.search(r"<\s*/?\s*[a-z]+[^<>]*>", text, re.IGNORECASE), text
        assert not EMOJI.search(listing.title)
        # a title never repeats a word (the brand is a name: its words may recur once)
        counts = Counter(keywords(mask(listing.title, [brand_name(brand, channel)])))
        assert [word for word, count in counts.items() if count > 1] == [], listing.title


structured = st.builds(
    ProductFacts,
    name=st.sampled_from(["", "Sekar Jagad Merah", "Latohan Sogan"]),
    product_type=st.sampled_from(WORDS),
    technique=st.one_of(st.none(), st.sampled_from(TECHNIQUES)),
    materials=st.lists(st.sampled_from(MATERIALS), max_size=2, unique=True).map(tuple),
    motif=st.one_of(st.just(""), st.sampled_from(MOTIFS)),
    region=st.one_of(st.just(""), st.sampled_from(REGIONS)),
    colours=st.sampled_from([(), ("Merah",), ("Biru", "Putih")]),
    dimensions=st.sampled_from(["", "200 x 115 cm", "2 x 1,15 m"]),
)


@settings(max_examples=examples(40), deadline=None)
@given(product=structured, brand_name_=st.sampled_from(["Batik Sekar Lasem", "Rumah Kriya"]))
def test_titles_grow_from_the_owners_title(product, brand_name_):
    """In the owner's language the owner's title is kept as written and only what it lacks is
    added, in the channel's pattern order, each word once, within the recommended length;
    elsewhere (English channels, no name) the parts keep the pattern order."""
    brand = BrandFacts(name=brand_name_)
    for channel in CHANNELS:
        if channel.title is None:
            continue
        writer = Writer(product, brand, channel, channel.language, None)
        listing = write_listing(product, brand, channel)
        title = listing.title
        assert text_length(title) <= channel.title.target_max(), (channel.id, title)
        core = said_once(title_safe(writer.owner(product.name, "title", 10_000)))
        if not writer.en and core:
            assert core in title, (channel.id, title)
            positions = [title.find(part) for part in listing.added_to_title]
            after = [p for p, part in zip(positions, listing.added_to_title, strict=True)
                     if part != brand_name_]
            assert all(p >= 0 for p in positions) and after == sorted(after), (channel.id, title)
            counts = Counter(keywords(mask(title, [brand_name_])))
            assert [w for w, c in counts.items() if c > 1] == [], (channel.id, title)
            continue
        parts = title_parts(writer)
        order = [(name, parts[name]) for name in channel.title.pattern.value if name in parts]
        positions = [title.find(text) for _, text in dedupe(order) if text in title]
        assert positions == sorted(positions), (channel.id, title, order)
        assert positions[0] == 0, (channel.id, title, order)


@settings(max_examples=examples(20), deadline=None)
@given(product=structured)
def test_the_same_input_gives_the_same_text(product):
    brand = BrandFacts(name="Batik Sekar Lasem", story_hook="Sejak 1998 kami membatik.")
    for channel in CHANNELS:
        assert write_listing(product, brand, channel) == write_listing(product, brand, channel)


def test_a_product_type_already_said_by_the_technique_still_gets_a_title():
    """Found by the property test above: on Etsy the technique comes first ("Stamped Batik"),
    so a product type of only "batik" loses every word to the repeat rule; the title must not
    come out empty."""
    product = ProductFacts(name="", product_type="batik batik batik batik", technique="batik_cap")
    for channel in load_channels():
        listing = write_listing(product, BrandFacts(name="Batik Sekar Lasem"), channel)
        assert_within_limits(channel, listing)
        if channel.title is not None:
            assert "batik" in listing.title.casefold(), (channel.id, listing.title)


def test_language_follows_the_channel():
    for channel in CHANNELS:
        listing = write_listing(LASEM, SEKAR, channel)
        text = listing.description or listing.caption
        if channel.language == "en":
            assert "PRODUCT DETAILS" in text and "DETAIL PRODUK" not in text
        elif channel.description is not None:
            assert "DETAIL PRODUK" in text and "PRODUCT DETAILS" not in text
    both = write_listing(LASEM, SEKAR, "instagram", language="both").caption
    assert "Harga: Rp1.250.000" in both and "Price: IDR 1,250,000" in both
    assert len(HASHTAG.findall(both)) <= 5
    with pytest.raises(ValueError, match="language must be one of"):
        write_listing(LASEM, SEKAR, "shopee", language="jv")


def test_money_is_written_the_puebi_way():
    product = ProductFacts(name="Kain", product_type="Kain", price=150_000)
    whatsapp = write_listing(product, SEKAR, "whatsapp").catalogue_text
    assert "Harga: Rp150.000" in whatsapp.split("\n")
    english = write_listing(product, SEKAR, "whatsapp", language="en").catalogue_text
    assert "Price: IDR 150,000" in english.split("\n")
    caption = write_listing(LASEM, SEKAR, "instagram").caption
    assert "• Harga: Rp1.250.000" in caption.split("\n")


# --- readable examples ------------------------------------------------------------------------

LASEM = ProductFacts(
    name="Kain Latohan Merah", product_type="Kain panjang", technique="batik_tulis",
    materials=("mori_primissima",), motif="latohan", region="lasem", colours=("Merah", "Krem"),
    dimensions="250 x 105 cm", weight_g=350, price=1_250_000, stock=3, sku="BSL-LTH-001",
    made_to_order_days=30, dye="pewarna_alam")
SEKAR = BrandFacts(
    name="Batik Sekar Lasem", city="Lasem, Rembang", province="Jawa Tengah", tone="anda",
    instagram="batiksekarlasem",
    story_hook="Sejak 1998, Ibu Sari dan dua belas pembatik Desa Babagan mencanting setiap kain "
               "dengan tangan. Merah khas Lasem kami celup sendiri.")


@pytest.mark.parametrize(("channel_id", "title"), [
    # the owner's own "Kain Latohan Merah" stays as written; only what it lacks is added
    ("shopee", "Batik Sekar Lasem Kain Latohan Merah Batik Tulis Mori Primissima Khas Lasem "
               "250 x 105 cm"),
    ("tiktok_shop", "Batik Sekar Lasem Kain Latohan Merah Batik Tulis Mori Primissima Khas Lasem "
                    "250 x 105 cm"),
    ("tokopedia", "Kain Latohan Merah Batik Tulis Batik Sekar Lasem Mori Primissima"),
    ("etsy", "Hand-Drawn Batik Tulis Long Cloth from Lasem, Latohan Motif, Primissima Mori "
             "Cotton, 250 x 105 cm"),
    ("amazon", "Batik Sekar Lasem Hand-Drawn Batik Tulis Long Cloth, Latohan Motif, 250 x 105 cm"),
])
def test_example_titles(channel_id, title):
    assert write_listing(LASEM, SEKAR, channel_id).title == title


SHOPEE_DESCRIPTION = """\
Sejak 1998, Ibu Sari dan dua belas pembatik Desa Babagan mencanting setiap kain dengan tangan. \
Merah khas Lasem kami celup sendiri.

DETAIL PRODUK
• Nama: Kain Latohan Merah
• Jenis: Kain panjang
• Teknik: Batik tulis. Motif dibuat dengan canting tulis yang menorehkan malam panas sebagai \
perintang warna, sehingga garis dan isennya tidak pernah persis sama.
• Motif: Latohan
• Asal: Lasem, Rembang, Jawa Tengah
• Dibuat oleh: Batik Sekar Lasem, Lasem, Rembang
• Dibuat setelah pesanan masuk, sekitar 30 hari.
• Kode produk: BSL-LTH-001

BAHAN
• Mori primissima
• Pewarna alam

UKURAN
• 250 x 105 cm
• Berat: 350 gram

WARNA
• Merah, krem

PERAWATAN
• Cuci dengan tangan, bukan dengan mesin cuci.
• Gunakan deterjen lembut tanpa pemutih, lerak, atau sabun khusus batik.
• Gunakan air bersuhu biasa, bukan air panas.
• Jangan memeras kain dengan kuat.
• Jangan merendam lebih dari 15–30 menit.

CATATAN
• Warna pada foto dapat sedikit berbeda dari aslinya karena pencahayaan dan pengaturan layar.
• Setiap produk dibuat dengan tangan, sehingga motif, warna, dan ukuran dapat sedikit berbeda \
antarproduk. Ini ciri khas buatan tangan, bukan cacat.
• Aroma khas malam (lilin batik) pada kain baru adalah hal yang wajar.
• Pewarna alam dapat memudar perlahan; cuci dengan tangan dan jemur di tempat teduh.
• Silakan kirim pesan kepada penjual bila ada pertanyaan tentang ukuran, warna, atau perawatan \
sebelum memesan.

#batiktulis #batiklasem #batik #lasem #motiflatohan"""


def test_example_shopee_description():
    listing = write_listing(LASEM, SEKAR, "shopee")
    assert listing.description == SHOPEE_DESCRIPTION
    assert listing.hashtags == ("#batiktulis", "#batiklasem", "#batik", "#lasem", "#motiflatohan")


def test_example_whatsapp_catalogue_text():
    assert write_listing(LASEM, SEKAR, "whatsapp").catalogue_text == (
        "*Kain Latohan Merah Batik Tulis Khas Lasem Mori Primissima*\n"
        "Harga: Rp1.250.000\n"
        "Mori primissima · 250 x 105 cm\n"
        "Dibuat setelah pesanan masuk, sekitar 30 hari.\n"
        "Sejak 1998, Ibu Sari dan dua belas pembatik Desa Babagan mencanting setiap kain dengan "
        "tangan. Merah khas Lasem kami celup sendiri.\n"
        "Balas pesan ini untuk memesan.")


def test_english_copy_names_type_province_and_colours_from_the_vocabulary():
    description = write_listing(LASEM, SEKAR, "etsy").description
    for line in ("• Type: Long Cloth", "• Origin: Lasem, Rembang, Central Java",
                 "COLOURS\n• Red, cream", "• Weight: 350 g"):
        assert line in description
    shopee = write_listing(LASEM, SEKAR, "shopee").description
    assert "• Asal: Lasem, Rembang, Jawa Tengah" in shopee and "WARNA\n• Merah, krem" in shopee


def test_printed_cloth_is_never_called_batik():
    product = ProductFacts(product_type="Kemeja batik", technique="printing_motif_batik",
                           materials=("katun",), motif="Parang Rusak", sizes=("M", "L", "XL"))
    brand = BrandFacts(name="Batik 45")
    assert write_listing(product, brand, "shopee").title == (
        "Batik 45 Kemeja Motif Batik (Printing) Parang Rusak Katun M/L/XL")
    assert write_listing(product, brand, "etsy").title == (
        "Printed Batik-Pattern Shirt, Parang Rusak Motif, Cotton, M/L/XL")
    assert "#motifbatik" in write_listing(product, brand, "shopee").hashtags


def test_machine_woven_cloth_is_named_tenun_mesin():
    product = ProductFacts(product_type="Kain Tenun Ikat ATBM", technique="tenun_mesin",
                           region="troso", dimensions="2 x 1,15 m")
    assert write_listing(product, BrandFacts(name="Rumah Kriya"), "shopee").title == (
        "Rumah Kriya Kain Tenun Mesin Ikat Khas Troso 2 x 1,15 m")


def test_contacts_in_the_story_stay_off_marketplaces_but_reach_instagram():
    brand = BrandFacts(name="Batik Sekar Lasem",
                       story_hook="Kain dicanting tangan di Lasem. Pesan lewat WA 0812-3456-7890.")
    shopee = write_listing(LASEM, brand, "shopee").description
    assert shopee.startswith("Kain dicanting tangan di Lasem.\n") and "0812" not in shopee
    assert "WA 0812-3456-7890" in write_listing(LASEM, brand, "instagram").caption


def test_amazon_gets_english_bullets():
    bullets = write_listing(LASEM, SEKAR, "amazon").bullets
    assert len(bullets) == 5
    assert bullets[0].startswith("Hand-drawn batik (batik tulis): The motif is drawn")
    assert bullets[-1].startswith("Each piece is handmade")


def test_etsy_tags_are_short_phrases():
    tags = write_listing(LASEM, SEKAR, "etsy").hashtags
    assert tags[:3] == ("batik tulis", "hand drawn batik", "lasem batik")
    assert all(len(tag) <= 20 and "#" not in tag for tag in tags)
    assert hashtags_in(", ".join(tags), "tags") == list(tags)


def test_the_owners_title_and_hashtags_reach_the_texts_that_quote_them():
    mine = ("#kainlasem", "#batiksekar")
    listing = write_listing(LASEM, SEKAR, "shopee", hashtags=mine)
    assert listing.description.endswith("\n\n#kainlasem #batiksekar")
    assert listing.hashtags == write_listing(LASEM, SEKAR, "shopee").hashtags  # still written
    caption = write_listing(LASEM, SEKAR, "instagram", hashtags=mine).caption
    assert caption.endswith("#kainlasem #batiksekar")
    whatsapp = write_listing(LASEM, SEKAR, "whatsapp", title="Kain Lasem Merah")
    assert whatsapp.catalogue_text.startswith("*Kain Lasem Merah*\nHarga: Rp1.250.000")
    assert whatsapp.title == write_listing(LASEM, SEKAR, "whatsapp").title


def test_the_owners_hashtags_never_bring_a_blocking_finding_into_the_description():
    channel = CHANNELS[0]
    listing = write_listing(LASEM, SEKAR, channel, hashtags=[f"#tag{i}" for i in range(30)])
    assert "#tag0" not in listing.description
    assert not blocking(check_listing(channel, listing, product=LASEM)["description"])


@pytest.mark.parametrize("technique", ["ecoprint", "jumputan", "tatah_timbul", "jahit_tangan",
                                       "tenun_mesin"])
def test_reference_notes_never_reach_a_listing(technique):
    """A technique whose vocabulary text is a note for us ("definisi tekniknya belum
    diverifikasi", "disebut sebagai ciri sentra ...") is named in listings, never explained."""
    entry = vocabulary().get("techniques", technique)
    note_id, note_en = entry.extra["description_id"], entry.extra["description_en"]
    for channel_id in ("shopee", "etsy", "amazon"):
        listing = write_listing(ProductFacts(name="Kain", product_type="Kain",
                                             technique=technique, price=150_000),
                                BrandFacts(name="Sekar"), channel_id)
        text = " ".join((listing.description, *listing.bullets))
        assert note_id not in text and note_en not in text


def test_payment_outside_the_platform_stays_off_marketplaces_but_reaches_instagram():
    brand = BrandFacts(name="Batik Sekar Lasem",
                       story_hook="Kain dicanting tangan di Lasem. Transfer langsung ke BCA "
                                  "1234567890 biar lebih murah.")
    for channel in ("shopee", "tokopedia", "tiktok_shop"):
        description = write_listing(LASEM, brand, channel).description
        assert description.startswith("Kain dicanting tangan di Lasem.\n")
        assert "BCA" not in description and "1234567890" not in description
    assert "Transfer langsung ke BCA" in write_listing(LASEM, brand, "instagram").caption


SUMBA = ProductFacts(
    name="Kain Tenun Ikat Sumba Hinggi Motif Kuda Pewarna Alam", product_type="kain",
    technique="ikat_lungsi", materials=("katun", "benang kapas pintal tangan"),
    motif="Kuda dan Rusa", region="sumba", colours=("Merah Marun", "gold"),
    dimensions="240 x 110 cm", price=2_500_000, dye="pewarna_alam")
RENDE = BrandFacts(name="Tenun Rende", city="Waingapu", province="Nusa Tenggara Timur",
                   story_hook="Mama Rambu menenun bersama dua belas perempuan di Rende.")


@pytest.mark.parametrize("channel_id", ["etsy", "amazon"])
def test_english_copy_holds_no_indonesian_words(channel_id):
    """One language at a time: typed Indonesian (a motif, a colour, a material, the name) is
    translated from the vocabulary or left out; craft words of the glossary and names stay."""
    listing = write_listing(SUMBA, RENDE, channel_id)
    text = " ".join([listing.title, listing.description, *listing.bullets, *listing.hashtags])
    assert indonesian_in(text) == [], (indonesian_in(text), text)
    assert "Maroon" in text or "maroon" in text  # merah marun, from the vocabulary
    assert "Ikat" in listing.title and "Sumba" in text


@settings(max_examples=examples(30), deadline=None)
@given(product=structured, typed=st.sampled_from(
    ["Kuda dan Rusa", "benang kapas pintal tangan", "Merah Marun", "daun pandan kering"]))
def test_english_channels_never_mix_in_typed_indonesian(product, typed):
    product = replace(product, motif=typed, colours=(typed,), materials=(typed,),
                      name=f"{product.name} {typed}")
    for channel in CHANNELS:
        if channel.language != "en":
            continue
        listing = write_listing(product, SEKAR, channel)
        text = " ".join([listing.title, listing.description, listing.caption, *listing.bullets,
                         *listing.hashtags])
        assert typed not in text, (channel.id, text)


def test_indonesian_copy_names_an_english_typed_colour_in_indonesian():
    product = replace(LASEM, colours=("gold", "Merah"))
    description = write_listing(product, SEKAR, "shopee").description
    assert "WARNA\n• Emas, merah\n" in description and "gold" not in description
