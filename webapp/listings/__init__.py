"""Listings: channel rules as data, the pure copywriter and rule checker, and their commands.

`channels` loads webapp/data/channels.toml; `copywriter` writes each channel's title, description,
bullets, hashtags, caption and catalogue text; `rules` checks any text against a channel and scores
a listing's completeness; `cli` adds `flask channels` and `flask copy`. The pure modules import
neither Flask nor the ORM.
"""
