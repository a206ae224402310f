"""The landing page and the owner's dashboard."""
