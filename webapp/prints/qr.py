"""QR codes that lead somewhere: the maker's WhatsApp with a message naming the product, their
Instagram, or a shop or product link the owner gave. segno makes the code (error level M: 15%
of the code can be scuffed or covered and it still reads, at a moderate size)."""

from __future__ import annotations

import io
from urllib.parse import quote, urlsplit

import segno

from webapp.brands.profile import normalise_instagram, normalise_whatsapp
from webapp.prints.model import BrandPrint, PrintError, ProductPrint
from webapp.text import say

ERROR_LEVEL = "m"
QUIET_ZONE = 4  # modules of white around the code, as the standard asks


def whatsapp_link(number: str, message: str) -> str:
    """https://wa.me/62... with message pre-filled (URL-encoded); number as stored (+62...)."""
    normal = normalise_whatsapp(number or "")
    if normal is None:
        raise PrintError(f"not an Indonesian WhatsApp number: {number!r}")
    return f"https://wa.me/{normal.removeprefix('+')}?text={quote(message, safe='')}"


def whatsapp_message(language: str, brand: str, product: str = "") -> str:
    """The buyer's first message: it names the product, so the maker knows what they saw."""
    if product:
        return say(language, "Halo %(brand)s, saya tertarik dengan %(product)s.",
                   brand=brand, product=product)
    return say(language, "Halo %(brand)s, saya ingin tahu lebih lanjut.", brand=brand)


def instagram_link(handle: str) -> str:
    """https://instagram.com/<handle>."""
    normal = normalise_instagram(handle or "")
    if normal is None:
        raise PrintError(f"not an Instagram handle: {handle!r}")
    return f"https://instagram.com/{normal}"


def web_link(link: str) -> str:
    """An owner-given shop or product link, which must be http or https with a host."""
    text = (link or "").strip()
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in text):
        raise PrintError(f"not a web address (http or https): {link!r}")
    return text


def make(link: str) -> segno.QRCode:
    """The QR code of link, at error level M."""
    return segno.make(link, error=ERROR_LEVEL, micro=False, boost_error=False)


def matrix(link: str) -> tuple[tuple[bool, ...], ...]:
    """The code's modules, quiet zone included, row by row (True is dark)."""
    return tuple(tuple(bool(cell) for cell in row)
                 for row in make(link).matrix_iter(border=QUIET_ZONE))


def png(link: str, scale: int = 8) -> bytes:
    """The code as a PNG (for tests that decode it, or a page that shows it)."""
    buffer = io.BytesIO()
    make(link).save(buffer, kind="png", scale=scale, border=QUIET_ZONE)
    return buffer.getvalue()


def dark_runs(link: str) -> list[tuple[int, int, int]]:
    """The dark modules as horizontal runs (row, first column, length), quiet zone included:
    the renderer draws one rectangle per run, so the code stays vector and the PDF small."""
    runs = []
    for row, cells in enumerate(matrix(link)):
        column = 0
        while column < len(cells):
            if cells[column]:
                start = column
                while column < len(cells) and cells[column]:
                    column += 1
                runs.append((row, start, column - start))
            else:
                column += 1
    return runs


QR_KINDS = ("whatsapp", "instagram", "shop")


def link_for(brand: BrandPrint, kind: str, product: ProductPrint | None = None) -> str:
    """The link a print's QR code leads to: kind is whatsapp, instagram or shop (the product's
    own link, else the brand's website)."""
    if kind == "whatsapp":
        message = whatsapp_message(brand.language, brand.name, product.name if product else "")
        return whatsapp_link(brand.whatsapp, message)
    if kind == "instagram":
        return instagram_link(brand.instagram)
    if kind == "shop":
        return web_link((product.link if product else "") or brand.website)
    raise PrintError(f"unknown QR kind {kind!r} (one of {', '.join(QR_KINDS)})")
