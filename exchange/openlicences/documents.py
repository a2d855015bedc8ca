"""The written documents of an open licence: the declaration the patentee files with CNIPA
(实施细则 art. 85: patent number, patentee, the fee's method and standard, the term; no
advertising), as a printable page and a PDF, and the art. 87 filing pack of a licence.

PDFs use reportlab's built-in STSong-Light CID font: the reader supplies the glyphs, so
nothing is embedded or downloaded and Chinese prints on any machine.
"""
from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from exchange import tables
from exchange.agreements.kinds import PaymentKind
from exchange.money import bp_to_input, format_yuan
from exchange.openlicences.models import Declaration, OpenLicence

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def fee_standard(declaration: Declaration) -> str:
    """The fee's standard in words: amounts in yuan, the rate, its base and period."""
    parts = []
    if declaration.payment_kind == PaymentKind.LUMP_SUM:
        parts.append(_("a one-off fee of ¥%(amount)s", amount=format_yuan(
            declaration.amount_fen or 0)))
    if declaration.payment_kind == PaymentKind.ENTRY_FEE_ROYALTY:
        parts.append(_("an entry fee of ¥%(amount)s", amount=format_yuan(
            declaration.entry_fee_fen or 0)))
    if declaration.payment_kind.has_royalty:
        parts.append(_("%(rate)s%% of %(base)s, reported and paid %(period)s",
                       rate=bp_to_input(declaration.royalty_rate_bp or 0),
                       # Mid-sentence in English ("of sales revenue"); CJK has no case.
                       base=str(declaration.royalty_base.label).lower()
                       if declaration.royalty_base else "",
                       period=(str(declaration.royalty_period.label).lower()
                               if declaration.royalty_period else "")))
    parts.append(_("payable within %(days)d days of the licensee's written notice",
                   days=declaration.payment_days))
    return _("; ").join(parts)


def facts(declaration: Declaration) -> list[tuple[str, str]]:
    """The declaration's items in the order of art. 85, in the current language."""
    achievement = declaration.achievement
    return [
        (_("Patent number"), achievement.patent_number or ""),
        (_("Title of the invention"), achievement.title),
        (_("Patent type"), str(achievement.type.label)),
        (_("Patentee"), declaration.patentee),
        (_("Licence"), _("Ordinary licence (普通许可), open to anyone who notifies and pays "
                         "(Patent Law art. 51)")),
        (_("Method of paying the fee"), str(declaration.payment_kind.label)),
        (_("Standard of the fee"), fee_standard(declaration)),
        (_("Term of the open licence"), _("%(start)s to %(end)s",
                                          start=declaration.term_start.isoformat(),
                                          end=declaration.term_end.isoformat())),
        (_("Address for notices"), declaration.patentee_email),
        (_("Other terms"), declaration.notes or "—"),
    ]


def declaration_pdf(declaration: Declaration) -> bytes:
    """The declaration in Chinese, for the patentee to file with CNIPA."""
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        title = _("Patent Open Licence Declaration")
        intro = _("The patentee declares that it is willing to license the patent below to "
                  "any entity or individual under the following terms (Patent Law art. 50; "
                  "Implementing Regulations art. 85).")
        rows = facts(declaration)
        signature = _("Patentee (seal):                Date:")
    body = ParagraphStyle("body", fontName=FONT, fontSize=10.5, leading=16)
    heading = ParagraphStyle("heading", parent=body, fontSize=16, leading=24, alignment=1)
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, title=title, leftMargin=22 * mm,
                                 rightMargin=22 * mm, topMargin=20 * mm, bottomMargin=20 * mm)
    grid = Table([[Paragraph(escape(label), body), Paragraph(escape(value), body)]
                  for label, value in rows], colWidths=[40 * mm, 126 * mm])
    grid.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "#888888"),
                              ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    document.build([Paragraph(escape(title), heading), Spacer(1, 6 * mm),
                    Paragraph(escape(intro), body), Spacer(1, 4 * mm), grid,
                    Spacer(1, 16 * mm), Paragraph(escape(signature), body)])
    return buffer.getvalue()


def filing_pack(licence: OpenLicence) -> bytes:
    """Art. 87: what the patentee or the licensee files with CNIPA to record the licence
    (备案): the written notice, the declaration and the licence's data, in one ZIP."""
    declaration, agreement = licence.declaration, licence.agreement
    version = agreement.in_force or agreement.versions[0]
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        data = tables.Table(_("Licence data"), [_("Item"), _("Value")], [
            *([label, value] for label, value in facts(declaration)),
            [_("Announcement"), f"{declaration.announced_on} {declaration.announcement_number}"],
            [_("Licensee"), licence.enterprise.name],
            [_("Licensee's unified social credit code"), licence.enterprise.credit_code],
            [_("Notice given on"), licence.taken_at.date().isoformat()],
            [_("Licence term"), f"{version.term_start} – {version.term_end}"],
            [_("Agreement"), agreement.code],
        ])
        sheet = tables.to_xlsx([data])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as pack:
        pack.writestr(f"{licence.code}-notice.txt", licence.notice)
        pack.writestr(f"{declaration.code}-declaration.pdf", declaration_pdf(declaration))
        pack.writestr(f"{licence.code}-data.xlsx", sheet)
    return buffer.getvalue()
