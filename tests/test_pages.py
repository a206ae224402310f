"""The landing page and the dashboard."""

from __future__ import annotations


def test_landing_page_speaks_plain_indonesian_to_owners(client):
    response = client.get("/")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<html lang="id">' in page
    for words in ("cerita merek", "Shopee", "ZIP", "Mulai gratis",
                  "Tidak ada tulisan Anda yang hilang"):
        assert words in page
    assert 'name="viewport" content="width=device-width, initial-scale=1"' in page


def test_pages_stay_small(client):
    """A slow phone connection: the landing page and its stylesheet stay a few kilobytes."""
    page = client.get("/")
    css = client.get("/static/css/app.css")
    assert len(page.data) < 15_000
    assert len(css.data) < 15_000
    # JavaScript only enhances: one deferred external file, no inline script
    import re

    scripts = re.findall(rb"<script[^>]*>", page.data)
    assert all(b" src=" in tag and b" defer" in tag for tag in scripts)
    assert len(client.get("/static/js/app.js").data) < 15_000


def test_section_stylesheets_stay_small_and_load_only_where_used(client):
    """Pages of one part (photos, packs, the guided path, the wizard) add their own small
    stylesheet; the landing page loads app.css alone."""
    from pathlib import Path

    folder = Path(__file__).resolve().parents[1] / "static" / "css"
    sections = [path for path in folder.glob("*.css") if path.name != "app.css"]
    assert sections
    for path in sections:
        assert client.get(f"/static/css/{path.name}").status_code == 200
        assert path.stat().st_size < 6_000, path.name
    landing = client.get("/").get_data(as_text=True)
    assert landing.count('rel="stylesheet"') == 1


def test_dashboard_greets_the_owner_by_name(client, auth):
    auth.create(name="Bu <Ratna> & {{7*7}}")
    auth.login()
    page = client.get("/dashboard").get_data(as_text=True)
    assert "Bu &lt;Ratna&gt; &amp; {{7*7}}" in page
    assert "&amp; 49" not in page  # (a bare "49" may be in a token or a time)


def test_health_endpoint(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}
