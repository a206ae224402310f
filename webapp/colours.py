"""Colour arithmetic shared by the pack's web page and the print files (WCAG 2 contrast)."""

from __future__ import annotations


def luminance(colour: str) -> float:
    """Return the relative luminance of a #rrggbb colour (WCAG 2)."""
    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def contrast(first: str, second: str) -> float:
    """Return the WCAG contrast ratio of two #rrggbb colours (1 to 21)."""
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
