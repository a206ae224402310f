"""Commands: `flask channels show [ID] [--json]`, `flask copy check --channel ID ...` and
`flask copy write --facts FILE.json --channel ID` (bad facts: a one-line reason, exit 1).

Bad input gives a one-line reason and exit status 2, never a traceback. `copy check` exits 1 when
a finding blocks the listing and 0 otherwise, so it can guard a script.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click
from flask.cli import AppGroup

from webapp.datafiles import DataError
from webapp.lazy import lazy

if TYPE_CHECKING:
    from webapp.listings.channels import Channel
    from webapp.listings.findings import Finding

channels_data = lazy("webapp.listings.channels")
checker = lazy("webapp.listings.checker")
facts = lazy("webapp.listings.facts")
vocab = lazy("webapp.vocab")

channels_cli = AppGroup("channels", help="Sales channels: copy rules and image presets.")
copy_cli = AppGroup("copy", help="Listing copy: check text against a channel's rules.")

MAX_FILE_BYTES = 1_000_000


class BadInput(click.ClickException):
    """A one-line reason for input the command cannot use."""

    exit_code = 2



def find_channel(channel_id: str | None) -> Channel:
    """Return the channel for channel_id, or stop with a one-line reason."""
    if not channel_id:
        raise BadInput("give a channel with --channel ID (see `flask channels show`)")
    try:
        return channels_data.get_channel(channel_id)
    except channels_data.UnknownChannelError as error:
        raise BadInput(str(error)) from None
    except DataError as error:
        raise BadInput(str(error)) from None


def mark(fact) -> str:
    """Return a figure with a short note of how sure it is."""
    if fact is None:
        return "-"
    value = fact.value
    value = ", ".join(map(str, value)) if isinstance(value, tuple) else value
    return f"{value} ({fact.source.confidence})"


def describe(channel: Channel) -> list[str]:
    """Return a channel as readable lines."""
    lines = [f"{channel.id}: {channel.name} [{channel.kind}, {channel.language}]"]
    for section in ("title", "description", "caption"):
        rules = getattr(channel, section)
        if rules is not None:
            figures = [f"{name} {mark(getattr(rules, name))}"
                       for name in ("min", "max", "recommended_min", "recommended_max",
                                    "min_words") if getattr(rules, name) is not None]
            lines.append(f"  {section}: {'; '.join(figures) or '-'}")
            if rules.pattern is not None:
                lines.append(f"  {section} pattern: {' + '.join(rules.pattern.value)}")
    if channel.hashtags is not None:
        lines.append(f"  hashtags ({channel.hashtags.style}): max {mark(channel.hashtags.max)}")
    if channel.images is not None:
        lines.append(f"  photos: {mark(channel.images.min)} to {mark(channel.images.max)}")
    if channel.bullets is not None:
        lines.append(f"  bullets: {mark(channel.bullets.max_count)} of "
                     f"{mark(channel.bullets.max_chars)} characters")
    rules_text = ", ".join(f"{name}={fact.value}" for name, fact in channel.rules.items())
    lines.append(f"  rules: {rules_text or '-'}")
    for preset in channel.presets:
        lines.append(
            f"  preset {preset.name}: {preset.width}x{preset.height} {preset.fit} "
            f"background {preset.background} fill {preset.min_fill:g} {preset.format} "
            f"<= {preset.max_bytes} bytes, source >= {preset.min_source[0]}x"
            f"{preset.min_source[1]}, watermark {'yes' if preset.watermark_allowed else 'no'}")
    return lines


@channels_cli.command("show")
@click.argument("channel_id", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print the data, with sources, as JSON.")
def channels_show(channel_id: str | None, as_json: bool) -> None:
    """Show one channel (or all) with its limits, rules, presets and their sources."""
    try:
        channels = [find_channel(channel_id)] if channel_id else list(channels_data.load_channels())
    except DataError as error:
        raise BadInput(str(error)) from None
    if as_json:
        data = channels[0].to_dict() if channel_id else [c.to_dict() for c in channels]
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    for channel in channels:
        click.echo("\n".join(describe(channel)))


def read_text_file(path: str) -> str:
    """Return a UTF-8 text file's content ('-' reads standard input), or stop with a reason."""
    if path == "-":
        return click.get_text_stream("stdin").read(MAX_FILE_BYTES)
    file = Path(path)
    try:
        if not file.is_file():
            raise BadInput(f"{path}: no such file")
        if file.stat().st_size > MAX_FILE_BYTES:
            raise BadInput(f"{path}: larger than {MAX_FILE_BYTES} bytes")
        return file.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BadInput(f"{path}: not UTF-8 text") from None
    except OSError as error:
        raise BadInput(f"{path}: {error.strerror or 'cannot be read'}") from None


def finding_line(finding: Finding, language: str) -> str:
    """Return a finding as one readable line."""
    source = finding.source
    cite = f" [{source.confidence}: {source.url}]" if source else ""
    fix = finding.fix_message(language)
    return (f"{finding.severity.upper():6} {finding.field}: {finding.message(language)}"
            f"{' ' + fix if fix else ''}{cite}")


@copy_cli.command("check")
@click.option("--channel", "channel_id", help="Channel id, e.g. shopee.")
@click.option("--title", help="A title to check.")
@click.option("--description-file", "description_file",
              help="A UTF-8 file with the description ('-' for standard input).")
@click.option("--hashtags", help="Hashtags (or Etsy tags) to check.")
@click.option("--technique", help="The product's technique id (enables batik and tenun naming).")
@click.option("--brand", help="The brand's name (exempt from naming and repetition rules).")
@click.option("--lang", type=click.Choice(["id", "en"]), default="id", show_default=True,
              help="Language of the messages.")
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON.")
def copy_check(channel_id: str | None, title: str | None, description_file: str | None,
               hashtags: str | None, technique: str | None, brand: str | None, lang: str,
               as_json: bool) -> None:
    """Check a title, description or hashtags against a channel's rules."""
    channel = find_channel(channel_id)
    if title is None and description_file is None and hashtags is None:
        raise BadInput("give --title, --description-file or --hashtags to check")
    product = None
    if technique:
        if vocab.vocabulary().get("techniques", technique) is None:
            known = ", ".join(sorted(vocab.vocabulary().ids("techniques")))
            raise BadInput(f"unknown technique {technique!r}; known techniques: {known}")
        product = facts.ProductFacts(technique=technique)
    texts = {"title": title,
             "description": read_text_file(description_file) if description_file else None,
             "hashtags": hashtags}
    findings: dict[str, list[Finding]] = {}
    for field, text in texts.items():
        if text is not None:
            extra = {"title": title} if field == "description" else {}
            findings[field] = checker.check_text(channel, field, text, product=product, brand=brand,
                                         **extra)
    blocked = any(f.blocking for found in findings.values() for f in found)
    if as_json:
        data = {"channel": channel.id, "ok": not blocked,
                "findings": {field: [f.to_dict(lang) for f in found]
                             for field, found in findings.items()}}
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        lines = [finding_line(f, lang) for found in findings.values() for f in found]
        click.echo("\n".join(lines) if lines else f"OK: nothing to fix for {channel.name}.")
    if blocked:
        click.get_current_context().exit(1)


class WriteInputError(click.ClickException):
    """A one-line reason for a facts file `copy write` cannot use (exit status 1)."""

    exit_code = 1


@copy_cli.command("write")
@click.option("--facts", "facts_file", required=True, metavar="FILE.json",
              help="The product's and brand's facts (format: webapp/listings/factsfile.py).")
@click.option("--channel", "channel_id", required=True, help="Channel id, e.g. shopee.")
@click.option("--lang", type=click.Choice(["id", "en"]), default=None,
              help="Language of the copy (default: the channel's).")
@click.option("--json", "as_json", is_flag=True, help="Print the copy as JSON.")
def copy_write(facts_file: str, channel_id: str, lang: str | None, as_json: bool) -> None:
    """Write the title, description and hashtags of one product for one channel."""
    from webapp.listings.copywriter import write_listing
    from webapp.listings.factsfile import FactsError, read_facts

    try:
        channel = channels_data.get_channel(channel_id)
    except (channels_data.UnknownChannelError, DataError) as error:
        raise WriteInputError(str(error)) from None
    try:
        text = read_text_file(facts_file)
        product, brand = read_facts(json.loads(text))
    except BadInput as error:
        raise WriteInputError(error.message) from None
    except json.JSONDecodeError as error:
        reason = f"not JSON ({error.msg}, line {error.lineno})"
        raise WriteInputError(f"{facts_file}: {reason}") from None
    except FactsError as error:
        raise WriteInputError(f"{facts_file}: {error}") from None
    listing = write_listing(product, brand, channel, language=lang)
    found = checker.check_listing(channel, listing, product=product, brand=brand.name)
    language = lang or channel.language
    data = {
        "channel": channel.id, "language": listing.language,
        "title": measured(listing.title, channel.title),
        "description": measured(listing.description or listing.caption,
                                channel.description or channel.caption),
        "hashtags": list(listing.hashtags), "added_to_title": list(listing.added_to_title),
        "findings": [{"field": field, **finding.to_dict(language)}
                     for field, findings in found.items() for finding in findings],
    }
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        click.echo(f"{listing.title}\n\n{data['description']['text']}\n\n"
                   + " ".join(listing.hashtags))


def measured(text: str, rules) -> dict:
    """A text with its length as the channel counts it and the channel's limits."""
    from webapp.listings.detectors import text_length

    return {"text": text, "length": text_length(text),
            "limit": rules.value("max", None) if rules is not None else None,
            "recommended": rules.target_max() if rules is not None else None}

