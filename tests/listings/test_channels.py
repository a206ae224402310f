"""channels.toml: every channel loads, every figure is sourced, presets are usable."""

from __future__ import annotations

import copy
import re
import tomllib
from datetime import date
from importlib.resources import files

import pytest

from webapp.listings.channels import (
    CONFIDENCES,
    FITS,
    IMAGE_FORMATS,
    PROVENANCE_KEYS,
    ChannelDataError,
    UnknownChannelError,
    get_channel,
    load_channels,
    parse_channels,
    read_channels_file,
)
from webapp.photos import imaging

EXPECTED = ["shopee", "tokopedia", "tiktok_shop", "lazada", "blibli", "instagram", "whatsapp",
            "facebook", "etsy", "amazon"]
RAW_TEXT = files("webapp").joinpath("data", "channels.toml").read_text(encoding="utf-8")


def raw_channel(raw, channel_id):
    """Return the raw TOML table of channel_id."""
    return next(entry for entry in raw["channels"] if entry["id"] == channel_id)


def test_every_channel_loads_in_file_order():
    assert [channel.id for channel in load_channels()] == EXPECTED
    assert load_channels() is load_channels()  # parsed once


def test_bukalapak_is_left_out_with_the_reason():
    ids = {channel.id for channel in load_channels()}
    names = " ".join(channel.name for channel in load_channels()).casefold()
    assert "bukalapak" not in ids and "bukalapak" not in names
    comment = " ".join(line for line in RAW_TEXT.splitlines() if line.startswith("#"))
    assert re.search(r"Bukalapak.*closed its physical-goods marketplace in 2025", comment)


@pytest.mark.parametrize("channel", load_channels(), ids=lambda channel: channel.id)
def test_every_figure_has_a_source_a_checked_date_and_a_confidence(channel):
    facts = list(channel.facts())
    assert len(facts) > 20
    for path, fact in facts:
        source = fact.source
        assert re.match(r"^https?://\S+$", source.url), path
        assert date.fromisoformat(source.checked) <= date.today(), path
        assert source.confidence in CONFIDENCES, path


@pytest.mark.parametrize("channel_id", EXPECTED)
def test_every_figure_in_the_file_is_loaded_with_its_provenance(channel_id):
    raw = raw_channel(read_channels_file(), channel_id)
    expected = set()
    for section in ("title", "description", "caption", "hashtags", "images", "bullets", "listing",
                    "rules"):
        for name in raw.get(section, {}):
            if name != "style":
                expected.add(f"{section}.{name}")
    for preset in raw["presets"]:
        for name in preset:
            if name not in ("name", *PROVENANCE_KEYS):
                expected.add(f"presets.{preset['name']}.{name}")
    assert {path for path, _ in get_channel(channel_id).facts()} == expected


def test_languages_kinds_and_patterns():
    for channel in load_channels():
        assert channel.language == ("en" if channel.id in ("etsy", "amazon") else "id")
        assert channel.kind in ("marketplace", "social", "messaging")
        if channel.title is not None:
            assert "product_type" in channel.title.pattern.value
    assert get_channel("shopee").title.pattern.value[:2] == ("brand", "product_type")
    assert get_channel("instagram").title is None and get_channel("instagram").caption


@pytest.mark.parametrize("channel", load_channels(), ids=lambda channel: channel.id)
def test_presets_are_usable_by_the_photo_pipeline(channel):
    assert channel.presets, channel.id
    for preset in channel.presets:
        assert 300 <= preset.width <= 4000 and 300 <= preset.height <= 4000
        assert isinstance(preset, imaging.Preset)  # the renderer's own type, no adapter
        assert preset.fit in FITS and preset.format.lower() in IMAGE_FORMATS
        assert preset.background == "keep" or re.match(r"^#[0-9A-F]{6}$", preset.background)
        assert 0 <= preset.min_fill < 1
        assert 100_000 <= preset.max_bytes <= 20 * 1024 * 1024
        assert all(0 <= side <= max(preset.width, preset.height) for side in preset.min_source)
        assert set(channel.preset_sources[preset.name]) == {
            "width", "height", "fit", "background", "min_fill", "format", "max_bytes",
            "min_source", "watermark_allowed"}
    names = [preset.name for preset in channel.presets]
    assert len(set(names)) == len(names)


def test_marketplace_main_images_never_allow_a_watermark():
    for channel in load_channels():
        main = channel.presets[0]
        if channel.kind == "marketplace":
            assert main.name == "main"
            assert main.watermark_allowed is False, channel.id
    assert get_channel("instagram").preset("feed").watermark_allowed is True


def test_white_background_channels_fill_the_frame():
    amazon, lazada = get_channel("amazon").preset("main"), get_channel("lazada").preset("main")
    assert (amazon.background, amazon.min_fill) == ("#FFFFFF", 0.85)
    assert (lazada.background, lazada.min_fill) == ("#FFFFFF", 0.8)
    story = get_channel("instagram").preset("story")
    assert (story.width, story.height) == (1080, 1920)


def test_the_preset_key_follows_the_processing_values():
    raw = copy.deepcopy(read_channels_file())
    before = parse_channels(raw)[0].presets[0].key()
    raw["channels"][0]["presets"][0]["width"] = 1000
    assert parse_channels(raw)[0].presets[0].key() != before


def test_presets_are_read_in_the_pipelines_words():
    """The file's words become the renderer's: "owner" is the owner's choice ("keep"), "jpeg" is
    "JPEG", min_fill 0 is no rule, and "#FFFFFF" is the white-background rule."""
    shopee, amazon = get_channel("shopee").preset("main"), get_channel("amazon").preset("main")
    assert (shopee.background, shopee.format, shopee.min_fill) == ("keep", "JPEG", 0.0)
    assert shopee.min_source == (500, 500)
    assert amazon.plain_background == "white"
    feed = get_channel("instagram").preset("feed")
    assert feed == imaging.Preset.from_dict({**raw_preset("instagram", "feed"), "name": "feed"})
    source = get_channel("shopee").preset_sources["main"]["max_bytes"]
    assert source.url.startswith("https://") and source.confidence == "third_party"


def raw_preset(channel_id, name):
    """Return the raw TOML table of one preset of channel_id."""
    presets = raw_channel(read_channels_file(), channel_id)["presets"]
    return next(preset for preset in presets if preset["name"] == name)


def test_unverified_limits_take_the_conservative_value():
    title_maxima = [c.title.max for c in load_channels() if c.title and c.title.max]
    unverified = [fact.value for fact in title_maxima if not fact.source.verified]
    assert unverified and max(unverified) <= min(fact.value for fact in title_maxima)
    for channel in load_channels():
        if channel.description and not channel.description.max.source.verified:
            assert channel.description.max.value <= 2000, channel.id
        if channel.hashtags and channel.hashtags.max and not channel.hashtags.max.source.verified:
            assert channel.hashtags.max.value <= 5, channel.id
    assert get_channel("instagram").hashtags.max.value == 5  # not the obsolete 30


def test_get_channel_names_the_known_channels():
    with pytest.raises(UnknownChannelError, match="known channels: shopee, tokopedia"):
        get_channel("bukalapak")


def bad(channel_id, change):
    """Return the file's data with change applied to channel_id's raw table."""
    raw = copy.deepcopy(read_channels_file())
    change(raw_channel(raw, channel_id))
    return raw


@pytest.mark.parametrize(("change", "message"), [
    (lambda c: c["title"]["max"].pop("source"), r"\[shopee\]\.title\.max: source must be"),
    (lambda c: c["title"]["max"].update(confidence="sure"),
     r"\[shopee\]\.title\.max: confidence must be one of"),
    (lambda c: c["title"]["max"].update(checked="28/11/2026"),
     r"\[shopee\]\.title\.max: checked must be a YYYY-MM-DD date"),
    (lambda c: c["title"]["max"].update(value="255"),
     r"\[shopee\]\.title\.max: must be a whole number"),
    (lambda c: c["title"].update(max=255), r"\[shopee\]\.title\.max: write \{ value"),
    (lambda c: c["title"].update(maks=c["title"]["max"]),
     r"\[shopee\]\.title: unknown key 'maks'"),
    (lambda c: c["title"]["pattern"].update(value=["brand", "colour", "brand"]),
     r"\[shopee\]\.title\.pattern: lists a title part twice"),
    (lambda c: c["title"]["pattern"].update(value=["brand", "shop"]),
     r"\[shopee\]\.title\.pattern: unknown title part 'shop'"),
    (lambda c: c["rules"]["links"].update(value="maybe"),
     r"\[shopee\]\.rules\.links: must be one of block, advice, allow"),
    (lambda c: c["presets"][0].update(watermark_allowed=True),
     r"\[shopee\]\.presets\[main\]\.watermark_allowed: a marketplace's main image never"),
    (lambda c: c["presets"][0].update(fit="stretch"),
     r"\[shopee\]\.presets\[main\]\.fit: must be one of pad, cover, contain"),
    (lambda c: c["presets"][0].pop("source"), r"\[shopee\]\.presets\[main\]\.width: write"),
    (lambda c: c["presets"][1].update(name="main"), r"\[shopee\]\.presets: two presets share"),
    (lambda c: c["presets"][0].update(fit="cover", min_fill=0.8),
     r"\[shopee\]\.presets\[main\]: preset 'main': min_fill needs fit = pad"),
    (lambda c: c.update(language="jv"), r"\[shopee\]\.language: must be one of id, en"),
    (lambda c: c.update(id="tokopedia"), r"\[tokopedia\]: the id is used twice"),
])
def test_bad_data_names_the_channel_and_the_field(change, message):
    with pytest.raises(ChannelDataError, match=message):
        parse_channels(bad("shopee", change))


def test_the_file_is_valid_toml_with_one_table_per_channel():
    raw = tomllib.loads(RAW_TEXT)
    assert [entry["id"] for entry in raw["channels"]] == EXPECTED
