"""Making text fit: shortening at a sentence or a word, dropping the lines or words a finding
points at or the line that matters least, and never saying a word twice.

Pure: no Flask, no ORM.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from webapp.listings.cleaning import title_safe
from webapp.listings.detectors import WORD, keywords, text_length
from webapp.listings.findings import Finding


def shorten(text: str, limit: int, *, ellipsis: bool = True) -> str:
    """Return text within limit characters, cut after a sentence if one fits, else between words."""
    if text_length(text) <= limit:
        return text
    sentences = re.split(r"(?<=[.!?])\s+", text)
    kept = ""
    for sentence in sentences:
        candidate = f"{kept} {sentence}".strip()
        if text_length(candidate) > limit:
            break
        kept = candidate
    if kept:
        return kept
    words = text.split()
    kept = ""
    for word in words:
        candidate = f"{kept} {word}".strip()
        if text_length(candidate) > limit - 1:
            break
        kept = candidate
    return f"{kept}…" if kept and ellipsis else kept


def dedupe(parts: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """Drop every word whose keywords appeared in an earlier part; the brand is a name and stays
    whole (repeated words inside it go)."""
    used: set[str] = set()
    result = []
    for name, text in parts:
        words = []
        seen_here: set[str] = set()
        for word in text.split():
            keys = keywords(word)
            pool = seen_here if name == "brand" else used | seen_here
            if keys and (any(key in pool for key in keys) or len(set(keys)) < len(keys)):
                continue
            seen_here.update(keys)
            words.append(word)
        if name != "brand":
            used.update(seen_here)
        kept = title_safe(" ".join(words))
        if WORD.search(kept):
            result.append((name, kept))
    return result


def drop_spans(text: str, findings: Sequence[Finding]) -> str:
    """Remove the whole words that findings point at."""
    spans = [f.span for f in findings if f.span]
    if not spans:
        return ""
    words, position = [], 0
    for word in text.split(" "):
        start, end = position, position + len(word)
        position = end + 1
        if not any(s < end and start < e for s, e in spans):
            words.append(word)
    return re.sub(r" {2,}", " ", " ".join(words)).strip()


def drop_lines(text: str, findings: Sequence[Finding]) -> str:
    """Remove the lines findings point at; without a span, the last line goes."""
    spans = [f.span for f in findings if f.span]
    lines = text.split("\n")
    if not spans:
        return "\n".join(lines[:-1]).strip()
    kept, position = [], 0
    for line in lines:
        start, end = position, position + len(line)
        position = end + 1
        if not any(s < end and start < e for s, e in spans):
            kept.append(line)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()


def drop_lowest(lines: list[tuple]) -> list[tuple]:
    """Remove the line with the lowest priority (its last item); the last of equals goes."""
    if not lines:
        return lines
    lowest = min(line[-1] for line in lines)
    index = max(i for i, line in enumerate(lines) if line[-1] == lowest)
    return lines[:index] + lines[index + 1:]


def unique(items) -> list[str]:
    """Return the non-empty items once each, first spelling kept, ignoring case."""
    seen: set[str] = set()
    result = []
    for item in items:
        key = " ".join(WORD.findall(item.casefold()))
        if key and key not in seen:
            seen.add(key)
            result.append(item)
    return result

