"""The Budget view: the trip's costs in any currency, their totals, the budget."""

from __future__ import annotations

import html
import logging
from datetime import date
from decimal import Decimal

from PySide6.QtCore import QModelIndex, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cityplanner.domain.costs import Cost
from cityplanner.domain.errors import ValidationError
from cityplanner.domain.schedule import site_date, trip_span
from cityplanner.money.convert import Converted, convert_costs, missing_currencies
from cityplanner.money.rates import reference_rates
from cityplanner.money.totals import group_costs, summarise
from cityplanner.ui.budget._commands import (
    AddCostCommand,
    EditCostCommand,
    RemoveCostCommand,
    SetBudgetCommand,
    SetRateCommand,
)
from cityplanner.ui.budget._delegates import CategoryDelegate
from cityplanner.ui.budget._dialogs import BudgetDialog, CostDialog, RateDialog
from cityplanner.ui.budget._model import CostsModel, group_text
from cityplanner.ui.shell import (
    DateDelegate,
    RefreshWhenShown,
    WindowContext,
    for_rich_text,
    icon,
    make_action,
    money,
    plural,
    short_day,
)

log = logging.getLogger(__name__)


class BudgetFeature(QObject):
    """Builds the Budget view and its actions; every change is one undo step."""

    def __init__(self, ctx: WindowContext) -> None:
        super().__init__(ctx)
        self._ctx = ctx
        self._rates_loaded = False
        # Until `start()`, the view is filled only if it is shown (see `refresh`).
        self._started = False
        self.model = CostsModel(self)
        self.pane = QWidget()
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Costs"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setItemDelegateForColumn(CostsModel.COL_DAY, DateDelegate(self.table))
        self.table.setItemDelegateForColumn(CostsModel.COL_CATEGORY, CategoryDelegate(self.table))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(CostsModel.COL_NOTE, QHeaderView.ResizeMode.Stretch)
        self.totals = QLabel()
        self.totals.setWordWrap(True)
        self.group_by = QComboBox()
        for key, label in (
            ("category", self.tr("category")),
            ("day", self.tr("day")),
            ("stop", self.tr("stop")),
            ("country", self.tr("country")),
        ):
            self.group_by.addItem(label, key)
        self.groups = QTableWidget(0, 4)
        self.groups.setHorizontalHeaderLabels(
            [self.tr("Group"), self.tr("Total"), self.tr("Planned"), self.tr("Paid")]
        )
        self.groups.verticalHeader().hide()
        self.groups.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.groups.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.groups.setMaximumHeight(150)
        self.group_by.currentIndexChanged.connect(lambda _i: self.refresh())
        self.missing = QPushButton()
        self.missing.hide()
        buttons = QHBoxLayout()
        self.add_button = QPushButton(icon("add-cost"), self.tr("Add cost…"))
        self.budget_button = QPushButton(self.tr("Budget…"))
        buttons.addWidget(self.heading, 1)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.budget_button)
        layout = QVBoxLayout(self.pane)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        grouping = QHBoxLayout()
        grouping.addWidget(QLabel(self.tr("Totals by")))
        grouping.addWidget(self.group_by)
        grouping.addStretch(1)
        layout.addLayout(grouping)
        layout.addWidget(self.groups)
        layout.addWidget(self.totals)
        layout.addWidget(self.missing)
        self._build_actions()
        self.add_button.clicked.connect(self.add_cost)
        self.budget_button.clicked.connect(self.set_budget)
        self.missing.clicked.connect(
            lambda: self.set_rate(self._missing[0] if self._missing else "")
        )
        self._missing: list[str] = []
        doc = ctx.doc
        doc.sig_costs_changed.connect(self.refresh)
        # Stops changing only rename where costs were spent: redrawn later, and only if shown.
        self.later = RefreshWhenShown(self.pane, self.refresh, delay_ms=150)
        self.later.stale = False
        doc.sig_changed.connect(self.later.schedule)
        self.model.sig_edit_requested.connect(
            lambda old, new, key: ctx.push(EditCostCommand(doc, old, new, merge_key=key))
        )
        self.model.sig_edit_refused.connect(ctx.show_error)

    def _build_actions(self) -> None:
        w = self._ctx.window
        self.act_show_budget = make_action(
            w, self.tr("&Budget"), lambda: self._ctx.request_view(self.pane), shortcut="Ctrl+5"
        )
        self.act_add_cost = make_action(
            w, self.tr("Add &cost…"), self.add_cost, shortcut="Ctrl+Shift+K", icon_name="add-cost"
        )
        self.act_remove_cost = make_action(w, self.tr("Remove cost"), self.remove_cost)
        self.act_remove_cost.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.act_remove_cost.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.table.addAction(self.act_remove_cost)
        self.act_set_budget = make_action(w, self.tr("Set &budget…"), self.set_budget)
        self.act_set_rate = make_action(w, self.tr("Set a &rate…"), lambda: self.set_rate(""))

    def actions(self) -> list[QAction]:
        return [self.act_show_budget, self.act_add_cost, self.act_set_budget, self.act_set_rate]

    def start(self) -> None:
        """Fill the view, and read the reference rates; the window's first picture needs neither.

        The reference rates take a fifth of a second to read: once, in the background.
        """
        if self._started:
            return
        self._started = True
        self._ctx.runner.submit(
            "reference-rates",
            lambda: reference_rates().quoted("USD"),
            on_result=self._on_rates_loaded,
            on_error=lambda error: log.error(
                "The reference rates could not be read", exc_info=error
            ),
        )
        self.refresh()

    def _on_rates_loaded(self, _quoted: object) -> None:
        self._rates_loaded = True
        self.refresh()

    # -- what is shown ------------------------------------------------------------------
    def converted(self) -> list[Converted]:
        """The shown trip's costs in its home currency (unknown rates left as missing)."""
        doc = self._ctx.doc
        trip = doc.trip()
        if trip is None:
            return []
        reference = reference_rates() if self._rates_loaded else _NoRates()
        return convert_costs(
            doc.costs, trip.home_currency, reference=reference, user_rates=doc.rates,
            default_day=trip.start,
        )  # fmt: skip

    def refresh(self) -> None:
        if not self._started and not self.pane.isVisible():
            self.later.stale = True  # filled by `start()`, or when shown first
            return
        doc = self._ctx.doc
        trip = doc.trip()
        rows = self.converted()
        self.model.set_rows(rows, trip.home_currency if trip else "EUR", self.where)
        if trip is None:
            self.heading.setText(self.tr("Select a trip first."))
            self.totals.clear()
            self.missing.hide()
            return
        people = plural(trip.travellers, "traveller")
        budget = (
            money(trip.budget, trip.home_currency)
            if trip.budget is not None
            else self.tr("no budget")
        )
        heading = self.tr("<b>{trip}</b> · in {home} · budget {budget} · {people}").format(
            trip=html.escape(trip.name), home=trip.home_currency, budget=budget, people=people
        )
        self.heading.setText(for_rich_text(heading))
        summary = summarise(rows, trip)
        self._fill_groups(rows, trip.home_currency)
        home = trip.home_currency

        def home_money(amount: Decimal) -> str:
            return money(amount, home)

        parts = [
            self.tr("Total {total}").format(total=home_money(summary.total)),
            self.tr("planned {amount}").format(amount=home_money(summary.planned)),
            self.tr("paid {amount}").format(amount=home_money(summary.paid)),
        ]
        if summary.remaining is not None:
            left = summary.remaining
            parts.append(
                self.tr("{amount} left of the budget").format(amount=home_money(left))
                if left >= 0
                else self.tr("<span style='color:#b71c1c'>{amount} over the budget</span>").format(
                    amount=home_money(-left)
                )
            )
        if summary.travellers > 1:
            per_person = home_money(summary.per_person)
            parts.append(self.tr("{amount} per person").format(amount=per_person))
        self.totals.setText(for_rich_text(" · ".join(parts)))
        self._missing = missing_currencies(rows) if self._rates_loaded else []
        if self._missing:
            self.missing.setText(
                self.tr(
                    "No rate is known for {codes}: their costs are left out of the totals. Set a rate…"
                ).format(codes=", ".join(self._missing))
            )
        self.missing.setVisible(bool(self._missing))

    def _fill_groups(self, rows: list[Converted], currency: str) -> None:
        doc = self._ctx.doc
        by = str(self.group_by.currentData())
        groups = group_costs(rows, by, stops=doc.stops.stops, sites=doc.sites.items)
        self.groups.setRowCount(len(groups))
        for row, group in enumerate(groups):
            cells = [
                group_text(group, by),
                *(money(v, currency) for v in (group.total, group.planned, group.paid)),
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.groups.setItem(row, column, item)

    def where(self, cost: Cost) -> str:
        doc = self._ctx.doc
        stops = doc.stops
        if cost.stop_id is not None:
            row = stops.row_of(cost.stop_id)
            return f"{row + 1}. {stops.stop_at(row).place.name}" if row >= 0 else ""
        if cost.leg_stop_id is not None:
            row = stops.row_of(cost.leg_stop_id)
            if row > 0:
                return f"{stops.stop_at(row - 1).place.name} → {stops.stop_at(row).place.name}"
            return ""
        if cost.site_id is not None:
            row = doc.sites.row_of(cost.site_id)
            return doc.sites.item_at(row).name if row >= 0 else ""
        return self.tr("The whole trip")

    # -- changes ------------------------------------------------------------------------
    def _places(self) -> list[tuple[str, dict[str, int | None]]]:
        doc = self._ctx.doc
        places: list[tuple[str, dict[str, int | None]]] = [(self.tr("The whole trip"), {})]
        stops = doc.stops.stops
        for i, stop in enumerate(stops):
            if i > 0:
                places.append(
                    (
                        self.tr("Travel {a} → {b}").format(
                            a=stops[i - 1].place.name, b=stop.place.name
                        ),
                        {"leg": stop.id},
                    )
                )
            places.append((f"{i + 1}. {stop.place.name}", {"stop": stop.id}))
        for site in doc.sites.items:
            places.append((self.tr("Site: {name}").format(name=site.name), {"site": site.id}))
        return places

    def _default_day(self, link: dict[str, int | None]) -> date | None:
        doc = self._ctx.doc
        stops, planned = doc.stops.stops, doc.stops.planned()
        stop_id = link.get("stop") or link.get("leg")
        if link.get("site") is not None:
            row = doc.sites.row_of(link["site"])
            if row >= 0:
                site = doc.sites.item_at(row)
                on = site_date(site, stops, planned)
                if on is not None:
                    return on
                stop_id = site.stop_id
        row = doc.stops.row_of(stop_id)
        if row >= 0:
            return planned[row].arrival
        trip = doc.trip()
        return trip.start if trip else None

    def _check_day(self, cost: Cost) -> None:
        span = trip_span(self._ctx.doc.stops.planned())
        if span is not None and cost.day is not None and not span.start <= cost.day <= span.end:
            raise ValidationError(
                self.tr("{day} is outside the trip ({start} to {end}); choose a day of the trip.")
                .format(day=short_day(cost.day, year=True), start=short_day(span.start, year=True),
                        end=short_day(span.end, year=True))
            )  # fmt: skip

    def add_cost(self) -> None:
        ctx = self._ctx
        trip = ctx.doc.trip()
        if trip is None or trip.id is None:
            ctx.show_error(self.tr("Create or select a trip first."))
            return
        places = self._places()
        current = ctx.doc.stops.rowCount() and 0
        dialog = CostDialog(
            trip.id, trip.home_currency, places, self._default_day, ctx.window,
            selected=current, check=self._check_day,
        )  # fmt: skip
        if dialog.exec() and dialog.cost is not None:
            command = AddCostCommand(ctx.doc, dialog.cost)
            if ctx.push(command):
                ctx.request_view(self.pane)
                row = self.model.row_of(command.cost.id)
                if row >= 0:
                    self.table.selectRow(row)
            if dialog.cost.currency in missing_currencies(self.converted()):
                self.set_rate(dialog.cost.currency)

    def remove_cost(self) -> None:
        index: QModelIndex = self.table.currentIndex()
        if index.isValid():
            self._ctx.push(RemoveCostCommand(self._ctx.doc, self.model.cost_at(index.row())))

    def set_budget(self) -> None:
        ctx = self._ctx
        trip = ctx.doc.trip()
        if trip is None:
            ctx.show_error(self.tr("Select a trip first."))
            return
        dialog = BudgetDialog(trip.budget, trip.home_currency, trip.travellers, ctx.window)
        if dialog.exec() and dialog.values is not None:
            budget, currency, travellers = dialog.values
            if (budget, currency, travellers) != (trip.budget, trip.home_currency, trip.travellers):
                ctx.push(SetBudgetCommand(ctx.doc, trip, budget, currency, travellers))

    def set_rate(self, currency: str) -> None:
        ctx = self._ctx
        trip = ctx.doc.trip()
        if trip is None or trip.id is None:
            ctx.show_error(self.tr("Select a trip first."))
            return
        if not currency:
            codes = sorted({c.currency for c in ctx.doc.costs} - {trip.home_currency})
            if not codes:
                ctx.show_message(
                    self.tr("Every cost is in {home}: no rate is needed.").format(
                        home=trip.home_currency
                    ),
                    5000,
                )
                return
            currency, ok = QInputDialog.getItem(
                ctx.window, self.tr("Set a rate"), self.tr("Currency:"), codes, 0, False
            )
            if not ok:
                return
        dialog = RateDialog(currency, trip.home_currency, ctx.doc.rates.get(currency), ctx.window)
        if dialog.exec() and dialog.rate != ctx.doc.rates.get(currency):
            ctx.push(SetRateCommand(ctx.doc, trip.id, currency, dialog.rate))


class _NoRates:
    """Stands for the reference rates until they are read: no rate is known yet."""

    def rate(self, code: str, home: str, on: date) -> tuple[Decimal, date] | None:
        return None
