"""`flask print tags|card|labels`."""

from __future__ import annotations

import io

import pypdf
import pytest

from tests.factories import create_brand, create_user
from webapp.prints.layouts import MM


@pytest.fixture
def demo(app):
    from webapp.products.service import create_product

    with app.app_context():
        brand = create_brand(create_user(), whatsapp="+6281234567890",
                             colours=["#9b1b1b", "#f3e3c3"], city="Lasem",
                             province="Jawa Tengah", people="Ibu Sari")
        product = create_product(brand, {"name": "Kain Batik Tulis Sekar Jagad",
                                         "technique": "batik_tulis",
                                         "materials": ["mori_primissima"], "price": 1250000,
                                         "care_notes": "- Cuci dengan tangan\n- Jangan diperas"})
        return brand.slug, product.id


@pytest.mark.parametrize("language", ["id", "en"])
def test_tags_and_card_are_written(runner, demo, tmp_path, language):
    slug, product_id = demo
    out = tmp_path / "tags.pdf"
    result = runner.invoke(args=["print", "tags", "--brand", slug, "--product", str(product_id),
                                 "--size", "tag_6x10", "--lang", language, "--out", str(out)])
    assert result.exit_code == 0, result.output
    reader = pypdf.PdfReader(io.BytesIO(out.read_bytes()))
    assert len(reader.pages) == 2
    assert "Kain Batik Tulis Sekar Jagad" in " ".join(reader.pages[0].extract_text().split())
    card = tmp_path / "card.pdf"
    result = runner.invoke(args=["print", "card", "--brand", slug, "--lang", language,
                                 "--out", str(card)])
    assert result.exit_code == 0, result.output
    page = pypdf.PdfReader(io.BytesIO(card.read_bytes())).pages[0]
    assert float(page.mediabox.width) == pytest.approx(105 * MM)


@pytest.mark.parametrize("args", [
    ["tags", "--brand", "tidak-ada"],
    ["card", "--brand", "tidak-ada"],
    ["tags", "--brand", "SLUG", "--size", "tag_1x1"],
    ["tags", "--brand", "SLUG", "--product", "99999"],
    ["card", "--brand", "SLUG", "--qr", "instagram"],
])
def test_bad_input_is_one_line_and_exit_1(runner, demo, tmp_path, args):
    args = [demo[0] if arg == "SLUG" else arg for arg in args]
    result = runner.invoke(args=["print", *args, "--out", str(tmp_path / "x.pdf")])
    assert result.exit_code == 1
    assert len(result.output.strip().splitlines()) == 1
    assert result.output.startswith("Error: ")
    assert not (tmp_path / "x.pdf").exists()
