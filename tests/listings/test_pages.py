"""Listing pages: per-channel lights and completeness, editable copy with counters and findings."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from tests.factories import create_brand, create_user
from webapp.db import get_session, transaction
from webapp.listings import service
from webapp.listings.channels import get_channel, load_channels
from webapp.listings.copywriter import write_listing
from webapp.models import Brand, ListingCopy, Photo, Product, User

SLUG = "batik-sekar-lasem"
LASEM = {
    "name": "Kain Batik Tulis Lasem Latohan Merah", "product_type": "Kain panjang",
    "category": "fashion", "technique": "batik_tulis", "materials": ["mori_primissima"],
    "motif": "Latohan", "region": "lasem", "colours": ["merah", "krem"], "length_cm": 200.0,
    "width_cm": 115.0, "weight_g": 300, "price": 1_250_000, "stock": 3, "sku": "SKL-001",
    "parcel_weight_g": 400, "parcel_length_cm": 30.0, "parcel_width_cm": 25.0,
    "parcel_height_cm": 4.0,
    "care_notes": "- Cuci dengan tangan memakai sabun lerak.\n- Jemur di tempat teduh.",
}
PROFILE = {"city": "Lasem, Rembang", "province": "Jawa Tengah",
           "people": "Ibu Sari Wulandari memimpin dua belas pembatik dari Desa Babagan, Lasem."}


def add_product(app, photos: int = 1, slug: str = SLUG, **fields) -> int:
    """Insert a product of the brand with slug, with photos rows; return its id."""
    with app.app_context(), transaction() as session:
        brand = session.scalar(select(Brand).where(Brand.slug == slug))
        product = Product(brand_id=brand.id, **{**LASEM, **fields})
        session.add(product)
        session.flush()
        for position in range(photos):
            session.add(Photo(product_id=product.id, position=position,
                              original=f"{position:064x}.jpg", width=1200, height=1200))
        return product.id


def url(product_id: int, path: str = "") -> str:
    """The listing pages of a product of the test brand."""
    return f"/brands/{SLUG}/products/{product_id}/listings/{path}"


def edits(app) -> dict[tuple[str, str], str]:
    """Every stored edit as {(channel, field): text}."""
    with app.app_context():
        rows = get_session().scalars(select(ListingCopy)).all()
        return {(row.channel_id, row.field): row.text for row in rows}


def section(page: str, field: str) -> str:
    """The part of a channel page about one field."""
    start = page.index(f'id="field-{field}"')
    end = page.find('<section class="card copy-field"', start)
    return page[start:end if end > 0 else len(page)]


def readiness(page: str) -> str:
    """The channel page's light and score box."""
    return page[page.index('class="card readiness"'):page.index("</section>")]


def textarea(page: str, field: str) -> str:
    """The text in a field's textarea, unescaped."""
    import html

    match = re.search(rf'id="{field}-text"[^>]*>\n(.*?)</textarea>', page, re.S)
    assert match, field
    return html.unescape(match.group(1))


@pytest.fixture
def owner(app, client, auth):
    """The logged-in owner of Batik Sekar Lasem."""
    user = auth.create()
    with app.app_context():
        create_brand(user, **PROFILE)
    auth.login()
    return client


# --- the overview ---------------------------------------------------------------------------------

def test_overview_shows_a_light_and_a_score_for_every_channel(app, owner):
    product_id = add_product(app)
    page = owner.get(url(product_id)).get_data(as_text=True)
    cards = page.split('<li class="channel-card')[1:]
    assert len(cards) == len(load_channels())
    for channel, card in zip(load_channels(), cards, strict=True):
        assert channel.name in card
        assert re.search(r"Kelengkapan \d{1,3}%", card)
        assert re.search(r'light--(green|amber|red)"><span class="light__dot" aria-hidden="true">'
                         r"</span> (Hijau|Kuning|Merah): ", card)  # words, not colour alone
    shopee = cards[0]
    assert "Hijau: siap diunggah" in shopee and "Kelengkapan 100%" in shopee
    lazada = next(card for card in cards if "Lazada" in card)  # Lazada wants two photos
    assert "Merah: ada yang memblokir" in lazada
    assert "Baru 1 foto; Lazada meminta minimal 2." in lazada


def test_overview_lists_what_is_missing_with_links_to_the_fix(app, owner):
    product_id = add_product(app, photos=0, parcel_weight_g=None, sku="")
    page = owner.get(url(product_id)).get_data(as_text=True)
    shopee = page.split('<li class="channel-card')[1]
    assert "Merah: ada yang memblokir" in shopee
    assert "Berat paket (gram) belum diisi; Shopee memerlukannya" in shopee
    assert f'href="/brands/{SLUG}/products/{product_id}/edit#paket"' in shopee
    assert "Baru 0 foto; Shopee meminta minimal 1." in shopee
    assert f'href="/brands/{SLUG}/products/{product_id}/photos/"' in shopee
    assert "Kode produk (SKU) belum diisi." in shopee  # advice, still listed
    assert 'edit#sku"' in shopee
    score = int(re.search(r"Kelengkapan (\d+)%", shopee).group(1))
    assert 0 < score < 100


def test_a_failing_field_links_to_its_place_on_the_channel_page(app, owner):
    product_id = add_product(app)
    owner.post(url(product_id, "tokopedia/title"), data={"text": "Kain batik MURAH " * 3})
    page = owner.get(url(product_id)).get_data(as_text=True)
    tokopedia = next(card for card in page.split('<li class="channel-card')
                     if "Tokopedia" in card)
    assert f'href="{url(product_id, "tokopedia")}#field-title"' in tokopedia


# --- the channel page -----------------------------------------------------------------------------

def test_channel_page_shows_the_generated_copy_within_the_limits(app, owner):
    product_id = add_product(app)
    page = owner.get(url(product_id, "shopee")).get_data(as_text=True)
    title = textarea(page, "title")
    with app.app_context():
        name = get_session().get(Product, product_id).name
    assert title.startswith(f"Batik Sekar Lasem {name} ")  # the owner's title, whole
    assert f"Judul Anda “{name}” tetap utuh; ditambahkan kata yang dicari pembeli:" in page
    assert 'data-limit="255"' in section(page, "title")
    assert f'<span id="title-text-count" class="counter">{len(title)}/255</span>' in page
    description = textarea(page, "description")
    assert "Ibu Sari Wulandari memimpin" in description  # the story hook opens it
    assert "Cuci dengan tangan memakai sabun lerak." in description
    assert f'<span id="description-text-count" class="counter">{len(description)}/3000' in page
    assert "counter--over" not in page
    assert 'data-copy="title-text"' in page and 'data-copy="description-text"' in page
    assert "Hijau: siap diunggah" in readiness(page)
    assert "Kembalikan ke teks otomatis" not in page  # nothing edited yet


def test_every_channel_page_opens_with_a_field_for_each_part(app, owner):
    product_id = add_product(app)
    for channel in load_channels():
        page = owner.get(url(product_id, channel.id)).get_data(as_text=True)
        fields = service.fields_of(channel)
        assert fields, channel.id
        assert [f'id="{field}-text"' in page for field in fields] == [True] * len(fields)
        assert page.count('<section class="card copy-field"') == len(fields)
        assert "counter--over" not in page, channel.id
    assert service.fields_of(get_channel("instagram")) == ("hashtags", "caption")
    assert service.fields_of(get_channel("whatsapp")) == ("title", "description",
                                                          "catalogue_text")
    assert service.fields_of(get_channel("amazon")) == ("title", "description", "bullets")


def test_an_over_limit_shopee_title_is_kept_flagged_and_then_fixed(app, owner):
    product_id = add_product(app)
    long_title = "Kain Batik Tulis Lasem Motif Latohan Merah Krem " + "Pesisiran Jawa " * 15
    long_title = long_title.strip()
    assert len(long_title) > 255
    response = owner.post(url(product_id, "shopee/title"), data={"text": long_title})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/shopee#field-title")
    assert edits(app) == {("shopee", "title"): long_title}  # kept whole, never cut

    page = owner.get(url(product_id, "shopee")).get_data(as_text=True)
    title = section(page, "title")
    assert textarea(page, "title") == long_title
    assert f'class="counter counter--over">{len(long_title)}/255</span>' in title
    assert (f"<strong>Memblokir:</strong> Judul {len(long_title)} karakter; batas Shopee 255 "
            "karakter.") in title
    assert "Cara memperbaiki: Buang kata yang paling tidak penting sampai pas." in title
    assert 'href="https://github.com/search?q=' in title  # the rule's source
    assert "Merah: ada yang memblokir" in readiness(page)
    assert "Kembalikan ke teks otomatis" in title

    fixed = "Batik Sekar Lasem Kain Batik Tulis Lasem Motif Latohan Merah"
    owner.post(url(product_id, "shopee/title"), data={"text": fixed})
    page = owner.get(url(product_id, "shopee")).get_data(as_text=True)
    assert textarea(page, "title") == fixed
    assert f'class="counter">{len(fixed)}/255</span>' in page
    assert "Hijau: siap diunggah" in readiness(page)
    assert "Memblokir" not in section(page, "title")
    overview = owner.get(url(product_id)).get_data(as_text=True)
    assert fixed in overview.split('<li class="channel-card')[1]


def test_reset_brings_back_the_generated_text(app, owner):
    product_id = add_product(app)
    generated = textarea(owner.get(url(product_id, "shopee")).get_data(as_text=True), "title")
    owner.post(url(product_id, "shopee/title"), data={"text": "Kain Batik Lasem Buatan Ibu Sari"})
    response = owner.post(url(product_id, "shopee/title/reset"), data={})
    assert response.status_code == 302
    assert edits(app) == {}
    page = owner.get(url(product_id, "shopee")).get_data(as_text=True)
    assert "Teks otomatis dipakai lagi." in page
    assert textarea(page, "title") == generated


def test_saving_the_generated_text_keeps_no_edit(app, owner):
    product_id = add_product(app)
    page = owner.get(url(product_id, "etsy")).get_data(as_text=True)
    tags = textarea(page, "hashtags")
    owner.post(url(product_id, "etsy/hashtags"), data={"text": tags.replace(", ", " ,\r\n")})
    assert edits(app) == {}


def test_edits_are_kept_when_the_product_changes(app, owner):
    from webapp.products.service import update_product

    product_id = add_product(app)
    mine = "Kain Lasem Merah dari Babagan"
    owner.post(url(product_id, "shopee/title"), data={"text": mine})
    with app.app_context():
        product = get_session().get(Product, product_id)
        update_product(product, {"name": "Kain Batik Tulis Lasem Sekar Jagad",
                                 "motif": "Sekar Jagad"})
    page = owner.get(url(product_id, "shopee")).get_data(as_text=True)
    assert textarea(page, "title") == mine
    assert "• Motif: Sekar Jagad" in textarea(page, "description")  # generated text follows
    tokopedia = owner.get(url(product_id, "tokopedia")).get_data(as_text=True)
    assert "Sekar Jagad" in textarea(tokopedia, "title")  # only the edited field stays put


def test_a_phone_number_in_the_description_is_a_blocking_finding(app, owner):
    product_id = add_product(app)
    text = ("Kain batik tulis Lasem, dibuat dua bulan oleh Ibu Sari.\n"
            "Info lebih lanjut hubungi 0812-3456-7890 ya kak, stok terbatas dan siap kirim.")
    owner.post(url(product_id, "shopee/description"), data={"text": text})
    page = owner.get(url(product_id, "shopee")).get_data(as_text=True)
    description = section(page, "description")
    assert textarea(page, "description") == text
    assert ("<strong>Memblokir:</strong> Ada nomor telepon (0812-3456-7890); Shopee melarang "
            "kontak di luar platform.") in description
    assert "Hapus kontak; pembeli menghubungi Anda lewat chat platform." in description
    assert "shopee.co.id" in description  # the official rule page
    assert "(aturan resmi kanal, diperiksa 28 November 2026)" in description
    assert "Merah: ada yang memblokir" in readiness(page)


def test_findings_speak_the_owners_language(app, owner):
    product_id = add_product(app)
    owner.post(url(product_id, "shopee/description"), data={"text": "Hubungi 0812-3456-7890"})
    page = owner.get(url(product_id, "shopee"), headers={"Accept-Language": "en"})
    description = section(page.get_data(as_text=True), "description")
    assert "There is a phone number (0812-3456-7890); Shopee bans off-platform contacts." in (
        description)
    assert "Remove the contact; buyers reach you through the platform" in description


def test_etsy_and_amazon_copy_is_in_english(app, owner):
    product_id = add_product(app)
    page = owner.get(url(product_id, "etsy")).get_data(as_text=True)
    assert ('id="title-text" name="text" rows="3" data-limit="140" data-unit="utf16" lang="en"'
            in page)
    assert textarea(page, "title").startswith("Hand-Drawn Batik Tulis Long Cloth from Lasem")
    assert "PRODUCT DETAILS" in textarea(page, "description")
    assert "Bahasa teks: Inggris" in page
    amazon = owner.get(url(product_id, "amazon")).get_data(as_text=True)
    assert "Please send the shop a message" in textarea(amazon, "description")
    assert textarea(amazon, "bullets").count("\n") >= 2  # one bullet point a line


def test_instagram_can_show_both_languages(app, owner):
    product_id = add_product(app)
    indonesian = owner.get(url(product_id, "instagram")).get_data(as_text=True)
    assert "Untuk memesan" in textarea(indonesian, "caption")
    assert "To order" not in textarea(indonesian, "caption")
    both = owner.get(url(product_id, "instagram?language=both")).get_data(as_text=True)
    caption = textarea(both, "caption")
    assert "Untuk memesan" in caption and "To order, send us a direct message." in caption
    assert 'aria-current="page">Indonesia dan Inggris</a>' in both
    assert f'action="{url(product_id, "instagram/caption")}?language=both"' in both


def test_edited_hashtags_and_title_flow_into_the_texts_that_quote_them(app, owner):
    product_id = add_product(app)
    owner.post(url(product_id, "shopee/hashtags"), data={"text": "#kainlasem batiksekar"})
    page = owner.get(url(product_id, "shopee")).get_data(as_text=True)
    assert textarea(page, "description").endswith("#kainlasem #batiksekar")
    owner.post(url(product_id, "whatsapp/title"), data={"text": "Kain Lasem Latohan Merah"})
    page = owner.get(url(product_id, "whatsapp")).get_data(as_text=True)
    assert textarea(page, "catalogue_text").startswith("*Kain Lasem Latohan Merah*")


# --- access, safety and state ---------------------------------------------------------------------

def test_get_never_changes_state(app, owner):
    product_id = add_product(app)
    for path in ("", "shopee", "instagram?language=both", "shopee/title"):
        owner.get(url(product_id, path))
    assert edits(app) == {}


def test_other_owners_and_unknown_channels_get_404(app, owner, client):
    product_id = add_product(app)
    assert client.get(url(product_id, "bukalapak")).status_code == 404
    assert client.get(url(product_id, "SHOPEE")).status_code == 404
    assert client.post(url(product_id, "instagram/title"), data={"text": "x"}).status_code == 404
    assert client.post(url(product_id, "shopee/caption/reset"), data={}).status_code == 404
    assert client.get(url(product_id + 99, "shopee")).status_code == 404
    with app.app_context():
        other = create_user(email="dewi@example.id", name="Dewi")
        create_brand(other, name="Tenun Dewi")
    other_product = add_product(app, slug="tenun-dewi")
    foreign = f"/brands/tenun-dewi/products/{other_product}/listings/"
    assert client.get(foreign).status_code == 404
    assert client.get(foreign + "shopee").status_code == 404
    assert client.post(foreign + "shopee/title", data={"text": "Punya saya"}).status_code == 404
    mine_under_their_slug = f"/brands/tenun-dewi/products/{product_id}/listings/shopee"
    assert client.get(mine_under_their_slug).status_code == 404
    assert edits(app) == {}


def test_visitors_are_sent_to_log_in(app, client, auth):
    user = auth.create()
    with app.app_context():
        create_brand(user)
    product_id = add_product(app)
    response = client.get(url(product_id, "shopee"))
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_script_and_template_syntax_in_a_product_name_are_shown_as_text(app, owner):
    name = "<script>alert(1)</script> Kain {{7*7}} Lasem"
    product_id = add_product(app, name=name, product_type="<b>Kain</b>")
    owner.post(url(product_id, "shopee/description"),
               data={"text": "<img src=x onerror=alert(2)> {{ 7*7 }} kain"})
    for path in ("", "shopee", "etsy"):
        page = owner.get(url(product_id, path)).get_data(as_text=True)
        assert "<script>alert(1)" not in page and "<img src=x" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt; Kain {{7*7}} Lasem" in page
    page = owner.get(url(product_id, "shopee")).get_data(as_text=True)
    assert "&lt;img src=x onerror=alert(2)&gt; {{ 7*7 }} kain" in page
    assert "Teks memuat kode HTML" in section(page, "description")


def test_saving_needs_the_csrf_token(app, owner):
    product_id = add_product(app)
    response = owner.post(url(product_id, "shopee/title"), data={"text": "Kain tanpa token"},
                          csrf=False)
    assert response.status_code == 400
    assert "Kain tanpa token" in response.get_data(as_text=True)  # the typed text is kept
    assert "kedaluwarsa" in response.get_data(as_text=True)
    owner.post(url(product_id, "shopee/title"), data={"text": "Kain dengan token"})
    assert owner.post(url(product_id, "shopee/title/reset"), data={}, csrf=False).status_code == 400
    assert edits(app) == {("shopee", "title"): "Kain dengan token"}


def test_a_text_too_big_to_store_is_refused_and_kept_on_the_page(app, owner):
    product_id = add_product(app)
    huge = "kain " * 4001
    response = owner.post(url(product_id, "shopee/description"), data={"text": huge})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Paling banyak 20000 karakter." in section(page, "description")
    assert textarea(page, "description") == huge
    assert edits(app) == {}


# --- the mapping from the models to the copywriter ------------------------------------------------

def test_product_facts_come_from_the_product_and_its_variants(app, owner):
    product_id = add_product(app, price=None, stock=None, sku="", sizes=["M"], height_cm=2.5,
                             materials=["mori_primissima", "Pewarna alam"], variants=[
                                 {"colour": "Biru", "size": "L", "stock": 2, "price": 175_000,
                                  "sku": "SKL-B"},
                                 {"colour": "merah", "size": "", "stock": 1, "price": 150_000,
                                  "sku": ""}])
    with app.app_context():
        facts = service.product_facts(get_session().get(Product, product_id))
    assert facts.colours == ("merah", "krem", "Biru")
    assert facts.sizes == ("M", "L")
    assert facts.dimensions == "200 x 115 x 2,5 cm"
    assert (facts.price, facts.stock, facts.sku) == (150_000, 3, "SKL-B")
    assert facts.materials == ("mori_primissima",) and facts.dye == "pewarna_alam"
    assert facts.care_notes == ("Cuci dengan tangan memakai sabun lerak.",
                                "Jemur di tempat teduh.")
    assert facts.technique == "batik_tulis" and facts.weight_g == 300


@pytest.mark.parametrize(
    ("story", "hook_id", "hook_en"),
    [
        ({}, PROFILE["people"] + " Upah dibayar adil.", ""),
        ({"pieces": {"shop_short": "Batik tulis dari Babagan sejak 1998."}},
         "Batik tulis dari Babagan sejak 1998.", ""),
        ({"language": "en", "pieces": {"shop_short": "Hand-drawn batik since 1998."}},
         PROFILE["people"] + " Upah dibayar adil.", "Hand-drawn batik since 1998."),
        ({"language": "id", "pieces": {  # as the story wizard saves it
            "id": {"tagline": "Merah Lasem", "product_story": "Setiap kain dicanting."},
            "en": {"tagline": "Lasem red", "shop_short": "Hand-drawn in Lasem."}}},
         "Setiap kain dicanting.", "Hand-drawn in Lasem."),
        ({"pieces": {"id": {"tagline": "Merah Lasem"}}}, "Merah Lasem", ""),
        ({"pieces": {"product_story": {"id": "Kain kami.", "en": "Our cloth."}}},
         "Kain kami.", "Our cloth."),
        ({"pieces": {"product_story": 42, "shop_short": ""}},
         PROFILE["people"] + " Upah dibayar adil.", ""),
    ],
)
def test_the_story_hook_comes_from_the_story_else_from_the_profile(story, hook_id, hook_en):
    profile = {"name": "Batik Sekar Lasem", **PROFILE, "values": "Upah dibayar adil.",
               "tone": "kak", "story": story}
    brand = service.brand_facts(profile)
    assert (brand.story_hook, brand.story_hook_en) == (hook_id, hook_en)
    assert (brand.name, brand.city, brand.tone) == ("Batik Sekar Lasem", "Lasem, Rembang", "kak")


def test_the_pages_show_what_the_copywriter_writes(app, owner):
    product_id = add_product(app)
    with app.app_context():
        product = get_session().get(Product, product_id)
        brand = get_session().get(Brand, product.brand_id)
        expected = write_listing(service.product_facts(product),
                                 service.brand_facts(service.head_revision(brand).profile),
                                 "tiktok_shop")
        count = get_session().scalar(select(func.count()).select_from(ListingCopy))
    page = owner.get(url(product_id, "tiktok_shop")).get_data(as_text=True)
    assert textarea(page, "title") == expected.title
    assert textarea(page, "description") == expected.description
    assert count == 0


def test_a_main_photo_below_the_minimum_is_never_green(app, owner):
    """The photo editor flags a 451 × 300 main photo as too small for every marketplace; the
    listing pages say so too, with the reason, instead of "siap diunggah"."""
    product_id = add_product(app)
    with app.app_context(), transaction() as session:
        photo = session.scalar(select(Photo).where(Photo.product_id == product_id))
        photo.width, photo.height = 451, 300
    page = owner.get(url(product_id)).get_data(as_text=True)
    shopee = page.split('<li class="channel-card')[1]
    assert "Hijau: siap diunggah" not in shopee and "Merah: ada yang memblokir" in shopee
    assert "Foto 1 berukuran 451 × 300 piksel, di bawah batas Shopee 500 × 500" in shopee


def test_the_brands_own_channels_come_first_and_the_others_wait_under_kanal_lain(app, owner):
    from webapp.brands import service

    with app.app_context():
        brand = get_session().scalar(select(Brand).where(Brand.slug == SLUG))
        user = get_session().get(User, brand.owner_id)
        service.save_profile(brand, user, {"channels": ["tokopedia", "instagram"]},
                             brand.head_number)
    product_id = add_product(app)
    page = owner.get(url(product_id)).get_data(as_text=True)
    mine, others = page.split('<details class="other-channels">')
    assert 'id="channel-tokopedia"' in mine and 'id="channel-instagram"' in mine
    assert 'id="channel-shopee"' not in mine and 'id="channel-shopee"' in others
    assert "Kanal lain" in others


def test_the_owner_can_keep_their_own_title_on_a_channel(app, owner):
    product_id = add_product(app)
    with app.app_context():
        name = get_session().get(Product, product_id).name
    page = owner.get(url(product_id, "shopee")).get_data(as_text=True)
    assert ('Pakai judul saya saja<span class="visually-hidden"> di Shopee</span>' in page)
    response = owner.post(url(product_id, "shopee/title"), data={"text": name})
    assert response.status_code == 302
    page = owner.get(url(product_id, "shopee")).get_data(as_text=True)
    assert textarea(page, "title") == name and "Kembalikan ke teks otomatis" in page
    assert "Pakai judul saya saja" not in page
    assert textarea(owner.get(url(product_id, "tokopedia")).get_data(as_text=True),
                    "title") != name  # per channel

