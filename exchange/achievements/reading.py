"""Reading an import file within bounds, before and while it is parsed.

Any studio member can upload a file, so a file must not be able to pin a worker. Before a
parser sees it, an upload is refused when it is too large in bytes or, for an XLSX, when
`xlsx_bounds` refuses the zip or its parts. While parsing, only the first MAX_COLUMNS
columns are read, whatever size the sheet declares, and reading stops at the first row
past MAX_ROWS. A CSV is read line by line with bounded lines and fields.
Trust rule: files in and out (every import is bounded before it is parsed).
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from contextlib import closing

from flask_babel import lazy_gettext as _l

from exchange.achievements import xlsx_bounds

MAX_BYTES = 10 * 1024 * 1024  # the upload itself
MAX_ROWS = 20_000  # rows with content, after the header
MAX_LINES = 5 * MAX_ROWS  # lines read in all, empty ones included
MAX_COLUMNS = 40  # the template has 12; extra columns are ignored
# CSV: the csv module's own field limit (128 KB) raises csv.Error past it.
MAX_CSV_FIELD = 128 * 1024
MAX_CSV_LINE = 512 * 1024  # characters on one physical line


class FileProblem(Exception):
    """The file as a whole cannot be read (format, encoding, header, size)."""


def read_rows(data: bytes, filename: str) -> list[tuple]:
    """The header and the rows of the first sheet, as tuples of raw cell values (None,
    str, numbers), at most MAX_COLUMNS wide. Raises FileProblem."""
    if len(data) > MAX_BYTES:
        raise FileProblem(_l("The file is larger than %(max)d MB: split it into several "
                             "files.", max=MAX_BYTES // (1024 * 1024)))
    if data.startswith(b"PK\x03\x04"):
        try:
            xlsx_bounds.check(data, max_rows=MAX_LINES)
        except xlsx_bounds.TooManyRows as refused:
            raise FileProblem(_too_many_lines()) from refused
        except xlsx_bounds.OutOfBounds as refused:
            raise FileProblem(refused.args[0]) from refused
        return bounded(_xlsx_rows(data))
    if filename.lower().endswith((".xlsx", ".xls")):
        raise FileProblem(_l("Save the spreadsheet as .xlsx (Excel 2007 or later) or CSV."))
    return bounded(_csv_rows(data))


def bounded(rows: Iterator[Iterable]) -> list[tuple]:
    """Take rows until the limits: FileProblem at the first row past MAX_ROWS (rows with
    content after the header) or past MAX_LINES lines; nothing after it is read."""
    table: list[tuple] = []
    content_rows = 0
    with closing(rows):
        for line, row in enumerate(rows, start=1):
            if line > MAX_LINES:
                raise FileProblem(_too_many_lines())
            row = tuple(row)[:MAX_COLUMNS]
            if not any(_filled(value) for value in row):
                table.append(())
                continue
            if line > 1:
                content_rows += 1
                if content_rows > MAX_ROWS:
                    raise FileProblem(_l("At most %(max)d rows per file.", max=MAX_ROWS))
            table.append(row)
    while table and not table[-1]:
        table.pop()
    return table


def _too_many_lines():
    return _l("The sheet has more than %(lines)d lines: split it into files of at most "
              "%(max)d rows.", lines=MAX_LINES, max=MAX_ROWS)


def _filled(value) -> bool:
    return value is not None and (not isinstance(value, str) or bool(value.strip()))


# --- XLSX -----------------------------------------------------------------------------

def _xlsx_rows(data: bytes) -> Iterator[tuple]:
    try:
        from openpyxl import load_workbook  # ~0.4 s to import: only when a workbook comes

        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken file
        raise FileProblem(_l("The XLSX file cannot be read.")) from exc
    try:
        if not workbook.worksheets:
            raise FileProblem(_l("The file is empty."))
        sheet = workbook.worksheets[0]
        # A declared <dimension ref="A1:XFD1048576"/> would pad every row to 16,384
        # columns; read only the columns an import can use, as far as rows go.
        sheet.reset_dimensions()
        yield from sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True)
    except FileProblem:
        raise
    except Exception as exc:  # a sheet broken half-way through
        raise FileProblem(_l("The XLSX file cannot be read.")) from exc
    finally:
        workbook.close()


# --- CSV ------------------------------------------------------------------------------

def _csv_rows(data: bytes) -> Iterator[list[str]]:
    for encoding in ("utf-8-sig", "gb18030"):  # Excel in China saves CSV as GBK
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise FileProblem(_l("The CSV file is neither UTF-8 nor GBK text."))
    if "\x00" in text:
        raise FileProblem(_l("This is not a CSV or XLSX file."))
    reader = csv.reader(_lines(io.StringIO(text, newline="")))
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise FileProblem(_l("Line %(line)d cannot be read: a cell holds more than "
                                 "%(max)d characters or its quotes do not match.",
                                 line=reader.line_num, max=MAX_CSV_FIELD)) from exc
        yield row[:MAX_COLUMNS]


def _lines(source: Iterable[str]) -> Iterator[str]:
    # The csv module builds a whole row before anyone can look at it: bound the line.
    for number, line in enumerate(source, start=1):
        if len(line) > MAX_CSV_LINE:
            raise FileProblem(_l("Line %(line)d is longer than %(max)d characters.",
                                 line=number, max=MAX_CSV_LINE))
        yield line
