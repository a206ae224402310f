"""Accounts: registration, login, logout, password change and the interface language."""
