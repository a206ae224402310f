"""Channel presets for the photo pipeline, and renditions cached on disk by their inputs."""

from __future__ import annotations

from typing import Any

from webapp.listings.channels import Channel, load_channels
from webapp.media import MediaStore
from webapp.photos import imaging

THUMBNAIL = imaging.Preset(name="thumbnail", width=320, height=320, fit="pad",
                           background="keep", format="JPEG", max_bytes=80_000)
EDITOR = imaging.Preset(name="editor", width=300, height=300, fit="contain", background="keep",
                        format="JPEG", max_bytes=120_000)
SEARCH_GRID = 240  # how big a main image is in a marketplace's search results on a phone


def preset_for_slot(channel: Channel, slot: int) -> imaging.Preset:
    """The channel preset for a photo slot: main for slot 1, gallery after (first as fallback)."""
    wanted = channel.preset("main") if slot == 1 else (channel.preset("gallery")
                                                       or channel.preset("main"))
    return wanted or channel.presets[0]


def main_presets() -> list[tuple[Channel, imaging.Preset]]:
    """Each channel with its main image preset, scaled to a search-grid preview."""
    return [(channel, (channel.preset("main") or channel.presets[0]).scaled(SEARCH_GRID))
            for channel in load_channels()]


def photo_options(photo: Any, brand_colour: str | None) -> dict[str, Any]:
    """The owner's choices for a photo, as the pipeline's keyword arguments."""
    background = {"white": "white", "blur": "blur", "keep": None,
                  "brand": brand_colour or "white"}.get(photo.background, "white")
    return {"focus": (photo.focus_x, photo.focus_y), "background_colour": background,
            "fix_light": photo.fix_light, "whiten_backdrop": photo.whiten_backdrop,
            "fill_frame": bool(getattr(photo, "fill_frame", False))}


def brand_watermark(profile: dict[str, Any], store: MediaStore) -> imaging.Watermark | None:
    """The brand's logo watermark as the profile sets it, or None (off, or no logo)."""
    position, logo = profile.get("watermark") or "off", profile.get("logo")
    if position == "off" or not logo or not store.exists("logos", logo):
        return None
    opacity = (profile.get("watermark_opacity") or 60) / 100
    return imaging.Watermark(store.read("logos", logo), position, opacity)


def rendition(store: MediaStore, photo: Any, preset: imaging.Preset,
              brand_colour: str | None = None,
              watermark: imaging.Watermark | None = None) -> tuple[str, imaging.Rendition | None]:
    """Return the cached rendition's media name, computing it only when its inputs changed."""
    options = {**photo_options(photo, brand_colour), "watermark": watermark}
    name = rendition_name(photo, preset, brand_colour, watermark)
    if store.exists("renditions", name):
        return name, None
    data = store.read("photos", photo.original)
    result = imaging.open_and_render_all(data, [preset], **options)[0]
    store.save_as("renditions", name.rsplit(".", 1)[0], result.data, result.extension)
    return name, result


def rendition_name(photo: Any, preset: imaging.Preset, brand_colour: str | None = None,
                   watermark: imaging.Watermark | None = None) -> str:
    """The media name of a rendition: a digest of every input, so a change makes a new one."""
    options = {**photo_options(photo, brand_colour), "watermark": watermark}
    key = imaging.rendition_key(photo.original.split(".")[0], preset, **options)
    return f"{key}.{imaging.EXTENSIONS[preset.format]}"
