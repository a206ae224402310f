"""Products of a brand and their photos."""
