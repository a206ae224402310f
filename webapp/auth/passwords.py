"""Password policy (OWASP ASVS 6.2): length, a common-password list, no composition rules."""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from flask_babel import gettext as _

MIN_PASSWORD = 8
MAX_PASSWORD = 128


@cache
def common_passwords() -> frozenset[str]:
    """Return the list of passwords that are refused because attackers try them first."""
    text = files("webapp").joinpath("data/common_passwords.txt").read_text(encoding="utf-8")
    lines = (line.strip() for line in text.splitlines())
    return frozenset(line.lower() for line in lines if line and not line.startswith("#"))


def password_problem(password: str, personal: list[str] | tuple[str, ...] = ()) -> str | None:
    """Return why password is refused, in the user's language, or None when it is acceptable."""
    if len(password) < MIN_PASSWORD:
        return _("Kata sandi minimal %(min)d karakter.", min=MIN_PASSWORD)
    if len(password) > MAX_PASSWORD:
        return _("Kata sandi paling banyak %(max)d karakter.", max=MAX_PASSWORD)
    folded = password.strip().lower()
    if len(set(folded)) <= 1:
        return _("Kata sandi ini terlalu mudah ditebak. Pakai gabungan beberapa kata.")
    if folded in common_passwords():
        return _("Kata sandi ini termasuk yang paling sering dipakai orang sehingga mudah "
                 "ditebak. Pakai gabungan beberapa kata yang hanya Anda ketahui.")
    if any(value and folded == value.strip().lower() for value in personal):
        return _("Kata sandi tidak boleh sama dengan email atau nama Anda.")
    return None
