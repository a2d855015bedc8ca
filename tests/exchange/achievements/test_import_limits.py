"""Bounded imports: a hostile file gets a clear message and costs a worker little memory.

Trust rule: files in and out (every import is bounded in bytes, unpacked size, rows and
columns before it is parsed). Each hostile file is parsed in a forked process whose peak
RSS (ru_maxrss) is compared with its own RSS before parsing; an address-space cap makes a
regression fail with MemoryError instead of taking the machine's memory.
"""
from __future__ import annotations

import io
import multiprocessing
import resource
import time

import pytest
from openpyxl import Workbook

from exchange.achievements import reading, spreadsheets
from tests.exchange.achievements.test_spreadsheets import HEADERS, upload
from tests.support import hostile_files as hostile

MB = 1024 * 1024
BUDGET_MB = 100
GUARD = 1024 * MB  # address space the child may add before MemoryError


def header_row() -> bytes:
    letters = "ABCDEFGHIJKL"
    return hostile.row(1, zip(letters, HEADERS, strict=True))


def dimension_bomb():
    rows = [header_row()] + [hostile.row(n, [("A", f"名称{n}"), ("XFD", "远")])
                             for n in range(2, 5_001)]
    return hostile.xlsx(hostile.sheet_xml(rows, dimension="A1:XFD1048576")), "dim.xlsx"


def shared_strings_bomb():
    sheet = hostile.sheet_xml([hostile.row(1, [("A", "x")])])
    return hostile.xlsx(sheet, hostile.repeated_strings(200)), "sst.xlsx"


def numbered_rows(last: int):
    yield header_row()
    for start in range(2, last + 1, 10_000):
        yield b"".join(b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (n, n, n)
                       for n in range(start, min(start + 10_000, last + 1)))


def rows_60k():
    """As Excel writes it, with its dimension: reading stops at row 20,002."""
    sheet = hostile.sheet_xml(numbered_rows(60_001), dimension="A1:L60001")
    return hostile.xlsx(sheet), "rows.xlsx"


def rows_100k():
    """Without a dimension openpyxl would pass over every row first: refused before."""
    return hostile.xlsx(hostile.sheet_xml(numbered_rows(100_002))), "rows.xlsx"


def unknown_elements():
    def sheet():
        yield b'<?xml version="1.0" encoding="UTF-8"?><worksheet ' + hostile.MAIN + b"><x>"
        for start in range(0, 400_000, 10_000):  # before the fix: +180 MB
            yield b"".join(b"<a%x/>" % n for n in range(start, start + 10_000))
        yield b"</x><sheetData>" + header_row() + b"</sheetData></worksheet>"
    return hostile.xlsx(sheet()), "junk.xlsx"


def wide_row():
    cells = b"".join(b"<c><v>%d</v></c>" % n for n in range(200_000))
    return hostile.xlsx(hostile.sheet_xml([b'<row r="1">' + cells + b"</row>"])), "wide.xlsx"


def huge_cell():
    text = "".join(chr(0x4E00 + (n * 7919) % 20000) for n in range(300_000))
    return hostile.xlsx(hostile.sheet_xml([hostile.row(1, [("A", text)])])), "cell.xlsx"


def entity_expansion():
    """A billion laughs in the shared strings: no part of an XLSX declares a DTD."""
    levels = "".join(f'<!ENTITY e{n} "{f"&e{n - 1};" * 10}">' for n in range(1, 10))
    strings = (f'<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY e0 "ha">{levels}]>'
               f'<sst {hostile.MAIN.decode()}><si><t>&e9;</t></si></sst>').encode()
    sheet = hostile.sheet_xml([b'<row r="1"><c r="A1" t="s"><v>0</v></c></row>'])
    return hostile.xlsx(sheet, [strings]), "laughs.xlsx"


def many_entries():
    return hostile.many_entries(60_000), "entries.xlsx"  # zip64 from 65,535


def csv_rows_100k():
    return ("成果名称,成果类型\n" + "甲,发明专利\n" * 100_001).encode(), "rows.csv"


def csv_long_field():
    return ("成果名称,成果类型\n\"" + "长" * 200_000 + "\",发明专利\n").encode(), "field.csv"


def csv_wide_line():
    return b"," * 600_000 + b"\n", "wide.csv"


def too_many_bytes():
    return b"a," * (reading.MAX_BYTES // 2 + 1), "big.csv"


HOSTILE = {  # builder, what the importer must say (or the table it reads)
    "dimension_bomb": (dimension_bomb, ("rows", 5_000, reading.MAX_COLUMNS)),
    "shared_strings_bomb": (shared_strings_bomb, "too large once unpacked"),
    "rows_60k_xlsx": (rows_60k, "At most 20000 rows per file"),
    "rows_100k_xlsx": (rows_100k, "more than 100000 lines"),
    "unknown_elements": (unknown_elements, "too many parts or elements"),
    "wide_row": (wide_row, "too many parts or elements"),
    "huge_cell": (huge_cell, "too many parts or elements"),
    "entity_expansion": (entity_expansion, "cannot be read"),
    "many_entries": (many_entries, "too many parts or elements"),
    "rows_100k_csv": (csv_rows_100k, "At most 20000 rows per file"),
    "csv_long_field": (csv_long_field, "Line 2 cannot be read: a cell holds more than 131072"),
    "csv_wide_line": (csv_wide_line, "Line 1 is longer than 524288 characters"),
    "too_many_bytes": (too_many_bytes, "larger than 10 MB"),
}


def _vm_bytes() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError("no VmSize")


def _parse_in_child(data: bytes, name: str, conn) -> None:
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (_vm_bytes() + GUARD, hard))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    try:
        table = spreadsheets.read_table(data, name)
        outcome = ("rows", len(table), max(map(len, table)))
    except reading.FileProblem as problem:
        outcome = str(problem.args[0])
    except MemoryError:
        outcome = "MemoryError"
    except Exception as error:  # noqa: BLE001 - an unexpected error is the test's answer
        outcome = f"crash: {error!r}"
    peak_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    conn.send((peak_mb, time.perf_counter() - started, outcome))


def parse_in_worker(data: bytes, name: str):
    """(peak RSS added in MB, seconds, outcome) of read_table in a forked process."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_parse_in_child, args=(data, name, send))
    child.start()
    try:
        if not receive.poll(120):
            raise AssertionError("the parse did not end within 120 s")
        return receive.recv()
    finally:
        child.join(10)
        if child.is_alive():
            child.kill()


@pytest.mark.parametrize("case", HOSTILE)
def test_a_hostile_file_costs_under_100_mb_and_says_why(case):
    build, expected = HOSTILE[case]
    data, name = build()
    peak_mb, seconds, outcome = parse_in_worker(data, name)
    print(f"\n{case}: {len(data) / 1024:.0f} KB upload, +{peak_mb:.1f} MB peak, "
          f"{seconds:.2f} s: {outcome}")
    if isinstance(expected, tuple):
        assert tuple(outcome) == expected
    else:
        assert expected in outcome
    assert peak_mb < BUDGET_MB


def test_reading_stops_at_the_first_row_past_the_limit(monkeypatch):
    """Nothing after row MAX_ROWS + 1 is read (before the fix every row was read, then
    counted)."""
    monkeypatch.setattr(reading, "MAX_ROWS", 50)
    consumed = []

    def rows():
        for n in range(1_000):
            consumed.append(n)
            yield (f"名称{n}",)

    with pytest.raises(reading.FileProblem) as refused:
        reading.bounded(rows())
    assert "At most 50 rows" in str(refused.value.args[0])
    assert len(consumed) == 52  # the header, 50 rows and the one that is refused
    csv_data = ("成果名称\n" + "甲\n" * 60 + '"' + "长" * 200_000 + '"\n').encode()
    with pytest.raises(reading.FileProblem) as refused:
        reading.read_rows(csv_data, "x.csv")
    assert "At most 50 rows" in str(refused.value.args[0])  # the long field is not reached


def test_only_the_first_columns_are_read_whatever_the_sheet_declares():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    sheet.cell(row=2, column=1, value="甲")
    sheet.cell(row=2, column=16_384, value="远处")
    out = io.BytesIO()
    workbook.save(out)
    table = reading.read_rows(out.getvalue(), "x.xlsx")
    assert [len(row) for row in table] == [reading.MAX_COLUMNS, reading.MAX_COLUMNS]
    assert table[1][0] == "甲" and "远处" not in table[1]


def test_an_ordinary_export_passes_the_bounds():
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("成果")
    sheet.append(HEADERS)
    for n in range(2_000):
        sheet.append([f"名称{n}", "技术革新", "简介" * 200, "", "", "", "35", 5, "转让",
                      1000 + n, 0, "甲"])
    out = io.BytesIO()
    workbook.save(out)
    table = reading.read_rows(out.getvalue(), "x.xlsx")
    assert len(table) == 2_001 and table[2_000][0] == "名称1999"


@pytest.mark.parametrize("build", [csv_long_field, shared_strings_bomb, wide_row])
def test_the_upload_page_shows_the_reason_on_the_field(member_client, db, build):
    """Before the fix a cell over 128 KB was a 500 (`_csv.Error`)."""
    data, name = build()
    response = upload(member_client, data, name)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "is-invalid" in html and "import-preview" not in html
