"""Presets as plain data: validation, the channel data's dialect, cache keys, cheap import."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from webapp.datafiles import data_path
from webapp.photos import imaging
from webapp.photos.presets import Preset

ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.mark.parametrize("module", ["webapp.photos.presets", "webapp.listings.channels"])
def test_presets_and_channels_import_without_pillow(module):
    code = f"import sys, {module}; assert 'PIL' not in sys.modules, 'Pillow was imported'"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr


def test_scaled_keeps_the_aspect_and_drops_the_byte_limit():
    story = Preset("story", 1080, 1920, "pad", "keep", max_bytes=5_000_000, min_source=(540, 960))
    preview = story.scaled(240)
    assert (preview.width, preview.height, preview.max_bytes) == (135, 240, None)
    assert preview.min_source == (540, 960) and preview.name == "story"
    assert story.scaled(4000) is story  # already small enough: unchanged, limit kept


@pytest.mark.parametrize(("min_fill", "fit"), [(None, "pad"), (0, "cover"), (0.0, "contain")])
def test_no_fill_rule_is_zero_however_written(min_fill, fit):
    preset = Preset("p", 100, 100, fit, min_fill=min_fill)
    assert preset.min_fill == 0.0 and isinstance(preset.min_fill, float)
    assert preset.key() == Preset("p", 100, 100, fit).key()


@pytest.mark.parametrize(("preset", "key"), [
    (Preset("main", 1024, 1024, "pad", "keep", 0.0, "JPEG", 2_097_152, (500, 500)),
     "3b7efabb13f90df89c34e3a676dec9cb"),
    (Preset("main", 1000, 1000, "pad", "#FFFFFF", 0.8, "JPEG", 2_097_152, (500, 500)),
     "85d9265f41e8e8480fb56729c4eab232"),
])
def test_keys_are_pinned_because_rendition_names_are_public_links(preset, key):
    """Rendition names come from these keys and stand in packs' sheets as public image links;
    a change must be deliberate (bump RENDER_VERSION when the pixels change)."""
    assert preset.key() == key


# --- presets ------------------------------------------------------------------------------------

def test_preset_from_dict_and_key():
    data = {"name": "shopee-main", "width": 1024, "height": 1024, "fit": "pad",
            "background": "white", "format": "JPEG", "max_bytes": 2_097_152, "min_source": 500}
    preset = Preset.from_dict(data)
    assert preset == Preset("shopee-main", 1024, 1024, "pad", "white", max_bytes=2_097_152,
                            min_source=500)
    assert preset.key() == Preset.from_dict(dict(reversed(data.items()))).key()
    assert preset.key() == Preset.from_dict({**data, "name": "renamed"}).key()
    assert len(preset.key()) == 32
    assert int(preset.key(), 16) >= 0


@pytest.mark.parametrize("change", [
    {"width": 1025}, {"height": 1000}, {"fit": "cover"}, {"background": "#f5f5f5"},
    {"min_fill": 0.8}, {"format": "PNG"}, {"max_bytes": None}, {"min_source": 600},
    {"watermark_allowed": True},
])
def test_every_field_that_shapes_the_output_changes_the_key(change):
    base = {"name": "x", "width": 1024, "height": 1024, "fit": "pad", "max_bytes": 100,
            "min_source": 500}
    assert Preset.from_dict({**base, **change}).key() != Preset.from_dict(base).key()


@pytest.mark.parametrize("bad", [
    {"width": 0}, {"width": True}, {"height": 10_001}, {"width": "1024"}, {"fit": "stretch"},
    {"background": "red"}, {"background": "#fff"}, {"background": "#ggg000"},
    {"min_fill": 1.5}, {"min_fill": -0.5}, {"min_fill": 0.8, "fit": "cover"}, {"format": "GIF"},
    {"max_bytes": 0}, {"min_source": -1}, {"min_source": [500]}, {"min_source": [500, 0]},
    {"min_source": "500"}, {"watermark_allowed": "no"}, {"name": ""}, {"colour": "white"},
    {"background": "owner", "fit": "stretch"}, {"width": {"value": 0, "source": "x"}},
])
def test_bad_presets_are_refused(bad):
    with pytest.raises((ValueError, TypeError)):
        Preset.from_dict({"name": "x", "width": 100, "height": 100, **bad})


def test_from_dict_speaks_the_channel_data_dialect():
    raw = {"name": "main", "width": 1024, "height": 1024, "fit": "pad", "background": "owner",
           "min_fill": 0.0, "format": "jpeg", "max_bytes": 2_097_152, "min_source": [500, 500],
           "watermark_allowed": {"value": False, "confidence": "unverified",
                                 "source": "https://example.id", "checked": "2026-11-28"},
           "confidence": "third_party", "source": "https://example.id", "checked": "2026-11-28",
           "note": "why"}
    assert Preset.from_dict(raw) == Preset("main", 1024, 1024, "pad", "keep", None, "JPEG",
                                           2_097_152, (500, 500), False)
    assert Preset.from_dict({**raw, "format": "JPG"}).format == "JPEG"
    assert Preset("s", 10, 10, min_source=500).min_source == (500, 500)
    assert Preset("s", 10, 10, min_source=500).key() == Preset("s", 10, 10,
                                                               min_source=(500, 500)).key()


def test_every_preset_in_channels_toml_loads():
    import tomllib

    path = data_path("channels.toml")
    channels = tomllib.loads(path.read_text(encoding="utf-8")).get("channels", [])
    presets = [raw for channel in channels for raw in channel.get("presets", [])]
    assert len(presets) >= len(channels) >= 10  # every channel has at least its main preset
    for raw in presets:
        preset = Preset.from_dict(raw)
        assert preset.format in imaging.FORMATS
