"""The rule checker: realistic violations and realistic clean texts for every rule, per channel."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from webapp.listings.channels import get_channel
from webapp.listings.copywriter import BrandFacts, Listing, ProductFacts, write_listing
from webapp.listings.rules import (
    FIXES,
    MESSAGES,
    Gap,
    check_listing,
    check_text,
    completeness,
    scrub,
    text_length,
)

DESCRIPTION = ("Kain batik tulis dari Lasem, dicanting tangan oleh pembatik Desa Babagan.\n"
               "• Bahan: mori primissima\n• Ukuran: 250 x 105 cm\n• Berat: 350 gram\n"
               "Cuci dengan tangan dan jemur di tempat teduh.")
TIKTOK_29_WORDS = " ".join(["kain"] * 29)


def case(name, channel, field, text, expect, *, technique=None, brand=None, title=None):
    """One row of the table: expect is a set of (rule, severity); empty means no finding."""
    return pytest.param(channel, field, text, set(expect), technique, brand, title, id=name)


VIOLATIONS = [
    # lengths
    case("shopee title over 255", "shopee", "title", "Kain Batik Tulis Lasem " * 12,
         {("length.max", "block")}),
    case("tokopedia title over unverified 70 is advice", "tokopedia", "title",
         "Kain Batik Tulis Lasem Motif Latohan Mori Primissima Pewarna Alam 250 cm",
         {("length.max", "advice")}),
    case("tokopedia title under recommended 40", "tokopedia", "title", "Kain Batik Lasem",
         {("length.recommended_min", "advice")}),
    case("shopee title under 5", "shopee", "title", "Kain", {("length.min", "block")}),
    case("empty title", "lazada", "title", "   ", {("length.empty", "block")}),
    case("shopee description under 20", "shopee", "description", "Kain batik bagus.",
         {("length.min", "block")}),
    case("shopee description between 20 and the advised 100", "shopee", "description",
         "Kain batik tulis Lasem, dicanting tangan.", {("length.recommended_min", "advice")}),
    case("html in a tiktok description is advice: its editor takes rich text", "tiktok_shop",
         "description", "<b>" + DESCRIPTION + " " + TIKTOK_29_WORDS + "</b>",
         {("format.html", "advice")}),
    case("tokopedia description over 2000", "tokopedia", "description", DESCRIPTION * 12,
         {("length.max", "block")}),
    case("tiktok description under 30 words", "tiktok_shop", "description", TIKTOK_29_WORDS,
         {("words.min", "block")}),
    case("whatsapp caption over 1024", "whatsapp", "caption", "Kain batik tulis. " * 60,
         {("length.max", "block")}),
    case("whatsapp catalogue text over the 500 proposal", "whatsapp", "caption",
         "Kain batik tulis. " * 30, {("length.recommended_max", "advice")}),
    case("amazon title over the 80 style advice", "amazon", "title",
         "Batik Sekar Lasem Hand-Drawn Batik Tulis Long Cloth, Latohan Motif, Cotton, 250 cm",
         {("length.recommended_max", "advice")}),
    # contacts, links, handles
    case("phone number", "shopee", "description",
         DESCRIPTION + "\nInfo lebih lanjut: 0812-3456-7890", {("contact.phone", "block")}),
    case("phone number +62 with spaces", "tiktok_shop", "title",
         "Kain Batik Tulis Lasem +62 812 3456 7890", {("contact.phone", "block")}),
    case("phone number 62 without plus", "lazada", "description",
         DESCRIPTION + "\nHub 6281234567890", {("contact.phone", "block")}),
    case("landline with area code", "blibli", "description",
         DESCRIPTION + "\nTelp (0295) 531 234", {("contact.phone", "block")}),
    case("wa.me link", "shopee", "description", DESCRIPTION + "\nwa.me/6281234567890",
         {("contact.whatsapp_link", "block")}),
    case("api.whatsapp.com link", "tokopedia", "description",
         DESCRIPTION + "\nhttps://api.whatsapp.com/send?phone=6281234567890",
         {("contact.whatsapp_link", "block")}),
    case("whatsapp named", "shopee", "description", DESCRIPTION + "\nTanya stok via WhatsApp ya",
         {("contact.messenger", "block")}),
    case("WA named", "tiktok_shop", "description", DESCRIPTION + "\nOrder lewat WA lebih cepat",
         {("contact.messenger", "block")}),
    case("e-mail address", "lazada", "description", DESCRIPTION + "\nEmail: sari@batiklasem.id",
         {("contact.email", "block")}),
    case("url", "shopee", "description", DESCRIPTION + "\nKatalog: https://batiksekarlasem.id",
         {("contact.url", "block")}),
    case("bare domain", "etsy", "description",
         "Hand-drawn batik from Lasem. More at batiksekarlasem.co.id", {("contact.url", "block")}),
    case("instagram handle", "shopee", "description", DESCRIPTION + "\nFollow @batiksekarlasem",
         {("contact.handle", "block")}),
    case("instagram named", "shopee", "description", DESCRIPTION + "\nLihat koleksi di Instagram",
         {("contact.social", "advice")}),
    case("links banned in whatsapp catalogue", "whatsapp", "description",
         DESCRIPTION + "\nKatalog lengkap: https://batiksekarlasem.id", {("contact.url", "block")}),
    case("facebook catalogue bans phone numbers", "facebook", "description",
         DESCRIPTION + "\nHubungi 0812 3456 7890", {("contact.phone", "block")}),
    # other marketplaces
    case("tokopedia named on shopee", "shopee", "description",
         DESCRIPTION + "\nJuga tersedia di Tokopedia", {("marketplace.other", "block")}),
    case("tokped named on lazada", "lazada", "title", "Kain Batik Tulis Lasem Ready Tokped",
         {("marketplace.other", "block")}),
    case("tiktok named on tiktok shop", "tiktok_shop", "title", "Kain Batik Tulis Viral TikTok",
         {("marketplace.other", "block")}),
    case("shopee named on etsy", "etsy", "description", "Hand-drawn batik. Also on Shopee.",
         {("marketplace.other", "block")}),
    # titles: promotion, symbols, emoji, caps, repeats
    case("murah in a shopee title", "shopee", "title", "Kain Batik Tulis Lasem Murah",
         {("title.promo", "block")}),
    case("gratis ongkir in a tiktok title", "tiktok_shop", "title",
         "Kain Batik Tulis Lasem Gratis Ongkir", {("title.promo", "block")}),
    case("percent off in a tiktok title", "tiktok_shop", "title",
         "Kain Batik Tulis Lasem 50% OFF", {("title.promo", "block")}),
    case("best seller in an amazon title", "amazon", "title",
         "Hand-Drawn Batik Tulis Cloth Best Seller", {("title.promo", "block")}),
    case("murah on tokopedia is advice", "tokopedia", "title",
         "Kain Batik Tulis Lasem Motif Latohan Murah Meriah", {("title.promo", "advice")}),
    case("exclamation marks in a tiktok title", "tiktok_shop", "title",
         "Kain Batik Tulis Lasem Asli!!!", {("title.symbols", "block")}),
    case("dollar sign in an etsy title", "etsy", "title", "Hand-Drawn Batik Tulis Cloth $ Lasem",
         {("title.symbols", "block")}),
    case("emoji in a tiktok title", "tiktok_shop", "title", "Kain Batik Tulis Lasem 🔥✨",
         {("title.emoji", "block")}),
    case("star symbol in an amazon title", "amazon", "title", "★ Hand-Drawn Batik Tulis Cloth",
         {("title.emoji", "block")}),
    case("emoji in a shopee title is advice", "shopee", "title", "Kain Batik Tulis Lasem 🌸",
         {("title.emoji", "advice")}),
    case("all caps in a whatsapp item name", "whatsapp", "title", "KAIN BATIK TULIS LASEM",
         {("title.all_caps", "block")}),
    case("all caps in a shopee title is advice", "shopee", "title", "KAIN BATIK TULIS LASEM",
         {("title.all_caps", "advice")}),
    case("a word three times on amazon", "amazon", "title",
         "Batik Cloth Batik Sarong Batik Fabric", {("title.repeated_word", "block")}),
    # hashtags
    case("six hashtags on instagram", "instagram", "caption",
         "Kain batik tulis Lasem.\n#batik #batiktulis #lasem #wastra #kain #handmade",
         {("hashtags.max", "block")}),
    case("nineteen hashtags in a shopee description", "shopee", "description",
         DESCRIPTION + "\n" + " ".join(f"#tag{i}" for i in range(19)),
         {("hashtags.max", "block")}),
    case("six hashtags in a shopee description is advice", "shopee", "description",
         DESCRIPTION + "\n#batik #batiktulis #lasem #wastra #kain #handmade",
         {("hashtags.recommended_max", "advice")}),
    case("fourteen etsy tags", "etsy", "hashtags", ", ".join(f"tag {i}" for i in range(14)),
         {("hashtags.max", "block")}),
    case("etsy tag over 20 characters", "etsy", "hashtags",
         "batik tulis, hand drawn batik from lasem", {("hashtags.tag_length", "block")}),
    # format and duplicates
    case("html in a shopee description", "shopee", "description",
         "<p>" + DESCRIPTION + "</p><br>", {("format.html", "block")}),
    case("description equals title on whatsapp", "whatsapp", "description",
         "Kain Batik Tulis Lasem Motif Latohan", {("description.same_as_title", "block")},
         title="Kain batik tulis Lasem motif Latohan"),
    case("description equals title on shopee is advice", "shopee", "description",
         "Kain Batik Tulis Lasem Motif Latohan Mori Primissima Pewarna Alam Ukuran 250 x 105 cm "
         "Dicanting Tangan oleh Pembatik Desa Babagan",
         {("description.same_as_title", "advice")},
         title="Kain Batik Tulis Lasem Motif Latohan Mori Primissima Pewarna Alam Ukuran 250 x "
               "105 cm Dicanting Tangan oleh Pembatik Desa Babagan"),
    # batik and tenun naming (SNI 0239:2014, SNI 8184:2015)
    case("batik printing named as batik", "shopee", "title", "Kemeja Batik Printing Parang Solo",
         {("naming.batik_printing", "block")}),
    case("print batik without a product", "lazada", "title", "Kain Print Batik Mega Mendung",
         {("naming.batik_printing", "block")}),
    case("printed product called batik", "shopee", "title",
         "Kemeja Batik Parang Solo Lengan Panjang",
         {("naming.batik_printing", "block"), ("naming.printing_unsaid", "advice")},
         technique="printing_motif_batik"),
    case("printed product called batik tulis", "tokopedia", "description",
         DESCRIPTION, {("naming.batik_printing", "block")}, technique="printing_motif_batik"),
    case("printed product hashtag #batiksolo", "shopee", "hashtags", "#motifbatik #batiksolo",
         {("naming.batik_printing", "block")}, technique="printing_motif_batik"),
    case("printed product called handmade", "shopee", "title",
         "Kemeja Motif Batik (Printing) Handmade", {("naming.handmade_claim", "block")},
         technique="printing_motif_batik"),
    case("batik cap called batik tulis", "shopee", "title", "Kain Batik Tulis Pekalongan",
         {("naming.batik_tulis", "block")}, technique="batik_cap"),
    case("machine-woven cloth called tenun ikat", "shopee", "title", "Kain Tenun Ikat Troso",
         {("naming.tenun", "block")}, technique="tenun_mesin"),
    case("machine-woven cloth called ATBM", "lazada", "title", "Kain Tenun Mesin ATBM Troso",
         {("naming.tenun", "block")}, technique="tenun_mesin"),
    case("printed tenun without a product", "shopee", "title", "Kain Tenun Printing Sumba",
         {("naming.tenun", "block")}),
    # bulk-upload sheets (CSV injection)
    case("sheet cell starting with =", "shopee", "sheet_cell", '=HYPERLINK("http://x.id","Klik")',
         {("sheet.formula", "block")}),
    case("sheet cell starting with +", "shopee", "sheet_cell", "+6281234567890",
         {("sheet.formula", "block")}),
    case("sheet cell starting with -", "tokopedia", "sheet_cell", "-2+3+cmd|' /C calc'!A0",
         {("sheet.formula", "block")}),
    case("sheet cell starting with @", "shopee", "sheet_cell", "@SUM(1+1)*cmd",
         {("sheet.formula", "block")}),
    case("sheet cell starting with tab", "shopee", "sheet_cell", "\t=1+1",
         {("sheet.formula", "block")}),
    case("sheet cell starting with carriage return", "shopee", "sheet_cell", "\r=1+1",
         {("sheet.formula", "block")}),
]

PAYMENT_TEXT = "Bisa transfer langsung ke BCA 1234567890 biar lebih murah."
MARKETPLACES = ("shopee", "tokopedia", "tiktok_shop", "lazada", "blibli", "etsy", "amazon")
VIOLATIONS += [
    case(f"off-platform payment on {channel}", channel, "description",
         DESCRIPTION + "\n" + PAYMENT_TEXT,
         {("payment.off_platform", "block"), ("payment.account_number", "block")})
    for channel in MARKETPLACES
] + [
    case(f"off-platform payment is advice on {channel}", channel, "caption",
         "Kain batik tulis Lasem. " + PAYMENT_TEXT,
         {("payment.off_platform", "advice"), ("payment.account_number", "advice")})
    for channel in ("instagram", "whatsapp", "facebook")
] + [
    case(f"payment: {text}", "shopee", "description", DESCRIPTION + "\n" + text,
         {("payment.off_platform", "block")})
    for text in ("Pembayaran bisa via OVO, GoPay atau DANA.", "No. rek Mandiri a.n. Sari.",
                 "Bisa COD langsung di Lasem.", "Bayar di luar aplikasi lebih hemat.",
                 "Transfer via Bank Mandiri juga bisa.", "Norek BRI menyusul lewat chat.",
                 "Tersedia pembayaran QRIS.", "Transaksi langsung dengan pengrajin.")
] + [
    case("english: pay directly", "etsy", "description",
         "Hand-drawn batik from Lasem. Message me to pay directly by bank transfer and save fees.",
         {("payment.off_platform", "block")}),
    case("shopeepay on tokopedia", "tokopedia", "description",
         DESCRIPTION + "\nBisa bayar pakai ShopeePay.", {("payment.off_platform", "block")}),
]

CLEAN = [
    case("everyday words that are also bank or wallet names", "shopee", "description",
         DESCRIPTION + "\nSebagian dana hasil penjualan membantu perempuan penenun hidup mandiri; "
         "para pembatik kami jago mencanting dan motifnya seindah permata.", set()),
    case("shopeepay on shopee", "shopee", "description",
         DESCRIPTION + "\nBisa bayar pakai ShopeePay saat checkout.", set()),
    case("numbers owners write are not account numbers", "tokopedia", "description",
         DESCRIPTION + "\nHarga Rp1.250.000, ukuran 2 x 1,15 m, berat 350 gram, stok 12, "
         "sejak 2009, kode BSL-LTH-0012345678.", set()),
    case("price Rp150.000", "shopee", "title", "Kain Batik Tulis Lasem Rp150.000", set()),
    case("size 2 x 1,15 m", "shopee", "title", "Kain Tenun Ikat Sumba 2 x 1,15 m", set()),
    case("size 200 x 115 cm", "lazada", "title", "Kain Batik Cap Pekalongan 200 x 115 cm", set()),
    case("brand with a number", "shopee", "title", "Batik 45 Kemeja Batik Tulis Solo", set()),
    case("printed shirt from brand Batik 45", "shopee", "title",
         "Batik 45 Kemeja Motif Batik (Printing) Parang", set(),
         technique="printing_motif_batik", brand="Batik 45"),
    case("year", "shopee", "description",
         DESCRIPTION + "\nDibuat oleh keluarga pembatik sejak 1998.", set()),
    case("SKU codes", "tokopedia", "description",
         DESCRIPTION + "\nKode produk: BSL-LTH-0012 / SKU 081234", set()),
    case("price per piece with @", "shopee", "description",
         DESCRIPTION + "\nGrosir 3 pcs @Rp150.000, kirim jam 08.00 - 16.00 WIB.", set()),
    case("prices and sizes together", "tiktok_shop", "description",
         DESCRIPTION + "\nHarga Rp1.250.000 untuk ukuran 2 x 1,15 m; 200 x 115 cm tersedia "
         "juga. Setiap kain dicanting dengan tangan sehingga motifnya sedikit berbeda.", set()),
    case("shopee named on shopee", "shopee", "description",
         DESCRIPTION + "\nTerima kasih sudah berbelanja di Shopee kami.", set()),
    case("percent of cotton", "shopee", "title", "Kemeja Batik Cap 100 Persen Katun", set()),
    case("printed cloth named honestly", "shopee", "title",
         "Kemeja Motif Batik (Printing) Parang Solo Katun", set(),
         technique="printing_motif_batik"),
    case("printed cloth hashtag #motifbatik", "shopee", "hashtags", "#motifbatik #solo", set(),
         technique="printing_motif_batik"),
    case("english printed pattern", "etsy", "title", "Printed Batik-Pattern Shirt, Parang Motif",
         set(), technique="printing_motif_batik"),
    case("batik kombinasi named honestly", "shopee", "title",
         "Kain Batik Tulis dan Cap Pekalongan Motif Jlamprang", set(),
         technique="batik_kombinasi"),
    case("machine-woven named honestly", "shopee", "title", "Kain Tenun Mesin Troso Katun", set(),
         technique="tenun_mesin"),
    case("tenun atbm is tenun", "shopee", "title", "Kain Tenun ATBM Troso Motif Ikat", set(),
         technique="tenun_atbm"),
    case("acronyms are not all caps", "lazada", "title", "Kain Tenun ATBM NTT Motif Sumba", set()),
    case("brackets and commas on tiktok", "tiktok_shop", "title",
         "Batik Sekar Lasem Kain Batik Tulis (250 x 105 cm), Mori Primissima", set()),
    case("instagram caption may carry a WhatsApp number", "instagram", "caption",
         "Kain batik tulis Lasem. Pesan lewat WA 0812-3456-7890 atau DM @batiksekarlasem.\n"
         "#batiktulis #lasem", set()),
    case("whatsapp catalogue text with a phone number", "whatsapp", "caption",
         "*Kain Batik Tulis Lasem*\nHarga: Rp1.250.000\nTelepon toko: 0812-3456-7890", set()),
    case("three hashtags in a lazada description", "lazada", "description",
         DESCRIPTION + "\n#batik #lasem #wastra", set()),
    case("sheet cell with a plain title", "shopee", "sheet_cell", "Kain Batik Tulis Lasem", set()),
    case("sheet cell with an apostrophe", "shopee", "sheet_cell", "'=1+1", set()),
    case("sheet cell with Rp", "shopee", "sheet_cell", "Rp150.000", set()),
]


@pytest.mark.parametrize(("channel_id", "field", "text", "expect", "technique", "brand", "title"),
                         VIOLATIONS + CLEAN)
def test_checker_table(channel_id, field, text, expect, technique, brand, title):
    product = ProductFacts(technique=technique) if technique else None
    findings = check_text(get_channel(channel_id), field, text, product=product, brand=brand,
                          title=title)
    got = {(finding.rule, finding.severity) for finding in findings}
    if expect:
        assert expect <= got, [f.to_dict("en") for f in findings]
    else:
        assert got == set(), [f.to_dict("en") for f in findings]


@pytest.mark.parametrize(("channel_id", "field", "text", "expect", "technique", "brand", "title"),
                         VIOLATIONS)
def test_every_finding_explains_itself(channel_id, field, text, expect, technique, brand, title):
    product = ProductFacts(technique=technique) if technique else None
    findings = check_text(get_channel(channel_id), field, text, product=product, brand=brand,
                          title=title)
    assert findings
    for finding in findings:
        assert finding.code in MESSAGES and finding.fix in FIXES
        assert finding.source is not None and finding.source.url.startswith("http")
        assert finding.source.confidence in ("official", "third_party", "unverified")
        for language in ("id", "en"):
            message = finding.message(language)
            assert message and "{" not in message and "%(" not in message
            assert finding.fix_message(language)
        assert finding.message("en") != finding.message("id")  # the catalogue translated it
        if finding.span is not None:
            start, end = finding.span
            assert 0 <= start < end <= len(text)


def test_findings_carry_the_match_and_the_limit():
    shopee = get_channel("shopee")
    findings = check_text(shopee, "description", DESCRIPTION + "\nHubungi 0812 3456 7890")
    phone = next(f for f in findings if f.rule == "contact.phone")
    assert phone.params["match"] == "0812 3456 7890"
    assert phone.message("id") == ("Ada nomor telepon (0812 3456 7890); Shopee melarang kontak "
                                   "di luar platform.")
    assert phone.message("en") == ("There is a phone number (0812 3456 7890); Shopee bans "
                                   "off-platform contacts.")
    too_long = check_text(shopee, "title", "Kain " * 60)[0]
    assert too_long.params == {"length": 300, "limit": 255, "channel": "Shopee"}
    assert too_long.to_dict("en")["source"]["confidence"] == "third_party"


def test_messages_name_the_field_and_the_technique_in_the_owners_language():
    gap = Gap("title", "missing_field", "block", {"channel": "Shopee"}, "write_text")
    assert (gap.message("id"), gap.message("en")) == ("Judul belum ada.", "The title is missing.")
    assert (gap.fix_message("id"), gap.fix_message("en")) == ("Tulis teksnya.", "Write the text.")
    too_long = check_text(get_channel("shopee"), "title", "Kain " * 60)[0]
    assert too_long.message("id") == "Judul 300 karakter; batas Shopee 255 karakter."
    assert too_long.message("en") == "The title has 300 characters; Shopee allows 255."
    cap = ProductFacts(technique="batik_cap")
    tulis = next(f for f in check_text(get_channel("shopee"), "title", "Kain Batik Tulis Lasem",
                                       product=cap) if f.code == "wrong_batik_technique")
    assert tulis.message("id") == 'Teks menyebut "Batik Tulis", padahal tekniknya Batik cap.'
    assert tulis.message("en") == ('The text says "Batik Tulis", but the technique is Stamped '
                                   'batik (batik cap).')


def test_lengths_count_like_the_channels_forms():
    assert text_length("Kain") == 4
    assert text_length("🌸") == 2  # a UTF-16 surrogate pair, as browsers and Java count it


def test_a_blocking_finding_sorts_before_advice():
    findings = check_text(get_channel("shopee"), "title", "KAIN BATIK MURAH WA 081234567890")
    severities = [finding.severity for finding in findings]
    assert severities == sorted(severities, key=lambda s: s != "block")


def test_unknown_field_is_refused():
    with pytest.raises(ValueError, match="field must be one of"):
        check_text(get_channel("shopee"), "subtitle", "x")


def test_scrub_removes_contacts_and_marketplaces_but_keeps_the_rest():
    text = "Batik tulis Lasem. Hubungi 0812-3456-7890 atau @batiklasem, juga ada di Tokopedia."
    cleaned = scrub(get_channel("shopee"), "description", text)
    assert "0812" not in cleaned and "@batiklasem" not in cleaned and "Tokopedia" not in cleaned
    assert cleaned.startswith("Batik tulis Lasem.")
    assert scrub(get_channel("instagram"), "caption", text) == text


# --- listings and completeness ----------------------------------------------------------------

PRODUCT = ProductFacts(name="Kain Latohan Merah", product_type="Kain panjang",
                       technique="batik_tulis", materials=("mori_primissima",), motif="latohan",
                       region="lasem", dimensions="250 x 105 cm", weight_g=350, price=1_250_000,
                       stock=3, sku="BSL-LTH-001", parcel_weight_g=450,
                       parcel_dimensions=(30.0, 25.0, 4.0), photo_sizes=((3000, 3000),) * 5)
BRAND = BrandFacts(name="Batik Sekar Lasem", city="Lasem, Rembang", province="Jawa Tengah")


def test_a_generated_listing_with_photos_is_green():
    channel = get_channel("shopee")
    listing = write_listing(PRODUCT, BRAND, channel)
    result = completeness(channel, listing, product=PRODUCT, brand=BRAND, photo_count=5)
    assert (result.light, result.score, result.missing) == ("green", 100, ())


def test_missing_photos_and_weight_turn_the_light_red():
    channel = get_channel("shopee")
    product = ProductFacts(product_type="Kain", technique="batik_tulis", price=150_000)
    listing = write_listing(product, BRAND, channel)
    result = completeness(channel, listing, product=product, photo_count=0)
    codes = {(gap.field, gap.code, gap.severity) for gap in result.missing}
    assert ("photos", "missing_photos", "block") in codes
    assert ("product", "missing_weight", "block") in codes
    assert result.light == "red" and result.score < 100
    assert all(gap.message("id") and gap.message("en") for gap in result.missing)
    assert {gap.fix_message("id") for gap in result.missing} >= {
        "Tambahkan foto produk.", "Lengkapi data produk."}
    assert "Add product photos." in {gap.fix_message("en") for gap in result.missing}


def test_readiness_counts_the_parcel_the_category_and_the_photos_sizes():
    """A Tokopedia listing needs the parcel's weight and the template's own category; every
    channel needs photos of at least its smallest size; Meta's feed needs public photo links."""
    tokopedia, tiktok = get_channel("tokopedia"), get_channel("tiktok_shop")
    bare = ProductFacts(**{**vars(PRODUCT), "parcel_weight_g": None,
                           "parcel_dimensions": (30.0, None, None),
                           "photo_sizes": ((451, 300), (3000, 3000))})
    listing = write_listing(bare, BRAND, tokopedia)
    codes = {gap.code: gap for gap in completeness(tokopedia, listing, product=bare,
                                                   photo_count=2).missing}
    assert {"missing_weight", "no_template_for_category", "photo_too_small"} <= set(codes)
    assert codes["photo_too_small"].severity == "block"
    assert "451 × 300" in codes["photo_too_small"].message("id")
    assert codes["no_template_for_category"].fix == "upload_template"
    with_template = completeness(tokopedia, listing, product=bare, photo_count=2,
                                 has_template=True).missing
    assert "missing_category" in {gap.code for gap in with_template}
    chosen = ProductFacts(**{**vars(PRODUCT), "categories": {"tokopedia": "1759"}})
    result = completeness(tokopedia, write_listing(chosen, BRAND, tokopedia), product=chosen,
                          photo_count=5, has_template=True)
    assert result.light == "green", result.missing
    partial = completeness(get_channel("shopee"), write_listing(bare, BRAND, "shopee"),
                           product=bare, photo_count=2)
    assert "partial_parcel_size" in {gap.code for gap in partial.missing}
    assert "missing_parcel_size" in {gap.code for gap in completeness(
        tiktok, write_listing(bare, BRAND, tiktok), product=bare, photo_count=2).missing}
    feed = get_channel("facebook")
    listing = write_listing(PRODUCT, BRAND, feed)
    assert "no_photo_links" in {gap.code for gap in completeness(
        feed, listing, product=PRODUCT, photo_count=3).missing}
    assert "no_photo_links" not in {gap.code for gap in completeness(
        feed, listing, product=PRODUCT, photo_count=3, photo_links=True).missing}
    assert all(gap.message("en") and gap.fix_message("en")
               for gap in completeness(tokopedia, listing, product=bare, photo_count=2).missing
               if gap.fix)


def test_advice_only_turns_the_light_amber():
    channel = get_channel("amazon")
    listing = write_listing(PRODUCT, BRAND, channel)
    result = completeness(channel, listing, product=PRODUCT, photo_count=3)
    assert result.light == "amber"
    assert [gap.code for gap in result.missing] == ["fewer_photos_than_recommended"]
    assert 0 < result.score < 100


def test_an_edited_title_past_the_limit_blocks_until_fixed():
    channel = get_channel("lazada")
    listing = write_listing(PRODUCT, BRAND, channel)
    spoiled = Listing(**{**vars(listing), "title": listing.title + " Murah WA 081234567890"})
    result = completeness(channel, spoiled, product=PRODUCT, photo_count=4)
    assert result.light == "red"
    assert any(gap.field == "title" for gap in result.missing)
    assert completeness(channel, listing, product=PRODUCT, photo_count=4).light == "green"


def test_check_listing_counts_amazon_bullets():
    channel = get_channel("amazon")
    listing = Listing(channel="amazon", language="en", title="Hand-Drawn Batik Tulis Cloth",
                      description="A long cloth.", bullets=tuple(f"Point {i}" for i in range(6)))
    found = check_listing(channel, listing)["bullets"]
    assert [(f.rule, f.severity) for f in found] == [("bullets.max", "advice")]


def test_a_short_shopee_description_is_advised_not_blocked():
    """Shopee Indonesia refuses a description under 20 characters; 100 is only advised."""
    text = "Kain batik tulis Lasem, dicanting tangan."
    findings = check_text(get_channel("shopee"), "description", text)
    assert [(f.rule, f.severity) for f in findings] == [("length.recommended_min", "advice")]


def owner_numbers():
    """Numbers as owners write them in a listing: prices, sizes, weights, years, stock, codes."""
    price = st.integers(1_000, 99_000_000).map(lambda n: "Rp" + f"{n:,}".replace(",", "."))
    size = st.tuples(st.integers(1, 300), st.integers(0, 99), st.integers(1, 300)).map(
        lambda t: f"{t[0]},{t[1]} x {t[2]} cm")
    year = st.integers(1900, 2030).map(lambda n: f"sejak {n}")
    weight = st.integers(1, 20_000).map(lambda n: f"{n} gram")
    code = st.integers(0, 10**12).map(lambda n: f"SKU BSL-{n}")
    return st.lists(st.one_of(price, size, year, weight, code), min_size=1, max_size=6)


@settings(max_examples=200, deadline=None)
@given(owner_numbers())
def test_numbers_owners_write_never_read_as_payment(parts):
    text = DESCRIPTION + "\n" + ", ".join(parts) + "."
    rules = {finding.rule for finding in check_text(get_channel("shopee"), "description", text)}
    assert not {rule for rule in rules if rule.startswith("payment.")}, text


def test_meta_without_photo_links_says_why_truthfully():
    """Without PUBLIC_URL the owner asks the administrator; with it, the pack simply was built
    without links, and the fix is to ask for them."""
    channel = get_channel("facebook")
    listing = write_listing(ProductFacts(name="Kain Batik Tulis Lasem", price=150000),
                            BrandFacts(name="Batik Sekar Lasem"), channel)
    gaps = {gap.code: gap for gap in completeness(channel, listing, photo_count=3).missing}
    assert "no_photo_links" in gaps and "PUBLIC_URL" in gaps["no_photo_links"].message("id")
    gaps = {gap.code: gap for gap in completeness(channel, listing, photo_count=3,
                                                  public_url=True).missing}
    assert "no_photo_links" not in gaps
    assert "dibuat tanpa tautan foto" in gaps["photo_links_not_asked"].message("id")
    assert "PUBLIC_URL" not in gaps["photo_links_not_asked"].fix_message("id")
    assert "photos" not in {gap.field for gap in completeness(
        channel, listing, photo_count=3, photo_links=True, public_url=True).missing}
