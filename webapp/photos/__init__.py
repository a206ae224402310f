"""Product photos: upload, the owner's choices, and channel renditions."""
