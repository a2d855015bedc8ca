"""The dashboard's SVG charts are readable in full and usable without colour or a mouse
(issue 15 H, charts): labels are not cut, coinciding lines and same-coloured series are
told apart, funnel figures are not drawn over bars, and no link sits inside role="img"."""
from __future__ import annotations

from html.parser import HTMLParser

from flask import render_template_string
from flask_babel import force_locale

from exchange.achievements.kinds import PATENT_TYPES, AchievementType, LegalStatus
from exchange.programme import charts
from exchange.programme.dashboard import MONTHS
from exchange.reference.models import Industry

# Elements whose children are presentational for assistive technology: a link inside one
# is lost (axe rule nested-interactive).
NO_INTERACTIVE_INSIDE = {"img", "button", "link", "progressbar"}


class _Nesting(HTMLParser):
    """Records links found inside an element whose role forbids interactive children."""

    VOID = {"rect", "path", "line", "polyline", "circle", "input", "br", "img", "meta"}

    def __init__(self):
        super().__init__()
        self.stack: list[str | None] = []
        self.nested: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href") and any(r in NO_INTERACTIVE_INSIDE
                                                    for r in self.stack):
            self.nested.append(attrs["href"])
        if tag not in self.VOID:
            self.stack.append(attrs.get("role"))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.stack:
            self.stack.pop()


def _luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast_on_white(colour: str) -> float:
    return 1.05 / (_luminance(colour) + 0.05)


def _render(macro: str, *args) -> str:
    return render_template_string(
        "{% from 'programme/_charts.html' import " + macro + " %}{{ " + macro
        + "(*args) }}", args=args)


def _patent_labels() -> list[str]:
    return [f"{kind.label} · {status.label}" for kind in PATENT_TYPES for status in LegalStatus]


def test_patent_labels_are_whole_and_distinct_in_both_languages(app):
    """Charts: every kind × legal status row reads differently, in Chinese and English,
    and none is cut (was "实用新型专利 · 已…" and "Invention…" on every patent row)."""
    for locale in ("zh_Hans", "en"):
        with app.test_request_context(), force_locale(locale):
            labels = _patent_labels()
            chart = charts.bars([(label, 3, None) for label in labels])
            drawn = [" ".join(bar.lines) for bar in chart.bars]
            assert len(set(drawn)) == len(labels), drawn
            assert not any("…" in text for text in drawn), drawn
            for bar in chart.bars:
                assert len(bar.lines) <= 2
                assert all(charts.text_width(line) <= chart.label_width - 8
                           for line in bar.lines), bar.lines
            html = _render("bar_chart", chart, "Patents", "chart-patents", "Patents")
            for bar in chart.bars:
                for line in bar.lines:
                    assert f">{line}<" in html


def test_industry_sections_read_in_full_and_rows_do_not_overlap(app, db):
    """The longest labels (GB/T 4754 sections, e.g. "Information transmission, software and
    information technology services") wrap to at most three lines, uncut, in both
    languages, and each row is tall enough for its label."""
    sections = db.session.execute(
        db.select(Industry).where(Industry.parent_code.is_(None))).scalars().all()
    assert len(sections) >= 19
    for locale in ("zh_Hans", "en"):
        with app.test_request_context(), force_locale(locale):
            chart = charts.bars([(s.name, 1, None) for s in sections])
        for bar in chart.bars:
            assert len(bar.lines) <= 3 and "…" not in "".join(bar.lines), bar.lines
            assert bar.label in (" ".join(bar.lines), "".join(bar.lines)), bar.lines
        for upper, lower in zip(chart.bars, chart.bars[1:], strict=False):
            upper_end = upper.y + chart.bar_height / 2 + len(upper.lines) * charts.LINE_PX / 2
            lower_start = lower.y + chart.bar_height / 2 - len(lower.lines) * charts.LINE_PX / 2
            assert upper_end <= lower_start + 0.01
        assert chart.height >= chart.bars[-1].y + chart.bar_height


def test_long_labels_wrap_before_they_are_cut():
    assert charts.wrap("Utility model patent · Application pending", 192) == [
        "Utility model patent", "Application pending"]
    assert charts.wrap("Matched (inquiry opened)", 120) == ["Matched", "(inquiry opened)"]
    zh = charts.wrap("电力、热力、燃气及水生产和供应业", 100)
    assert len(zh) == 2 and "".join(zh).rstrip("…").startswith("电力、热力、燃气")
    assert charts.wrap("梁溪区", 100) == ["梁溪区"]
    cut = charts.wrap("x" * 200, 50)
    assert len(cut) == 3 and cut[2].endswith("…")


def test_charts_with_links_never_nest_them_in_an_image(app):
    """axe nested-interactive: bars and funnel stages are links in a group, not in an img."""
    with app.test_request_context():
        bar_html = _render("bar_chart", charts.bars([("A", 1, "/a"), ("B", 2, "/b")]),
                           "T", "c1", "V")
        funnel_html = _render("funnel_chart", charts.funnel([("A", 10, "/a"), ("B", 4, "/b")]),
                              "T", "c2")
        line_html = _render("line_chart", charts.lines([("A", [1] * 12)], MONTHS), "T", "c3")
    for html in (bar_html, funnel_html, line_html):
        parser = _Nesting()
        parser.feed(html)
        assert parser.nested == [], html
    assert '<a href="/a">' in bar_html  # named by its visible label and value
    assert 'role="img" aria-label="T"' in line_html  # no links inside: one image


def test_series_differ_by_more_than_colour_and_coinciding_lines_say_so(app):
    """Every series has its own colour (≥ 3:1 on white), dash and marker; a series equal to
    an earlier one is named in the legend (was: 已收款 hidden under 已分配; the 11th
    achievement series in the same blue as the first)."""
    names = ["All types"] + [t.value for t in AchievementType]
    chart = charts.lines([(n, [i] * 12) for i, n in enumerate(names)], MONTHS)
    styles = [(s.colour, s.dash, s.marker) for s in chart.series]
    assert len({s.colour for s in chart.series}) == len(names) == 11
    assert len({(dash, marker) for _, dash, marker in styles}) == len(names)
    assert all(_contrast_on_white(colour) >= 3 for colour in charts.PALETTE), [
        (c, round(_contrast_on_white(c), 2)) for c in charts.PALETTE]

    money = charts.lines([("Received", [5, 0, 7] + [0] * 9), ("Allocated", [5, 0, 7] + [0] * 9),
                          ("Paid out", [1] * 12)], MONTHS)
    received, allocated, paid = money.series
    assert (received.same_as, allocated.same_as, paid.same_as) == (None, "Received", None)
    assert allocated.dash and allocated.dash != received.dash
    assert allocated.marker != received.marker and allocated.colour != received.colour
    with app.test_request_context():
        html = _render("line_chart", money, "Money", "chart-money")
    assert 'data-coincides="Received"' in html
    assert html.count("stroke-dasharray") >= 2


def test_funnel_figures_sit_beside_their_bars():
    """Funnel labels were drawn centred over bars of any width; now the stage name is in
    its own column and the figures start right of the bar."""
    stages = charts.funnel([("Needs posted", 120, None), ("Matched", 30, None),
                            ("In negotiation", 0, None), ("Agreed", 5, None)])
    for stage in stages:
        assert stage.text_x >= stage.x + stage.width
        assert stage.x >= 170  # right of the label column
        assert stage.text_x + charts.text_width("1,234 (100%)") <= 640
        assert _contrast_on_white(stage.colour) >= 3
