"""The demo owner and the brand `contoh` with products and photos, for a first look around."""
