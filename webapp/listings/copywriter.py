"""The copywriter: a product, its brand and a channel in; that channel's listing copy out.

Titles follow the channel's pattern with the words buyers search for, drop the least important parts
to fit, never cut or repeat a word (`titles`). Descriptions follow storytelling.md §2.2: a short
story hook, details, material, size, colours, care and the usual notes (`descriptions`, which also
writes Amazon's bullet points). Captions and the WhatsApp catalogue text are in `social`, hashtags
and Etsy tags in `hashtags`. Every owner-typed fragment is cleaned (HTML, emoji, control characters)
and scrubbed of what the channel forbids (`writer`, `cleaning`), and every output is checked by
the rule checker before it is returned, so no output carries a blocking finding. The fixed words
come from the gettext catalogue, the vocabulary's English names from webapp/data/vocab.toml.
Same input, same text. Pure: no Flask, no ORM.
"""

from __future__ import annotations

from collections.abc import Sequence

from webapp.listings.channels import Channel, get_channel
from webapp.listings.cleaning import clean
from webapp.listings.descriptions import write_bullets, write_description
from webapp.listings.facts import BrandFacts, Listing, ProductFacts
from webapp.listings.hashtags import write_hashtags
from webapp.listings.social import write_caption, write_catalogue_text
from webapp.listings.titles import write_title
from webapp.listings.writer import Writer

__all__ = ["LANGUAGES", "BrandFacts", "Listing", "ProductFacts", "Writer", "write_listing"]

LANGUAGES = ("id", "en", "both")


def write_listing(product: ProductFacts, brand: BrandFacts, channel: Channel | str, *,
                  language: str | None = None, story_hook: str | None = None,
                  title: str | None = None, hashtags: Sequence[str] | None = None) -> Listing:
    """Write a channel's listing copy for product; language defaults to the channel's ('both'
    writes an Instagram caption in Indonesian and English), story_hook replaces the brand's.

    title and hashtags are the owner's own versions: the texts that quote them (the description
    and caption carry the hashtags, the WhatsApp catalogue text the title) use them, while the
    listing's own title and hashtags stay the written ones, so the owner can go back to them."""
    if isinstance(channel, str):
        channel = get_channel(channel)
    language = language or channel.language
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}")
    both = language == "both"
    writer = Writer(product, brand, channel, "id" if both else language, story_hook)
    written_tags = write_hashtags(writer)
    tags = written_tags if hashtags is None else tuple(
        " ".join(tag.split()) for tag in hashtags if tag.strip())
    written = write_title(writer)
    written_title = written.text
    quoted_title = written_title if title is None else clean(title)
    description = write_description(writer, tags)
    if description and written_title and description.strip() == written_title.strip():
        description = ""
    return Listing(
        channel=channel.id,
        language=language,
        title=written_title,
        added_to_title=written.added,
        description=description,
        bullets=write_bullets(writer),
        hashtags=written_tags,
        caption=write_caption(writer, tags, both),
        catalogue_text=write_catalogue_text(writer, quoted_title),
    )
