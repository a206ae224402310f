"""Password policy (OWASP ASVS 6.2): length, a common-password list, no composition rules."""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from flask_babel import gettext as _

MIN_PASSWORD = 8
MAX_PASSWORD = 128


@cache
def common_passwords() -> frozenset[str]:
    """Return the passwords refused because attackers try them first (OWASP ASVS 6.2.4 asks
    for at least the top 3,000 that the length rule allows).

    The ranked list zxcvbn ships (30,000 passwords from breach corpora) gives about 11,600 of
    eight characters or more; our data file adds Indonesian words and phrases.
    """
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    text = files("webapp").joinpath("data/common_passwords.txt").read_text(encoding="utf-8")
    lines = (line.strip() for line in text.splitlines())
    ours = {line.lower() for line in lines if line and not line.startswith("#")}
    ranked = {word.lower() for word in FREQUENCY_LISTS["passwords"] if len(word) >= MIN_PASSWORD}
    return frozenset(ours | ranked)


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
