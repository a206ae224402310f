"""The photo coach on the pages: each warning in plain words with a one-line tip, and which of
the brand's channels a photo is too small for.

The coach's measures are made at upload and stored with the photo; a photo uploaded before the
coach existed is measured once from its stored original and remembered by its content hash.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from flask_babel import lazy_gettext as _l

from webapp.media import MediaStore
from webapp.photos import coach, imaging, renditions

#: (warning, tip) per coach code; said in the owner's language.
WORDS = {
    "blurry": (_l("Foto ini buram."),
               _l("Pegang ponsel dengan dua tangan, ketuk produk di layar agar fokus, lalu foto "
                  "lagi di tempat terang.")),
    "dark": (_l("Foto ini terlalu gelap."),
             _l("Foto di dekat jendela pada siang hari, atau pilih \"Perbaiki cahaya\" di Atur "
                "foto.")),
    "bright": (_l("Foto ini terlalu terang: sebagian warna produk hilang."),
               _l("Hindari matahari langsung dan lampu kilat; ketuk produk di layar lalu geser "
                  "kecerahan ke bawah.")),
    "small": (_l("Produk hanya mengisi sebagian kecil foto."),
              _l("Dekatkan ponsel (jangan pakai zoom) sampai produk mengisi sekitar tiga "
                 "perempat foto.")),
}
SMALL_FOR_CHANNEL = _l("Foto terlalu kecil untuk %(channels)s.")
SMALL_FOR_CHANNEL_TIP = _l("Kirim file asli dari kamera, bukan foto dari WhatsApp atau "
                           "tangkapan layar.")


@dataclass(frozen=True)
class Advice:
    """One warning on a photo and what to do about it."""

    code: str
    warning: str
    tip: str


def measures_of(photo: Any, store: MediaStore) -> coach.Measures | None:
    """The photo's stored measures, or measured now from its original (once per process)."""
    stored = coach.Measures.from_dict(photo.measures) if photo.measures else None
    return stored or measured(store, photo.original)


@lru_cache(maxsize=512)
def measured(store: MediaStore, original: str) -> coach.Measures | None:
    """Measure a stored original (None when its file is gone or cannot be read)."""
    if not store.exists("photos", original):
        return None
    from webapp.photos.service import CHECK_PRESET

    try:
        decoded = imaging.open_photo(store.read("photos", original), presets=[CHECK_PRESET])
    except imaging.PhotoError:
        return None
    return coach.measure(decoded.image)


def too_small_for(photo: Any, channel_ids: list[str]) -> list[str]:
    """The names of those channels whose main image the photo is below the minimum for."""
    names = []
    for channel, preset in renditions.main_presets():
        least = preset.min_source
        if channel.id in channel_ids and least and (photo.width < least[0]
                                                    or photo.height < least[1]):
            names.append(channel.name)
    return names


def advice_for(photo: Any, store: MediaStore, channel_ids: list[str]) -> list[Advice]:
    """Every warning on the photo for the owner's channels, each with its tip."""
    measures = measures_of(photo, store)
    found = [Advice(code, str(WORDS[code][0]), str(WORDS[code][1]))
             for code in (coach.assess(measures) if measures else ())]
    small = too_small_for(photo, channel_ids)
    if small:
        found.append(Advice("channel_size", str(SMALL_FOR_CHANNEL % {
            "channels": ", ".join(small)}), str(SMALL_FOR_CHANNEL_TIP)))
    return found
