"""The Statistics view: km and CO2e per mode, nights per country, costs per category and
day, and the trip's days on a timeline — the figures of `cityplanner stats` and `costs`."""

from __future__ import annotations

import logging
from datetime import date

from PySide6.QtCharts import QChart, QChartView
from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QGridLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from cityplanner.domain.costs import CostCategory
from cityplanner.domain.units import in_unit
from cityplanner.geo.stats import trip_stats
from cityplanner.money.convert import convert_costs
from cityplanner.money.rates import reference_rates
from cityplanner.money.totals import Group, group_costs, summarise
from cityplanner.ui.shell import (
    RefreshWhenShown,
    WindowContext,
    distance,
    distance_unit,
    label,
    make_action,
    mode_label,
    number,
    plural,
    short_day,
)
from cityplanner.ui.stats._charts import RENDER_HINT, Bars, bar_chart, timeline_chart

log = logging.getLogger(__name__)

REBUILD_DELAY_MS = 200


class StatsPane(QScrollArea):
    """The charts in a grid, under a line of the trip's figures."""

    def __init__(self) -> None:
        super().__init__()
        self.setWidgetResizable(True)
        inner = QWidget()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.grid = QGridLayout()
        layout = QVBoxLayout(inner)
        layout.addWidget(self.summary)
        layout.addLayout(self.grid, 1)
        self.setWidget(inner)
        self.views: dict[str, QChartView] = {}

    def put(self, key: str, chart: QChart, row: int, column: int, span: int = 1) -> None:
        view = self.views.get(key)
        if view is None:
            view = QChartView()
            view.setRenderHint(RENDER_HINT)
            view.setFixedHeight(300 if key != "timeline" else 240)
            self.views[key] = view
            self.grid.addWidget(view, row, column, 1, span)
        old = view.chart()
        view.setChart(chart)
        if old is not None:
            old.deleteLater()


class StatsFeature(QObject):
    """Builds the Statistics view from the shown trip."""

    def __init__(self, ctx: WindowContext) -> None:
        super().__init__(ctx)
        self._ctx = ctx
        self.pane = StatsPane()
        self.charts: dict[str, QChart] = {}
        self.later = RefreshWhenShown(self.pane, self.rebuild, delay_ms=REBUILD_DELAY_MS)
        for signal in (ctx.doc.sig_changed, ctx.doc.sig_costs_changed, ctx.doc.sig_trip_shown):
            signal.connect(self.later.schedule)
        self.act_show_stats = make_action(
            ctx.window,
            self.tr("&Statistics"),
            lambda: ctx.request_view(self.pane),
            shortcut="Ctrl+6",
        )

    def actions(self) -> list[QAction]:
        return [self.act_show_stats]

    def rebuild(self) -> None:
        doc = self._ctx.doc
        trip = doc.trip()
        stops = doc.stops.stops
        stats = trip_stats(stops, kms=doc.stops.legs(), timezones=False)
        modes = [(mode, t) for mode, t in stats.by_mode.items()]
        charts = {
            "km": bar_chart(
                Bars(
                    self.tr("Distance by travel mode"),
                    tuple(mode_label(m) for m, _ in modes),
                    tuple(round(in_unit(t.km, distance_unit())) for _, t in modes),
                    distance_unit().value,
                )
            ),
            "co2": bar_chart(
                Bars(
                    self.tr("CO2e by travel mode"),
                    tuple(mode_label(m) for m, t in modes if t.co2e_kg is not None),
                    tuple(round(t.co2e_kg or 0.0) for _, t in modes if t.co2e_kg is not None),
                    self.tr("kg CO2e"),
                ),
                colour="#d95f02",
            ),
            "nights": bar_chart(
                Bars(
                    self.tr("Nights by country"),
                    tuple(code or "?" for code in stats.nights_by_country),
                    tuple(float(n) for n in stats.nights_by_country.values()),
                    self.tr("nights"),
                ),
                horizontal=True,
                colour="#7570b3",
            ),
        }
        currency = trip.home_currency if trip else "EUR"
        converted = convert_costs(
            doc.costs, currency, reference=reference_rates(), user_rates=doc.rates,
            default_day=trip.start if trip else None,
        )  # fmt: skip
        for key, by, title, colour in (
            ("category", "category", self.tr("Costs by category ({c})"), "#1b9e77"),
            ("day", "day", self.tr("Costs by day ({c})"), "#e7298a"),
        ):
            groups = group_costs(converted, by, stops=stops, sites=doc.sites.items)
            labels = tuple(self._group_label(g, by) for g in groups)
            charts[key] = bar_chart(
                Bars(
                    title.format(c=currency),
                    labels,
                    tuple(float(g.total) for g in groups),
                    currency,
                ),
                colour=colour,
            )
        charts["timeline"] = timeline_chart(
            self.tr("The trip's stays, night by night"), [(s.place.name, s.nights) for s in stops]
        )
        self.charts = charts
        places = {"km": (0, 0), "co2": (0, 1), "nights": (1, 0), "category": (1, 1), "day": (2, 0)}
        for key, (row, column) in places.items():
            self.pane.put(key, charts[key], row, column, 2 if key == "day" else 1)
        self.pane.put("timeline", charts["timeline"], 3, 0, 2)
        summary = summarise(converted, trip) if trip else None
        cost = ""
        if summary is not None and doc.costs:
            cost = self.tr(" · costs {total} {c}").format(
                total=number(float(summary.total)), c=currency
            )
        self.pane.summary.setText(
            self.tr("{distance} · {nights} · {countries} · {co2} kg CO2e{cost}").format(
                distance=distance(stats.km), nights=plural(stats.nights, "night"),
                countries=plural(stats.country_count, "country"), co2=number(stats.co2e_kg),
                cost=cost,
            )
        )  # fmt: skip

    def _group_label(self, group: Group, by: str) -> str:
        """A bar's name: the category, or the day ("2 Oct")."""
        if by == "category" and group.key:
            return label(CostCategory(group.key))
        if by == "day":
            return short_day(date.fromisoformat(group.key)) if group.key else self.tr("No date")
        return group.label
