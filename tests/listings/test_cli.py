"""Commands: `flask channels show`, `flask copy check` and `flask copy write`."""

from __future__ import annotations

import json
import re

import pytest

from webapp.listings import cli


@pytest.fixture
def runner(app):
    """A CLI runner for an app with the listings commands registered."""
    if "channels" not in app.cli.commands:
        cli.init_app(app)
    return app.test_cli_runner()


def one_line_error(result) -> str:
    """Assert the command failed with a single-line reason and no traceback; return it."""
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    return lines[0]


def test_show_lists_every_channel(runner):
    result = runner.invoke(args=["channels", "show"])
    assert result.exit_code == 0, result.output
    assert "shopee: Shopee [marketplace, id]" in result.output
    assert "etsy: Etsy [marketplace, en]" in result.output
    assert "preset main: 2000x2000 pad background #FFFFFF fill 0.85" in result.output
    assert "bukalapak" not in result.output.casefold()


def test_show_json_has_every_figure_with_its_source(runner):
    data = json.loads(runner.invoke(args=["channels", "show", "--json"]).output)
    assert [channel["id"] for channel in data][:3] == ["shopee", "tokopedia", "tiktok_shop"]
    shopee = json.loads(runner.invoke(args=["channels", "show", "shopee", "--json"]).output)
    assert shopee["title"]["max"]["value"] == 255
    assert shopee["title"]["max"]["confidence"] == "third_party"
    assert shopee["title"]["max"]["checked"] == "2026-11-28"
    main = shopee["presets"][0]
    assert main["name"] == "main" and main["watermark_allowed"]["value"] is False
    assert main["max_bytes"]["source"].startswith("https://")


def test_show_unknown_channel_is_one_line(runner):
    line = one_line_error(runner.invoke(args=["channels", "show", "bukalapak"]))
    assert line.startswith("Error: unknown channel 'bukalapak'; known channels: shopee")


def test_check_reports_blocking_findings_and_exits_1(runner):
    result = runner.invoke(args=["copy", "check", "--channel", "shopee", "--title",
                                 "Kain Batik Murah WA 0812-3456-7890", "--json"])
    assert result.exit_code == 1, result.output
    data = json.loads(result.output)
    assert data["ok"] is False
    rules = {finding["rule"] for finding in data["findings"]["title"]}
    assert {"title.promo", "contact.phone", "contact.messenger"} <= rules
    phone = next(f for f in data["findings"]["title"] if f["rule"] == "contact.phone")
    assert phone["message"] == ("Ada nomor telepon (0812-3456-7890); Shopee melarang kontak di "
                                "luar platform.")
    assert phone["source"]["confidence"] == "official"


def test_check_clean_title_exits_0(runner):
    result = runner.invoke(args=["copy", "check", "--channel", "shopee", "--title",
                                 "Kain Batik Tulis Lasem Motif Latohan Rp150.000 2 x 1,15 m"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "OK: nothing to fix for Shopee."


def test_check_reads_a_description_file_and_compares_it_to_the_title(runner, tmp_path):
    description = tmp_path / "deskripsi.txt"
    description.write_text("Kain Batik Tulis Lasem", encoding="utf-8")
    result = runner.invoke(args=["copy", "check", "--channel", "whatsapp", "--title",
                                 "Kain Batik Tulis Lasem", "--description-file",
                                 str(description), "--lang", "en"])
    assert result.exit_code == 1
    assert "BLOCK  description: The description is identical to the title." in result.output


def test_check_naming_rules_with_a_technique(runner):
    result = runner.invoke(args=["copy", "check", "--channel", "tokopedia", "--title",
                                 "Kemeja Batik Parang", "--technique", "printing_motif_batik",
                                 "--json"])
    assert result.exit_code == 1
    rules = {f["rule"] for f in json.loads(result.output)["findings"]["title"]}
    assert "naming.batik_printing" in rules


@pytest.mark.parametrize(("args", "reason"), [
    (["copy", "check", "--title", "Kain"], "give a channel with --channel ID"),
    (["copy", "check", "--channel", "bukalapak", "--title", "Kain"], "unknown channel"),
    (["copy", "check", "--channel", "shopee"], "give --title, --description-file or --hashtags"),
    (["copy", "check", "--channel", "shopee", "--description-file", "/no/such/file.txt"],
     "no such file"),
    (["copy", "check", "--channel", "shopee", "--title", "x", "--technique", "sablon"],
     "unknown technique 'sablon'"),
])
def test_bad_input_gives_one_line(runner, args, reason):
    assert reason in one_line_error(runner.invoke(args=args))


def test_a_binary_description_file_gives_one_line(runner, tmp_path):
    binary = tmp_path / "foto.jpg"
    binary.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\xff\xfe")
    line = one_line_error(runner.invoke(args=["copy", "check", "--channel", "shopee",
                                              "--description-file", str(binary)]))
    assert line.endswith("not UTF-8 text")


TENUN = {"brand": {"name": "Tenun Rende", "city": "Waingapu", "province": "Nusa Tenggara Timur",
                   "story_hook": "Mama Rambu menenun bersama dua belas perempuan di Rende."},
         "product": {"name": "Kain Tenun Ikat Sumba Hinggi Motif Kuda Pewarna Alam",
                     "product_type": "kain", "technique": "ikat_lungsi",
                     "materials": ["katun", "pewarna_alam"], "motif": "Kuda dan Rusa",
                     "region": "sumba", "dimensions": "240 x 110 cm", "price": 2500000}}
LEATHER = {"brand": {"name": "Kulit Garut Sahaja", "city": "Garut", "province": "Jawa Barat"},
           "product": {"name": "Dompet Kulit Sapi Jahit Tangan", "product_type": "dompet",
                       "technique": "jahit_tangan", "materials": ["kulit"], "price": 350000}}


@pytest.mark.parametrize(("facts", "channel", "core", "absent"), [
    (TENUN, "shopee", "Kain Tenun Ikat Sumba Hinggi Motif Kuda Pewarna Alam",
     ["songket", "batik", "Tenun Ikat Lungsi", "Jangan merendam"]),
    (LEATHER, "tokopedia", "Dompet Kulit Sapi Jahit Tangan", ["tas", "batik"]),
])
def test_copy_write_writes_from_a_facts_file(runner, tmp_path, facts, channel, core, absent):
    path = tmp_path / "fakta.json"
    path.write_text(json.dumps(facts), encoding="utf-8")
    result = runner.invoke(args=["copy", "write", "--facts", str(path), "--channel", channel,
                                 "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert core in data["title"]["text"]  # the owner's title, whole
    assert data["title"]["length"] <= data["title"]["recommended"]
    assert set(data) >= {"title", "description", "hashtags", "added_to_title", "findings"}
    assert all(part in data["title"]["text"] for part in data["added_to_title"])
    text = data["title"]["text"] + " " + data["description"]["text"]
    for words in absent:
        assert not re.search(rf"\b{words}\b", text), words
    assert not [f for f in data["findings"] if f["severity"] == "block"]


@pytest.mark.parametrize(("content", "reason"), [
    (None, "no such file"), ("{oops", "not JSON"), ('{"product": []}', '"product" object'),
    ('{"product": {"nama": "x"}}', "unknown keys"),
    ('{"product": {"name": "Kain", "technique": "batik_palsu"}}', "not a technique id"),
    ('{"product": {"name": "Kain", "price": "150rb"}}', "whole number"),
])
def test_copy_write_refuses_bad_facts_in_one_line(runner, tmp_path, content, reason):
    path = tmp_path / "fakta.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    result = runner.invoke(args=["copy", "write", "--facts", str(path), "--channel", "shopee"])
    assert result.exit_code == 1 and reason in result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1
