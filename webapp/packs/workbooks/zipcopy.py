"""Rewriting one entry of a ZIP and copying every other entry's bytes as they were.

Each other entry's local record (header, compressed data, data descriptor) and central record
are copied byte for byte, only the offsets moved, so the seller centre's parts (styles, the
category list sheet, the token row's shared strings) reach it exactly as it made them. The new
entry keeps its name, date and attributes and is stored uncompressed: its bytes then depend only
on the template and the rows, never on the zlib build of the worker (a pack is reproducible).
open_package has already refused what this cannot copy (ZIP64, bytes before the first entry).
Pure: no Flask, no ORM.
"""

from __future__ import annotations

import struct
import zlib

from webapp.packs.workbooks.package import CENTRAL, EOCD, EOCD_SIZE, LOCAL, TemplateError

CENTRAL_FIXED = 46
LOCAL_FIXED = 30
DESCRIPTOR = b"PK\x07\x08"
CENTRAL_FORMAT = "<4s6H3L5H2L"
LOCAL_FORMAT = "<4s5H3L2H"
STORED = 0
HAS_DESCRIPTOR = 0x08


def replace_entry(data: bytes, name: str, content: bytes) -> bytes:
    """Return the ZIP with entry name's content replaced, every other entry unchanged."""
    end = data.rfind(EOCD, max(0, len(data) - EOCD_SIZE - 65_535))
    fields = struct.unpack("<4s4H2LH", data[end:end + EOCD_SIZE])
    total, offset = fields[4], fields[6]
    comment = data[end + EOCD_SIZE:end + EOCD_SIZE + fields[7]]
    records, central, position, found = [], [], offset, False
    for _ in range(total):
        record = central_record(data, position)
        position += len(record)
        start = sum(len(part) for part in records)
        name_bytes = record[CENTRAL_FIXED:CENTRAL_FIXED + struct.unpack("<H", record[28:30])[0]]
        if name_bytes.decode("utf-8", "replace") == name or name_bytes.decode("cp437") == name:
            found = True
            local, record = stored_entry(record, name_bytes, content, start)
        else:
            local = local_record(data, record)
            record = record[:42] + struct.pack("<L", start) + record[CENTRAL_FIXED:]
        records.append(local)
        central.append(record)
    if not found:
        raise TemplateError("damaged")
    body = b"".join(records)
    directory = b"".join(central)
    tail = struct.pack("<4s4H2LH", EOCD, fields[1], fields[2], total, total, len(directory),
                       len(body), len(comment)) + comment
    return body + directory + tail


def central_record(data: bytes, position: int) -> bytes:
    """Return the central directory record starting at position."""
    if data[position:position + 4] != CENTRAL:
        raise TemplateError("damaged")
    names, extra, comment = struct.unpack("<3H", data[position + 28:position + 34])
    return data[position:position + CENTRAL_FIXED + names + extra + comment]


def local_record(data: bytes, record: bytes) -> bytes:
    """Return an entry's local header, data and data descriptor, as they are in the file."""
    flags = struct.unpack("<H", record[8:10])[0]
    size = struct.unpack("<L", record[20:24])[0]
    start = struct.unpack("<L", record[42:46])[0]
    if data[start:start + 4] != LOCAL:
        raise TemplateError("damaged")
    names, extra = struct.unpack("<2H", data[start + 26:start + LOCAL_FIXED])
    end = start + LOCAL_FIXED + names + extra + size
    if flags & HAS_DESCRIPTOR:
        end += 16 if data[end:end + 4] == DESCRIPTOR else 12
    if end > len(data):
        raise TemplateError("damaged")
    return data[start:end]


def stored_entry(record: bytes, name: bytes, content: bytes, start: int) -> tuple[bytes, bytes]:
    """Return (local record, central record) of the new content, stored, at offset start."""
    (_sig, made_by, needed, flags, _method, time, day, _crc, _csize, _usize, _names, _extra,
     comments, disk, internal, external, _offset) = struct.unpack(CENTRAL_FORMAT,
                                                                 record[:CENTRAL_FIXED])
    flags &= ~HAS_DESCRIPTOR  # sizes go in the header: no descriptor after the data
    crc = zlib.crc32(content) & 0xFFFFFFFF
    size = len(content)
    local = struct.pack(LOCAL_FORMAT, LOCAL, needed, flags, STORED, time, day, crc, size, size,
                        len(name), 0) + name + content
    comment = record[len(record) - comments:] if comments else b""
    central = struct.pack(CENTRAL_FORMAT, CENTRAL, made_by, needed, flags, STORED, time, day,
                          crc, size, size, len(name), 0, comments, disk, internal, external,
                          start) + name + comment
    return local, central
