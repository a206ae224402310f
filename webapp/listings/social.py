"""Texts for social and chat channels: the Instagram caption (in Indonesian, English or both) and
the WhatsApp catalogue text, each ending with a call to order in the brand's tone.

Pure: no Flask, no ORM.
"""

from __future__ import annotations

from collections.abc import Sequence

from webapp.listings.descriptions import HANDMADE_NOTE, label, made_to_order
from webapp.listings.detectors import text_length
from webapp.listings.fitting import drop_lines, drop_lowest, shorten
from webapp.listings.titles import headline
from webapp.listings.writer import Writer
from webapp.text import N_, say

# One call per tone of address (Anda, kamu, kak); English has one tone, so all three share a
# translation. An unknown tone reads as Anda.
CALLS_TO_ACTION = {
    "anda": N_("Untuk memesan, silakan kirim pesan langsung kepada kami."),
    "kamu": N_("Mau pesan? Kirim pesan langsung ke kami, ya."),
    "kak": N_("Kak, yuk pesan dengan kirim pesan langsung ke kami."),
}
WHATSAPP_CALLS = {
    "anda": N_("Balas pesan ini untuk memesan."),
    "kamu": N_("Balas pesan ini untuk pesan, ya."),
    "kak": N_("Kak, balas pesan ini untuk pesan, ya."),
}

Line = tuple[str, int]  # (text, priority): a higher priority stays longer


def call_to_order(writer: Writer, calls: dict[str, str]) -> str:
    """Return the call of calls in the brand's tone and the writer's language."""
    tone = writer.brand.tone if writer.brand.tone in calls else "anda"
    return say(writer.language, calls[tone])


def price_line(writer: Writer) -> str:
    """Return the price as a line, or '' when there is none."""
    price = writer.money(writer.product.price)
    return say(writer.language, "Harga: %(price)s", price=price) if price else ""


def caption_block(writer: Writer) -> list[Line]:
    """Return (line, priority) for an Instagram caption; the hook is its own paragraph."""
    block: list[Line] = []
    if writer.hook:
        block.append((writer.hook + "\n", 3))
    block.append((headline(writer), 9))
    materials = ", ".join(writer.materials())
    if materials:
        block.append((f"• {label(writer, 'material')}: {materials}", 6))
    size = writer.dimensions() or writer.sizes()
    if size:
        block.append((f"• {label(writer, 'size')}: {size}", 6))
    price = price_line(writer)
    if price:
        block.append((f"• {price}", 8))
    days = made_to_order(writer)
    if days:
        block.append((f"• {days}", 5))
    if writer.handmade:
        block.append((say(writer.language, HANDMADE_NOTE), 4))
    block.append((call_to_order(writer, CALLS_TO_ACTION), 7))
    return block


def write_caption(writer: Writer, hashtags: Sequence[str], both: bool) -> str:
    """Write the Instagram caption (both languages when asked), hashtags last."""
    channel = writer.channel
    if channel.caption is None or channel.kind != "social":
        return ""
    blocks = [caption_block(writer)]
    if both:
        english = Writer(writer.product, writer.brand, channel, "en", None)
        blocks.append(caption_block(english))
    limit = channel.caption.target_max() or 100_000
    tags = " ".join(hashtags)

    def compose() -> str:
        """Return the paragraphs that are left, hashtags last."""
        paragraphs = ["\n".join(line for line, _ in block) for block in blocks if block]
        return "\n\n".join([*paragraphs, tags] if tags else paragraphs)

    text = compose()
    while text_length(text) > limit:
        if tags:
            tags = ""
        else:
            blocks = [drop_lowest(block) for block in blocks]
        text = compose()
    return writer.settle("caption", text, drop_lines)


def write_catalogue_text(writer: Writer, title: str) -> str:
    """Write the WhatsApp catalogue text: name, price, key facts, hook, call to action."""
    channel = writer.channel
    if channel.caption is None or channel.kind != "messaging":
        return ""
    lines: list[Line] = [(f"*{title}*" if title else headline(writer), 9)]
    price = price_line(writer)
    if price:
        lines.append((price, 9))
    facts = [", ".join(writer.materials()), writer.dimensions() or writer.sizes()]
    facts_line = " · ".join(fact for fact in facts if fact)
    if facts_line:
        lines.append((facts_line, 7))
    days = made_to_order(writer)
    if days:
        lines.append((days, 6))
    if writer.hook:
        lines.append((shorten(writer.hook, 140), 3))
    lines.append((call_to_order(writer, WHATSAPP_CALLS), 8))
    limit = channel.caption.target_max() or 1024
    text = "\n".join(line for line, _ in lines)
    while text_length(text) > limit and len(lines) > 1:
        lines = drop_lowest(lines)
        text = "\n".join(line for line, _ in lines)
    return writer.settle("caption", text, drop_lines)
