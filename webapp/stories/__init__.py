"""Story templates as data, the pure story writer and the pure wizard step logic."""
