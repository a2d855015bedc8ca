"""An XLSX (a zip of XML parts) checked against bounds before openpyxl parses it.

openpyxl reads the shared strings and the styles whole, and while it streams a sheet it
keeps every element it does not clear (anything outside the rows, every cell of the row
being read): a 2 MB upload of a million unknown elements took a worker to +460 MB. So,
before it runs: the central directory, the entry count, each entry's unpacked size and
its compression ratio are bounded (zipfile reads no more than an entry's declared size,
so the declared sizes bound what openpyxl reads), then every XML part is scanned with
expat without building anything: no DTD, no token longer than MAX_TOKEN bytes, at most
MAX_OUTSIDE elements outside a sheet's rows or in any other part, MAX_ROW_ELEMENTS in a
row or a shared string and MAX_ROWS_ELEMENTS in all of them, and at most max_rows rows
in a sheet (openpyxl passes over a whole sheet once when it declares no dimension,
keeping an element for each row).
Trust rule: files in and out (every import is bounded before it is parsed).
"""
from __future__ import annotations

import io
import struct
import zipfile
from xml.parsers import expat

from flask_babel import lazy_gettext as _l

MAX_ZIP_ENTRIES = 200  # Excel writes about a dozen
MAX_CENTRAL_DIRECTORY = 256 * 1024
MAX_SHEET_BYTES = 64 * 1024 * 1024  # a sheet is streamed: 20k long rows take ~30 MB
MAX_STRINGS_BYTES = 8 * 1024 * 1024  # the shared strings are read whole (~8x in memory)
MAX_PART_BYTES = 2 * 1024 * 1024  # styles, workbook, relationships… are read whole
MAX_UNPACKED_BYTES = 128 * 1024 * 1024
MAX_RATIO = 100  # unpacked / packed above RATIO_FLOOR; XML packs 5-30x, zip bombs ~1000x
RATIO_FLOOR = 1024 * 1024
MAX_TOKEN = 256 * 1024  # bytes between two '<': a tag, or a text (Excel: 32,767 chars)
MAX_OUTSIDE = 50_000
MAX_ROW_ELEMENTS = 2_000
# In all the rows of a sheet (20,000 rows x 40 columns x 3): parsing time stays near
# that of the largest real import.
MAX_ROWS_ELEMENTS = 2_500_000
SHEETS = frozenset({"worksheet", "chartsheet", "dialogsheet"})
CHUNK = 64 * 1024

_EOCD = struct.Struct("<4s4H2LH")  # end of central directory record
_EOCD_SIGNATURE = b"PK\x05\x06"
_ZIP64_LOCATOR = b"PK\x06\x07"

UNREADABLE = _l("The XLSX file cannot be read.")
TOO_LARGE = _l("The file is too large once unpacked: split it into several smaller files.")
TOO_COMPLEX = _l("The XLSX file holds too many parts or elements: copy the rows into the "
                 "import template and save it from Excel as a plain workbook.")


class OutOfBounds(ValueError):
    """The file is refused; args[0] is the message for the user."""


def check(data: bytes, max_rows: int) -> None:
    """Raise OutOfBounds unless the zip and each XML part in it is within bounds;
    TooManyRows when a sheet has more than `max_rows` rows."""
    archive = _open(data)
    infos = archive.infolist()
    if len(infos) > MAX_ZIP_ENTRIES:
        raise OutOfBounds(TOO_COMPLEX)
    total = 0
    for info in infos:
        total += info.file_size
        ratio_suspect = (info.file_size > RATIO_FLOOR
                         and info.file_size > MAX_RATIO * max(info.compress_size, 1))
        if info.file_size > _size_limit(info.filename) or total > MAX_UNPACKED_BYTES \
                or ratio_suspect:
            raise OutOfBounds(TOO_LARGE)
    for info in infos:
        if not info.is_dir():
            with archive.open(info) as stream:
                _Scan(stream, max_rows).run()


def _open(data: bytes) -> zipfile.ZipFile:
    # zipfile turns the whole central directory into objects (~600 bytes an entry): read
    # its size from the end record first.
    end = data.rfind(_EOCD_SIGNATURE, max(0, len(data) - 65_557))
    if end < 0 or len(data) - end < _EOCD.size:
        raise OutOfBounds(UNREADABLE)
    _sig, _disk, _start, _here, entries, directory_size, _offset, _comment = \
        _EOCD.unpack_from(data, end)
    if _ZIP64_LOCATOR in data[max(0, end - 20):end] or entries == 0xFFFF:
        raise OutOfBounds(UNREADABLE)  # an import file never needs zip64
    if directory_size > MAX_CENTRAL_DIRECTORY or entries > MAX_ZIP_ENTRIES:
        raise OutOfBounds(TOO_COMPLEX)
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as exc:
        raise OutOfBounds(UNREADABLE) from exc


def _size_limit(name: str) -> int:
    # By name for the size (openpyxl finds parts through the relationships, so a part
    # stored elsewhere gets the small limit); the element scan below goes by content.
    if name.startswith("xl/worksheets/"):
        return MAX_SHEET_BYTES
    if name == "xl/sharedStrings.xml":
        return MAX_STRINGS_BYTES
    return MAX_PART_BYTES


class TooManyRows(OutOfBounds):
    """A sheet has more rows than an import reads."""


class _Scan:
    """Count the elements of one part as openpyxl would keep them, building nothing."""

    def __init__(self, stream, max_rows: int):
        self.stream, self.max_rows = stream, max_rows
        self.kind = ""  # the root element's local name
        self.depth = 0
        self.item_depth = 0  # depth of the rows (sheet) or strings (sst) being counted
        self.outside = self.items = self.in_item = self.in_items = 0

    def run(self) -> None:
        head = self.stream.read(CHUNK)
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise OutOfBounds(UNREADABLE)  # Excel writes UTF-8 parts
        if not head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
            return  # not XML (an image…): openpyxl does not parse it as XML
        parser = expat.ParserCreate()
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        parser.StartDoctypeDeclHandler = self.doctype
        parser.EntityDeclHandler = self.doctype
        run = 0  # bytes since the last '<', carried across chunks
        chunk = head
        try:
            while chunk:
                pieces = chunk.split(b"<")
                if len(pieces) == 1:
                    run += len(chunk)
                else:
                    run = max(run + len(pieces[0]), max(map(len, pieces[1:-1]), default=0))
                    if run > MAX_TOKEN:
                        raise OutOfBounds(TOO_COMPLEX)
                    run = len(pieces[-1])
                if run > MAX_TOKEN:
                    raise OutOfBounds(TOO_COMPLEX)
                parser.Parse(chunk, False)
                chunk = self.stream.read(CHUNK)
            parser.Parse(b"", True)
        except expat.ExpatError as exc:
            raise OutOfBounds(UNREADABLE) from exc

    def doctype(self, *_args) -> None:
        raise OutOfBounds(UNREADABLE)  # no part of an XLSX declares a DTD or entities

    def start(self, name: str, _attrs) -> None:
        depth = self.depth = self.depth + 1
        if self.item_depth and depth > self.item_depth:
            # Inside a row or a shared string: openpyxl clears these once it has read it.
            self.in_item += 1
            self.in_items += 1
            if self.in_item > MAX_ROW_ELEMENTS or self.in_items > MAX_ROWS_ELEMENTS:
                raise OutOfBounds(TOO_COMPLEX)
            return
        if self.item_depth and depth == self.item_depth:
            self.in_item = 0
            self.items += 1
            if self.kind in SHEETS and self.items > self.max_rows:
                raise TooManyRows(TOO_LARGE)
            return
        local = name.rpartition(":")[2]
        if depth == 1:
            self.kind = local
            self.item_depth = 2 if local == "sst" else 0
        elif depth == 2 and self.kind in SHEETS:
            self.item_depth = 3 if local == "sheetData" else 0
        self.outside += 1
        if self.outside > MAX_OUTSIDE:
            raise OutOfBounds(TOO_COMPLEX)

    def end(self, _name: str) -> None:
        self.depth -= 1
        if self.kind in SHEETS and self.depth == 1:
            self.item_depth = 0  # out of sheetData
