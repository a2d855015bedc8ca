"""Chart geometry for server-rendered SVG: bars, lines and a funnel.

The pages draw these with a few SVG elements (templates/programme/_charts.html), so the
charts need no JavaScript library and no CDN, print cleanly, and scale with the page.
Pure functions: numbers in, shapes out.

Readable by everyone: labels wrap to two lines instead of being cut; every series has its
own colour (each at least 3:1 against white, WCAG 1.4.11) and its own dash and marker,
so no series is told apart by colour alone; series that coincide are named as such.
"""
from __future__ import annotations

from dataclasses import dataclass, field

# Darker shades of Bootstrap's hues: each at least 3:1 against the white page.
PALETTE = ("#0d6efd", "#dc3545", "#198754", "#b35c00", "#6f42c1", "#0f7b6c", "#8a6d00",
           "#495057", "#c2185b", "#087990", "#7a4a1e")
# Line styles: a dash pattern and a marker per series (SVG stroke-dasharray, "" = solid).
DASHES = ("", "6 3", "2 3", "8 3 2 3")
MARKERS = ("circle", "square", "triangle", "diamond", "cross")
FONT_PX = 12  # the chart labels' font size (site.css .chart-label)
LINE_PX = 13  # the distance between the lines of a wrapped label


def text_width(text: str, font_px: int = FONT_PX) -> float:
    """Approximate rendered width: CJK and full-width characters are one em, others ~0.6."""
    return sum(font_px if ord(ch) >= 0x2E80 else 0.6 * font_px for ch in text)


def _cut(text: str, width: float) -> str:
    """`text` shortened with an ellipsis to fit `width` (the full text stays in <title>)."""
    if text_width(text) <= width:
        return text
    while text and text_width(text + "…") > width:
        text = text[:-1]
    return text.rstrip() + "…"


def wrap(label: str, width: float, max_lines: int = 3) -> list[str]:
    """The label on at most `max_lines` lines of `width` px: broken at " · " first (so
    "Invention patent · Granted" keeps its status on line two), then before "(", then at
    the last space that fits, else between characters (CJK); cut with "…" only if it
    still overflows (the full label stays in <title> and in the chart's table)."""
    label = " ".join(label.split())
    if text_width(label) <= width or max_lines < 2:
        return [_cut(label, width)]
    # (separator, characters of it kept at the start of the next line)
    for separator, kept in ((" · ", ""), (" (", "("), (" （", "（"), (" ", "")):
        breaks = [i for i in range(1, len(label)) if label.startswith(separator, i)
                  and text_width(label[:i]) <= width]
        if breaks:
            cut = breaks[-1]  # the longest first line that fits
            rest = kept + label[cut + len(separator):]
            return [label[:cut]] + wrap(rest, width, max_lines - 1)
    # no separator fits: fill the first line character by character
    cut = 1
    while cut < len(label) and text_width(label[:cut + 1]) <= width:
        cut += 1
    return [label[:cut]] + wrap(label[cut:], width, max_lines - 1)


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    shown: str
    y: float
    width: float
    link: str | None
    colour: str
    lines: list[str] = field(default_factory=list)  # the label as drawn


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    width: int
    height: int
    label_width: int
    bar_height: int


def bars(items, *, width: int = 640, bar_height: int = 22, gap: int = 10,
         label_width: int = 200, shown=str, colour: str = PALETTE[0]) -> BarChart:
    """Horizontal bars, longest = full width. `items`: (label, value, link or None).
    A row grows to fit a label of up to three lines; the bar is centred on its label."""
    items = list(items)
    top = max((value for _, value, _ in items), default=0) or 1
    span = width - label_width - 90  # room for the value after the bar
    result, cursor = [], 0
    for label, value, link in items:
        lines_ = wrap(str(label), label_width - 8)
        row = max(bar_height, LINE_PX * len(lines_)) + gap
        result.append(Bar(label, value, shown(value), cursor + (row - gap - bar_height) / 2,
                          span * value / top, link, colour, lines_))
        cursor += row
    return BarChart(result, width, max(cursor, bar_height + gap), label_width, bar_height)


def marker_path(shape: str, x: float, y: float, r: float = 3.5) -> str:
    """An SVG path `d` for a marker of `shape` centred on (x, y)."""
    if shape == "square":
        return f"M{x - r:.1f},{y - r:.1f}h{2 * r:.1f}v{2 * r:.1f}h{-2 * r:.1f}z"
    if shape == "triangle":
        return f"M{x:.1f},{y - r - 0.5:.1f}L{x + r:.1f},{y + r:.1f}L{x - r:.1f},{y + r:.1f}z"
    if shape == "diamond":
        return f"M{x:.1f},{y - r - 1:.1f}L{x + r + 1:.1f},{y:.1f}L{x:.1f},{y + r + 1:.1f}" \
               f"L{x - r - 1:.1f},{y:.1f}z"
    if shape == "cross":
        return f"M{x - r:.1f},{y - r:.1f}L{x + r:.1f},{y + r:.1f}" \
               f"M{x - r:.1f},{y + r:.1f}L{x + r:.1f},{y - r:.1f}"
    # a circle as two arcs
    return f"M{x - r:.1f},{y:.1f}a{r},{r} 0 1,0 {2 * r:.1f},0a{r},{r} 0 1,0 {-2 * r:.1f},0"


@dataclass(frozen=True)
class Series:
    name: str
    colour: str
    points: str  # "x,y x,y …" for <polyline>
    values: list[int]
    labels: list[str] = field(default_factory=list)  # the values as shown
    dots: list[tuple[float, float, str]] = field(default_factory=list)
    dash: str = ""  # stroke-dasharray; "" = solid
    marker: str = "circle"
    marks: list[str] = field(default_factory=list)  # marker path per point
    same_as: str | None = None  # an earlier series with exactly these values

    @property
    def legend_mark(self) -> str:
        return marker_path(self.marker, 14, 6)


@dataclass(frozen=True)
class LineChart:
    series: list[Series]
    width: int
    height: int
    left: int
    bottom: int
    x_labels: list[tuple[float, str]]
    y_ticks: list[tuple[float, str]]


def nice_ceiling(value: int) -> int:
    """The next 1, 2 or 5 × 10^n at or above value: round axis ends."""
    if value <= 0:
        return 1
    magnitude = 1
    while magnitude * 10 <= value:
        magnitude *= 10
    for step in (1, 2, 5, 10):
        if step * magnitude >= value:
            return step * magnitude
    return 10 * magnitude


def lines(series, labels, *, width: int = 640, height: int = 240, shown=str) -> LineChart:
    """One polyline per (name, values); all series share the x labels and the y scale.
    Series i gets colour, dash and marker i (cycling at different lengths, so no two of
    the first 11 series look alike); a series equal to an earlier one says so."""
    series = [(name, list(values)) for name, values in series]
    # Four equal steps of a round size, so every tick label is round too.
    top = 4 * nice_ceiling(-(-max((max(v, default=0) for _, v in series), default=0) // 4))
    tick_labels = [shown(top * k // 4) for k in range(5)]
    left, bottom, top_pad = 14 + 7 * max(len(t) for t in tick_labels), 26, 10
    plot_w, plot_h = width - left - 10, height - bottom - top_pad
    count = max(len(labels), 2)

    def x(i):
        return left + plot_w * i / (count - 1)

    def y(value):
        return top_pad + plot_h * (1 - value / top)

    drawn = []
    for index, (name, values) in enumerate(series):
        shown_values = [shown(v) for v in values]
        dots = [(round(x(i), 1), round(y(v), 1), shown_values[i]) for i, v in enumerate(values)]
        marker = MARKERS[index % len(MARKERS)]
        same_as = next((earlier for earlier, v in series[:index] if v == values), None)
        drawn.append(Series(name, PALETTE[index % len(PALETTE)],
                            " ".join(f"{px},{py}" for px, py, _ in dots), values,
                            shown_values, dots, DASHES[index % len(DASHES)], marker,
                            [marker_path(marker, px, py) for px, py, _ in dots], same_as))
    ticks = [(round(y(top * k / 4), 1), tick_labels[k]) for k in range(5)]
    return LineChart(drawn, width, height, left, bottom,
                     [(round(x(i), 1), label) for i, label in enumerate(labels)], ticks)


@dataclass(frozen=True)
class Stage:
    label: str
    value: int
    x: float
    y: float
    width: float
    share: int  # percent of the first stage
    link: str | None
    lines: list[str] = field(default_factory=list)  # the label as drawn
    colour: str = PALETTE[0]
    text_x: float = 0  # where the figures start: right of the bar, never over it


FUNNEL_COLOURS = ("#084298", "#0a58ca", "#3d6fb6", "#146c43")  # ≥ 3:1 on white


def funnel(stages, *, width: int = 640, stage_height: int = 40, gap: int = 6,
           label_width: int = 170) -> list[Stage]:
    """Bars narrowing with each stage, centred in the plot right of the label column; the
    figures sit beside each bar, so no text is drawn over a bar. Each bar keeps at least a
    sliver so a zero stage still shows."""
    stages = list(stages)
    first = stages[0][1] if stages and stages[0][1] else 1
    plot = width - label_width - 110  # room for "1,234 (100%)" beside the widest bar
    centre = label_width + plot / 2
    result = []
    for index, (label, value, link) in enumerate(stages):
        bar = max(plot * value / first, 4)
        result.append(Stage(label, value, centre - bar / 2, index * (stage_height + gap), bar,
                            round(100 * value / first), link,
                            wrap(str(label), label_width - 8),
                            FUNNEL_COLOURS[index % len(FUNNEL_COLOURS)],
                            centre + bar / 2 + 6))
    return result
