"""The charts of the Statistics view, built from the same figures as `cityplanner stats`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCharts import (
    QAbstractBarSeries,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QHorizontalBarSeries,
    QHorizontalStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QCoreApplication, QMargins, Qt
from PySide6.QtGui import QColor, QPainter

#: Stays drawn at most on the timeline; a longer trip is summarised in its title.
TIMELINE_STOPS = 40
#: Up to this many bars, their names are never shortened.
FULL_LABELS = 6
PALETTE = ("#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#1f78b4")


@dataclass(frozen=True, slots=True)
class Bars:
    """One chart's figures: a title, a label and a value per bar, and the unit."""

    title: str
    labels: tuple[str, ...]
    values: tuple[float, ...]
    unit: str


def bar_chart(bars: Bars, *, horizontal: bool = False, colour: str = PALETTE[7]) -> QChart:
    """A bar per label, its value on the axis; an empty chart says there is nothing yet."""
    empty = QCoreApplication.translate("StatsCharts", "{title} — nothing yet")
    chart = _chart(bars.title if bars.values else empty.format(title=bars.title))
    series = QHorizontalBarSeries() if horizontal else QBarSeries()
    labels, numbers = list(bars.labels), list(bars.values)
    if horizontal:  # Qt draws the first category at the bottom: read top to bottom instead
        labels, numbers = labels[::-1], numbers[::-1]
    values = QBarSet(bars.unit)
    values.setColor(QColor(colour))
    values.setLabelColor(QColor("#202020"))
    values.append(numbers)
    series.append(values)
    series.setLabelsVisible(True)
    series.setLabelsFormat("@value")
    series.setLabelsPosition(QAbstractBarSeries.LabelsPosition.LabelsOutsideEnd)
    chart.addSeries(series)
    categories = QBarCategoryAxis()
    categories.append(labels)
    # Qt cuts a name short ("Voit…") where it is wider than its bar: a few bars have room
    # for their whole names, and many bars' names are written upwards.
    categories.setTruncateLabels(False)
    if len(labels) > FULL_LABELS and not horizontal:
        categories.setLabelsAngle(-90)
    amounts = QValueAxis()
    amounts.setLabelFormat("%.0f")
    amounts.setTitleText(bars.unit)
    amounts.setRange(0, max([*bars.values, 1.0]) * 1.15)
    amounts.applyNiceNumbers()
    chart.addAxis(
        categories, Qt.AlignmentFlag.AlignLeft if horizontal else Qt.AlignmentFlag.AlignBottom
    )
    chart.addAxis(
        amounts, Qt.AlignmentFlag.AlignBottom if horizontal else Qt.AlignmentFlag.AlignLeft
    )
    series.attachAxis(categories)
    series.attachAxis(amounts)
    chart.legend().hide()
    return chart


def timeline_chart(title: str, stays: Sequence[tuple[str, int]]) -> QChart:
    """The trip's stays end to end, each as long as its nights."""
    shown = list(stays[:TIMELINE_STOPS])
    more = len(stays) - len(shown)
    if more:
        title += QCoreApplication.translate(
            "StatsCharts", " (the first {n} stops of {total})"
        ).format(n=TIMELINE_STOPS, total=len(stays))
    chart = _chart(title)
    series = QHorizontalStackedBarSeries()
    for index, (name, nights) in enumerate(shown):
        stay = QBarSet(f"{index + 1}. {name}")
        stay.setColor(QColor(PALETTE[index % len(PALETTE)]))
        stay.append([float(nights)])
        series.append(stay)
    series.setLabelsVisible(True)
    chart.addSeries(series)
    axis = QValueAxis()
    axis.setLabelFormat("%.0f")
    axis.setTitleText(QCoreApplication.translate("StatsCharts", "nights"))
    axis.setRange(0, max(1, sum(n for _, n in shown)))
    chart.addAxis(axis, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(axis)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    return chart


def values_of(chart: QChart) -> list[float]:
    """The values a bar chart shows (for tests and checks)."""
    out: list[float] = []
    for series in chart.series():
        for bar_set in series.barSets():  # type: ignore[attr-defined]
            out += [bar_set.at(i) for i in range(bar_set.count())]
    return out


def _chart(title: str) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.setBackgroundRoundness(0)
    return chart


RENDER_HINT = QPainter.RenderHint.Antialiasing
