"""`flask --app webapp class report --code CODE --out FILE.csv|FILE.xlsx`: a class's report."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import click
from flask.cli import AppGroup

from webapp.cli import fail

LANGUAGES = ("id", "en")
SUFFIXES = (".csv", ".xlsx")
class_cli = AppGroup("class", help="Classes (kelas): a class's report for the programme's records.")


@class_cli.command("report")
@click.option("--code", required=True, help="The class's code, as owners type it to join.")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False),
              help="Where to write the report: a .csv or .xlsx file.")
@click.option("--lang", "language", default="id", type=click.Choice(LANGUAGES))
def report_command(code: str, out: str, language: str) -> None:
    """Write the report of the class with CODE: one row per shared brand and a summary."""
    from flask import current_app

    from webapp.classes.report import class_report, report_csv_bytes, report_xlsx_bytes
    from webapp.classes.service import ClassError, class_by_code

    target = Path(out)
    if target.suffix.lower() not in SUFFIXES:
        fail(f"--out must end in .csv or .xlsx, not {target.name!r}")
    try:
        kelas = class_by_code(code)
    except ClassError:
        fail(f"no class with code {code!r}")
    report = class_report(kelas, bool(current_app.config.get("PUBLIC_URL")),
                          zone=current_app.config["BABEL_DEFAULT_TIMEZONE"], language=language)
    data = (report_csv_bytes(report) if target.suffix.lower() == ".csv"
            else report_xlsx_bytes(report))
    try:
        write_bytes(target, data)
    except OSError as error:
        fail(f"cannot write {target}: {error.strerror or error}")
    click.echo(f"{target} ({len(report.rows)} brands, {len(data)} bytes)", err=True)


def write_bytes(path: Path, data: bytes) -> None:
    """Write data to path through a temporary file, so a crash never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("wb", dir=path.parent, delete=False,
                                     prefix=f".{path.name}.") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(handle.name, path)
