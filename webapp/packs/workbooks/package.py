"""The XLSX as a hostile upload: a ZIP opened with limits, XML parsed with defusedxml, and the
workbook's parts (sheets, defined names, shared strings) found through its relationships.

An owner uploads the template from their seller centre, so the bytes are untrusted:
- the file is at most 10 MB, holds at most MAX_ENTRIES entries and unpacks to at most
  MAX_UNPACKED bytes (declared sizes, which zipfile also enforces while reading, so a ZIP bomb
  that lies about its sizes is cut off at what it declared);
- every XML part is parsed by defusedxml with DTDs forbidden, so no entity can expand and no
  external resource is fetched; a relationship marked External is never followed;
- an encrypted entry, a ZIP64 archive or bytes before the first entry are refused: the filler
  copies every other entry byte for byte and needs a plain archive to do so.
Pure: no Flask, no ORM.
"""

from __future__ import annotations

import functools
import io
import posixpath
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring, iterparse

from webapp.domain import DomainError

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_ENTRIES = 1000
MAX_UNPACKED = 150 * 1024 * 1024
MAX_PART = 80 * 1024 * 1024  # one XML part, unpacked
MAX_SHARED_STRINGS = 500_000
MAX_SHEETS = 250
EOCD = b"PK\x05\x06"
EOCD_SIZE = 22
CENTRAL = b"PK\x01\x02"
LOCAL = b"PK\x03\x04"
ZIP64_LOCATOR = b"PK\x06\x07"
RELS_TYPE_DOCUMENT = "/officeDocument"
RELS_TYPE_SHEET = "/worksheet"
RELS_TYPE_STRINGS = "/sharedStrings"
#: What a malformed file can make the standard library raise while we read it.
MALFORMED = (ValueError, LookupError, TypeError, struct.error, zipfile.BadZipFile,
             OSError, EOFError, RecursionError, UnicodeError, zlib.error, NotImplementedError)
Result = TypeVar("Result")


class TemplateError(DomainError):
    """A seller centre template cannot be read or filled; the code says why."""

    domain = "template"


def guarded(function: Callable[..., Result]) -> Callable[..., Result]:
    """Make a reader or filler raise TemplateError, never anything else, for any bytes."""

    @functools.wraps(function)
    def run(*args: Any, **kwargs: Any) -> Result:
        """Call function, turning a malformed file's errors into TemplateError('damaged')."""
        try:
            return function(*args, **kwargs)
        except TemplateError:
            raise
        except MALFORMED as error:
            raise TemplateError("damaged") from error

    return run


def local(tag: Any) -> str:
    """Return an element's name without its namespace ('{ns}row' -> 'row')."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def parse_xml(data: bytes) -> Element:
    """Parse one XML part safely: no DTD, no entities, no external references."""
    try:
        return fromstring(data, forbid_dtd=True)
    except DefusedXmlException:
        raise TemplateError("unsafe_xml") from None
    except (ParseError, ValueError, LookupError):  # LookupError: an unknown encoding declared
        raise TemplateError("damaged") from None


def iter_xml(data: bytes, events: tuple[str, ...] = ("start", "end")) -> Iterator[tuple[str, Any]]:
    """Parse one XML part as a stream of (event, element), with the same protections."""
    try:
        yield from iterparse(io.BytesIO(data), events=events, forbid_dtd=True)
    except DefusedXmlException:
        raise TemplateError("unsafe_xml") from None
    except (ParseError, ValueError, LookupError):  # LookupError: an unknown encoding declared
        raise TemplateError("damaged") from None


def check_xml(data: bytes) -> None:
    """Refuse a part that is not well-formed, safe XML, holding only one element in memory
    at a time (the filler splices text, so it must know every tag closes)."""
    for _event, element in iter_xml(data, ("end",)):
        element.clear()


@dataclass(frozen=True)
class SheetPart:
    """A worksheet of the workbook: its tab name, its entry in the ZIP and whether it is shown."""

    name: str
    path: str
    hidden: bool = False


@dataclass
class Package:
    """An opened template: its entries, its sheets and defined names, read on demand."""

    data: bytes
    archive: zipfile.ZipFile
    sheets: list[SheetPart] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)  # defined name -> formula
    strings_path: str = ""
    _strings: list[str] | None = None

    def read(self, name: str) -> bytes:
        """Return an entry's bytes, never more than it declared or MAX_PART."""
        try:
            info = self.archive.getinfo(name)
        except KeyError:
            raise TemplateError("damaged") from None
        if info.file_size > MAX_PART:
            raise TemplateError("unpacked_too_large")
        try:
            with self.archive.open(info) as handle:
                return handle.read(MAX_PART + 1)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError):
            raise TemplateError("damaged") from None

    def has(self, name: str) -> bool:
        """True when the archive holds an entry of that name."""
        return name in self.archive.NameToInfo

    def shared_strings(self) -> list[str]:
        """Return the workbook's shared strings (read once)."""
        if self._strings is None:
            self._strings = read_shared_strings(self.read(self.strings_path)) \
                if self.strings_path and self.has(self.strings_path) else []
        return self._strings


def open_package(data: bytes) -> Package:
    """Open template bytes as an XLSX, checking every limit; raise TemplateError otherwise."""
    if not isinstance(data, bytes | bytearray):
        raise TemplateError("not_xlsx")
    if len(data) > MAX_FILE_BYTES:
        raise TemplateError("too_large", max_bytes=MAX_FILE_BYTES)
    data = bytes(data)
    if not data.startswith(LOCAL):
        raise TemplateError("not_xlsx")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, struct.error):
        raise TemplateError("not_xlsx") from None
    check_entries(infos)
    check_plain_archive(data, infos)
    package = Package(data, archive)
    read_workbook(package)
    return package


def check_entries(infos: list[zipfile.ZipInfo]) -> None:
    """Refuse too many entries, too much unpacked data, repeated names and encryption."""
    if len(infos) > MAX_ENTRIES:
        raise TemplateError("unpacked_too_large")
    if sum(info.file_size for info in infos) > MAX_UNPACKED:
        raise TemplateError("unpacked_too_large")
    names = [info.filename for info in infos]
    if len(set(names)) != len(names):
        raise TemplateError("damaged")
    if any(info.flag_bits & 0x1 for info in infos):
        raise TemplateError("damaged")
    if any(info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
           for info in infos):
        raise TemplateError("unsupported")


def check_plain_archive(data: bytes, infos: list[zipfile.ZipInfo]) -> None:
    """Refuse what the byte-for-byte copy cannot keep: ZIP64, prepended bytes, odd layouts."""
    end = data.rfind(EOCD, max(0, len(data) - EOCD_SIZE - 65_535))
    if end < 0 or data.rfind(ZIP64_LOCATOR, 0, end) >= max(0, end - 20):
        raise TemplateError("unsupported")
    _sig, _disk, _start, _here, total, size, offset, _comment = struct.unpack(
        "<4s4H2LH", data[end:end + EOCD_SIZE])
    if total != len(infos) or offset + size != end or 0xFFFFFFFF in (size, offset):
        raise TemplateError("unsupported")
    check_layout(data, infos, offset)


def check_layout(data: bytes, infos: list[zipfile.ZipInfo], directory: int) -> None:
    """Refuse entries whose data overlap or reach into the central directory, and local headers
    that name another entry: many records pointing at one large entry would otherwise be copied
    once per record when the template is filled (a file of gigabytes from a small upload)."""
    end_of_last = 0
    for info in sorted(infos, key=lambda item: item.header_offset):
        start = info.header_offset
        if data[start:start + 4] != LOCAL or info.file_size >= 0xFFFFFFFF or start < end_of_last:
            raise TemplateError("unsupported")
        name_length, extra_length = struct.unpack("<2H", data[start + 26:start + 30])
        name = data[start + 30:start + 30 + name_length]
        if name not in (info.filename.encode("utf-8"), info.filename.encode("cp437", "replace")):
            raise TemplateError("damaged")
        end_of_last = start + 30 + name_length + extra_length + info.compress_size
        if end_of_last > directory:
            raise TemplateError("damaged")


# --- the workbook's parts ------------------------------------------------------------------------

def relationships(package: Package, part: str) -> dict[str, tuple[str, str]]:
    """Return a part's relationships: id -> (type, entry path); External ones are left out."""
    folder, name = posixpath.split(part)
    rels = posixpath.join(folder, "_rels", f"{name}.rels")
    if not package.has(rels):
        return {}
    found = {}
    for element in parse_xml(package.read(rels)).iter():
        if local(element.tag) != "Relationship":
            continue
        if element.get("TargetMode", "").lower() == "external":
            continue  # never follow a link outside the file
        target = element.get("Target", "")
        path = target.lstrip("/") if target.startswith("/") else \
            posixpath.normpath(posixpath.join(folder, target))
        found[element.get("Id", "")] = (element.get("Type", ""), path)
    return found


def read_workbook(package: Package) -> None:
    """Find the workbook part, its sheets in tab order, defined names and shared strings."""
    document = next((path for kind, path in relationships(package, "").values()
                     if kind.endswith(RELS_TYPE_DOCUMENT)), "xl/workbook.xml")
    if not package.has(document):
        raise TemplateError("not_xlsx")
    rels = relationships(package, document)
    root = parse_xml(package.read(document))
    for element in root.iter():
        name = local(element.tag)
        if name == "sheet" and len(package.sheets) < MAX_SHEETS:
            rel = next((value for key, value in element.attrib.items()
                        if local(key) == "id"), "")
            kind, path = rels.get(rel, ("", ""))
            if kind.endswith(RELS_TYPE_SHEET) and package.has(path):
                package.sheets.append(SheetPart(element.get("name", ""), path,
                                                element.get("state", "visible") != "visible"))
        elif name == "definedName" and element.get("localSheetId") is None:
            package.names.setdefault(element.get("name", ""), (element.text or "").strip())
    package.strings_path = next((path for kind, path in rels.values()
                                 if kind.endswith(RELS_TYPE_STRINGS)), "")


def read_shared_strings(data: bytes) -> list[str]:
    """Return the shared strings' texts (rich runs joined, phonetic guides left out)."""
    strings: list[str] = []
    for event, element in iter_xml(data, ("end",)):
        if event == "end" and local(element.tag) == "si":
            strings.append(item_text(element))
            element.clear()
            if len(strings) > MAX_SHARED_STRINGS:
                raise TemplateError("unpacked_too_large")
    return strings


def item_text(element: Element) -> str:
    """Return the text of a string item (<si> or <is>): its <t>, or its runs' <t> joined."""
    parts = []
    for child in element:
        name = local(child.tag)
        if name == "t":
            parts.append(child.text or "")
        elif name == "r":
            parts.extend(run.text or "" for run in child if local(run.tag) == "t")
    return "".join(parts)
