"""Chart geometry for server-rendered SVG: bars, lines and a funnel.

The pages draw these with a few SVG elements (templates/programme/_charts.html), so the
charts need no JavaScript library and no CDN, print cleanly, and scale with the page.
Pure functions: numbers in, shapes out.
"""
from __future__ import annotations

from dataclasses import dataclass, field

# Bootstrap's palette, so charts match the rest of the pages.
PALETTE = ("#0d6efd", "#dc3545", "#198754", "#fd7e14", "#6f42c1", "#20c997", "#ffc107",
           "#6c757d", "#d63384", "#0dcaf0")


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    shown: str
    y: float
    width: float
    link: str | None
    colour: str


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    width: int
    height: int
    label_width: int
    bar_height: int


def bars(items, *, width: int = 640, bar_height: int = 22, gap: int = 8,
         label_width: int = 150, shown=str, colour: str = PALETTE[0]) -> BarChart:
    """Horizontal bars, longest = full width. `items`: (label, value, link or None)."""
    items = list(items)
    top = max((value for _, value, _ in items), default=0) or 1
    span = width - label_width - 90  # room for the value after the bar
    result = [Bar(label, value, shown(value), index * (bar_height + gap),
                  span * value / top, link, colour)
              for index, (label, value, link) in enumerate(items)]
    return BarChart(result, width, max(len(items), 1) * (bar_height + gap), label_width,
                    bar_height)


@dataclass(frozen=True)
class Series:
    name: str
    colour: str
    points: str  # "x,y x,y …" for <polyline>
    values: list[int]
    labels: list[str] = field(default_factory=list)  # the values as shown
    dots: list[tuple[float, float, str]] = field(default_factory=list)


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
    """One polyline per (name, values); all series share the x labels and the y scale."""
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
        drawn.append(Series(name, PALETTE[index % len(PALETTE)],
                            " ".join(f"{px},{py}" for px, py, _ in dots), values,
                            shown_values, dots))
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


def funnel(stages, *, width: int = 640, stage_height: int = 40, gap: int = 6) -> list[Stage]:
    """Centred bars narrowing with each stage; each keeps at least a sliver so its label
    stays visible."""
    stages = list(stages)
    first = stages[0][1] if stages and stages[0][1] else 1
    result = []
    for index, (label, value, link) in enumerate(stages):
        bar = max(width * value / first, 4)
        result.append(Stage(label, value, (width - bar) / 2, index * (stage_height + gap), bar,
                            round(100 * value / first), link))
    return result
