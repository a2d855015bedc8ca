"""Bulk import and export of achievements as CSV or XLSX, with Chinese column headers.

Import is all-or-nothing: every row is checked with the same rules as the form, and when
any row is bad the report lists each bad row (line, column, reason) and nothing is written.
Export writes the same columns, so an export imports back into an empty studio unchanged.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from exchange.achievements import reading, rules
from exchange.achievements.kinds import AchievementType, LegalStatus, TransactionMode
from exchange.achievements.reading import MAX_ROWS, FileProblem
from exchange.tables import Table, restore

# (key, header). The headers are the file format, fixed in Chinese whatever the UI language.
COLUMNS = (
    ("title", "成果名称"), ("type", "成果类型"), ("abstract", "成果简介"),
    ("keywords", "关键词"), ("patent_number", "专利申请号"), ("legal_status", "法律状态"),
    ("industry_code", "行业代码"), ("trl", "技术成熟度"), ("transaction_modes", "交易方式"),
    ("price", "报价（元）"), ("benefit", "创效金额（元）"), ("contributors", "完成人"),
)
HEADER = dict(COLUMNS)
REQUIRED_COLUMNS = ("title", "type", "abstract", "industry_code", "trl", "transaction_modes",
                    "price", "contributors")
TYPE_ZH = {
    AchievementType.INVENTION_PATENT: "发明专利", AchievementType.UTILITY_MODEL: "实用新型专利",
    AchievementType.DESIGN_PATENT: "外观设计专利", AchievementType.SOFTWARE_COPYRIGHT: "软件著作权",
    AchievementType.TECHNICAL_INNOVATION: "技术革新",
    AchievementType.TECHNICAL_BREAKTHROUGH: "技术攻关",
    AchievementType.PROCESS_METHOD: "工艺工法", AchievementType.MANAGEMENT_INNOVATION: "管理创新",
    AchievementType.SERVICE_INNOVATION: "服务创新",
    AchievementType.MECHANISM_INNOVATION: "机制创新",
}
STATUS_ZH = {LegalStatus.PENDING: "申请中", LegalStatus.GRANTED: "已授权",
             LegalStatus.LAPSED: "已失效"}
MODE_ZH = {
    TransactionMode.TRANSFER: "转让", TransactionMode.LICENSE_EXCLUSIVE: "独占许可",
    TransactionMode.LICENSE_SOLE: "排他许可", TransactionMode.LICENSE_GENERAL: "普通许可",
    TransactionMode.EQUITY: "作价入股", TransactionMode.TECHNICAL_SERVICE: "技术服务",
    TransactionMode.JOINT_DEVELOPMENT: "合作开发",
}
LIST_SPLIT = re.compile(r"[、,，;；/]+")


@dataclass
class RowError:
    line: int
    column: str
    message: str


@dataclass
class ImportResult:
    rows: list[tuple[int, dict, list[int]]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


# --- reading --------------------------------------------------------------------------

def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        # Excel stores typed numbers as floats; 15000.0 is the integer a person typed.
        return str(int(value)) if value.is_integer() else repr(value)
    return restore(str(value).strip())  # our exports defuse formulas with an apostrophe


def read_table(data: bytes, filename: str) -> list[list[str]]:
    """All rows (header first) as strings, within the bounds of `reading`. Raises
    FileProblem."""
    return [[_cell(v) for v in row] for row in reading.read_rows(data, filename)]


def _label_map(mapping: dict) -> dict[str, str]:
    result = {zh: member.value for member, zh in mapping.items()}
    result.update({member.value: member.value for member in mapping})
    return result


TYPES, STATUSES, MODES = _label_map(TYPE_ZH), _label_map(STATUS_ZH), _label_map(MODE_ZH)


def _header_index(header: list[str]) -> dict[str, int]:
    lookup = {h: k for k, h in COLUMNS} | {k: k for k, _ in COLUMNS}
    index = {}
    for i, name in enumerate(header):
        key = lookup.get(name.replace(" ", ""))
        if key and key not in index:
            index[key] = i
    missing = [HEADER[k] for k in REQUIRED_COLUMNS if k not in index]
    if missing:
        raise FileProblem(_l("Columns missing from the first row: %(columns)s. Download the "
                             "template to see them all.", columns="、".join(missing)))
    return index


def check(table: list[list[str]], members: dict[str, list[int]],
          industry_codes: set[str]) -> ImportResult:
    """Validate every row; `members` maps a member's name to their user ids."""
    if not table:
        raise FileProblem(_l("The file is empty."))
    index = _header_index(table[0])
    result = ImportResult()
    body = [(n, row) for n, row in enumerate(table[1:], start=2) if any(c for c in row)]
    if not body:
        raise FileProblem(_l("The file has a header but no rows."))
    if len(body) > MAX_ROWS:
        raise FileProblem(_l("At most %(max)d rows per file.", max=MAX_ROWS))
    for line, row in body:
        cells = {k: (row[i] if i < len(row) else "") for k, i in index.items()}
        raw, errors = _translate(cells)
        parsed = rules.parse(raw, industry_codes)
        translated = {key for key, _ in errors}  # their own message is the more precise one
        for key, messages in parsed.errors.items():
            if key not in translated:
                errors.extend((key, m) for m in messages)
        contributor_ids = _contributor_ids(cells.get("contributors", ""), members, errors)
        for key, message in errors:
            result.errors.append(RowError(line, HEADER.get(key, key), str(message)))
        if not errors:
            result.rows.append((line, parsed.values, contributor_ids))
    return result


def _translate(cells: dict[str, str]) -> tuple[dict, list]:
    """Chinese labels in the cells -> the codes the rules expect."""
    errors: list = []
    raw = dict(cells)
    for key, table in (("type", TYPES), ("legal_status", STATUSES)):
        value = cells.get(key, "")
        if value and value not in table:
            errors.append((key, _l("Unknown value “%(value)s”.", value=value)))
            raw[key] = ""
        else:
            raw[key] = table.get(value, "")
    modes = []
    for value in filter(None, (v.strip() for v in LIST_SPLIT.split(cells.get(
            "transaction_modes", "")))):
        if value in MODES:
            modes.append(MODES[value])
        else:
            errors.append(("transaction_modes", _l("Unknown value “%(value)s”.", value=value)))
    raw["transaction_modes"] = modes
    code = cells.get("industry_code", "")
    raw["industry_code"] = re.sub(r"^[A-T]?(\d{2}).*$", r"\1", code) if code else ""
    return raw, errors


def _contributor_ids(cell: str, members: dict[str, list[int]], errors: list) -> list[int]:
    ids = []
    names = [n.strip() for n in LIST_SPLIT.split(cell or "") if n.strip()]
    if not names:
        errors.append(("contributors", _l("Name at least one contributor.")))
    for name in names:
        matches = members.get(name, [])
        if not matches:
            errors.append(("contributors", _l("%(name)s is not a member of the studio.",
                                              name=name)))
        elif len(matches) > 1:
            errors.append(("contributors", _l("Two members are called %(name)s; add them "
                                              "in the form instead.", name=name)))
        elif matches[0] in ids:
            errors.append(("contributors", _l("%(name)s is named twice.", name=name)))
        else:
            ids.append(matches[0])
    return ids


# --- writing --------------------------------------------------------------------------

MONEY_COLUMNS = frozenset({9, 10})  # price and benefit, in fen


def row_for(achievement) -> list:
    """One achievement as a row of COLUMNS: numbers as numbers, money in fen."""
    price = "面议" if achievement.price_negotiable else achievement.price_fen
    return [
        achievement.title, TYPE_ZH[achievement.type], achievement.abstract,
        "、".join(achievement.keywords or []), achievement.patent_number or "",
        STATUS_ZH[achievement.legal_status] if achievement.legal_status else "",
        achievement.industry_code, achievement.trl,
        "、".join(MODE_ZH[m] for m in achievement.transaction_modes), price,
        achievement.benefit_fen,
        "、".join(c.user.name for c in achievement.contributors),
    ]


def sections(rows, with_guide: bool = False) -> list[Table]:
    """The rows (and the template's guide) as tables for exchange.tables to write; the CSV
    has no title row, so that an export imports back."""
    result = [Table("成果", [h for _, h in COLUMNS], rows, MONEY_COLUMNS)]
    if with_guide:
        result.append(Table("填写说明", list(GUIDE[0]), [list(line) for line in GUIDE[1:]]))
    return result


GUIDE = (
    ("列", "说明"),
    ("成果类型", "、".join(TYPE_ZH.values())),
    ("专利申请号", "仅专利填写：CN + 12位数字 + . + 校验位，如 CN202310123455.1"),
    ("法律状态", "仅专利填写：" + "、".join(STATUS_ZH.values())),
    ("行业代码", "GB/T 4754-2017 大类两位代码，如 34（通用设备制造业）"),
    ("技术成熟度", "1–9 的整数"),
    ("交易方式", "可多选，用、分隔：" + "、".join(MODE_ZH.values())),
    ("报价（元）", "金额（最多两位小数），或填“面议”"),
    ("创效金额（元）", "可空：留空表示未填写，0 表示没有创效"),
    ("完成人", "工作室成员姓名，按贡献顺序用、分隔"),
    ("导入规则", "任何一行有错时整个文件都不会导入，并列出每个错误的行号、列和原因"),
)
