"""Listing packs: one ZIP per brand with every channel's images, copy and bulk-upload sheets."""
