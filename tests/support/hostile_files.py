"""Spreadsheets built to hurt an importer: minimal XLSX parts written by hand, streamed
into the zip so that building a 200 MB entry costs the test little memory."""
from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable

CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    b'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    b'officedocument.spreadsheetml.sheet.main+xml"/>'
    b'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
    b'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
    b'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
ROOT_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
    b'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
    b'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    b'Target="xl/workbook.xml"/></Relationships>')
WORKBOOK = (
    b'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.'
    b'openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.'
    b'org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" '
    b'r:id="rId1"/></sheets></workbook>')
WORKBOOK_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
    b'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
    b'schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    b'Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.'
    b'openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
    b'Target="sharedStrings.xml"/></Relationships>')
MAIN = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def xlsx(sheet: Iterable[bytes], shared_strings: Iterable[bytes] | None = None) -> bytes:
    """A workbook of one sheet; `sheet` and `shared_strings` are the parts' XML in chunks."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        for name, chunks in (("xl/worksheets/sheet1.xml", sheet),
                             ("xl/sharedStrings.xml", shared_strings or sst([]))):
            with archive.open(name, "w", force_zip64=False) as part:
                for chunk in chunks:
                    part.write(chunk)
    return out.getvalue()


def sheet_xml(rows: Iterable[bytes], dimension: str = "") -> Iterable[bytes]:
    yield b'<?xml version="1.0" encoding="UTF-8"?><worksheet ' + MAIN + b">"
    if dimension:
        yield b'<dimension ref="' + dimension.encode() + b'"/>'
    yield b"<sheetData>"
    yield from rows
    yield b"</sheetData></worksheet>"


def row(number: int, cells: Iterable[tuple[str, str]]) -> bytes:
    """A row of inline-string cells: cells are (column letters, text)."""
    inner = "".join(f'<c r="{col}{number}" t="inlineStr"><is><t>{text}</t></is></c>'
                    for col, text in cells)
    return f'<row r="{number}">{inner}</row>'.encode()


def sst(strings: Iterable[str], chunk: int = 4096) -> Iterable[bytes]:
    yield b'<?xml version="1.0" encoding="UTF-8"?><sst ' + MAIN + b">"
    batch = []
    for text in strings:
        batch.append(f"<si><t>{text}</t></si>")
        if len(batch) >= chunk:
            yield "".join(batch).encode()
            batch = []
    yield "".join(batch).encode()
    yield b"</sst>"


def repeated_strings(megabytes: int) -> Iterable[bytes]:
    """A shared-strings part of `megabytes` MB that packs about 500 times."""
    yield b'<?xml version="1.0" encoding="UTF-8"?><sst ' + MAIN + b">"
    block = (b"<si><t>" + b"x" * 1009 + b"</t></si>") * 1000
    for _ in range(megabytes):
        yield block
    yield b"</sst>"


def many_entries(count: int) -> bytes:
    """A zip of `count` empty entries: its central directory alone is the weight."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        for n in range(count):
            archive.writestr(format(n, "x"), b"")
    return out.getvalue()
