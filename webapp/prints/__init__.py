"""Print files: hang tags, a story card and label sheets, with a QR code that leads to the maker.

The core (model, qr, layouts, fitting, render) is pure: plain dataclasses in, PDF bytes out, no
Flask or ORM. facts.py builds the inputs from a Brand and its products; cli.py is `flask print`.
"""
