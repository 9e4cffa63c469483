"""The Budget and Statistics views: costs added, edited and undone; rates asked for; charts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytest import MonkeyPatch
from pytestqt.qtbot import QtBot

from cityplanner.domain.costs import Cost, CostCategory
from cityplanner.geo.stats import trip_stats
from cityplanner.store import Store
from cityplanner.ui.budget import _dialogs
from cityplanner.ui.shell import Settings
from cityplanner.ui.stats._charts import values_of
from cityplanner.ui.window import MainWindow


@pytest.fixture
def window(qtbot: QtBot, demo_store: Store, settings: Settings) -> MainWindow:
    trip = demo_store.trips.list()[0]
    for cost in demo_store.costs.for_trip(trip.id or 0):  # a trip of our own making
        demo_store.costs.remove(cost.id or 0)
    for code in demo_store.costs.rates(trip.id or 0):
        demo_store.costs.set_rate(trip.id or 0, code, None)
    demo_store.costs.set_budget(trip.id or 0, Decimal(1000), "EUR")
    window = MainWindow(demo_store, settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.budget._rates_loaded, timeout=10_000)
    return window


def add(window: MainWindow, monkeypatch: MonkeyPatch, **fields: object) -> list[str]:
    """Fill in the Add cost dialog as a person would, and press OK; the refusals it showed."""
    shown: list[str] = []

    def fill(dialog: _dialogs.CostDialog) -> int:
        dialog.amount.setText(str(fields.get("amount", "")))
        dialog.currency.setText(str(fields.get("currency", "EUR")))
        dialog.category.setCurrentIndex(
            list(CostCategory).index(fields.get("category", CostCategory.OTHER))
        )  # type: ignore[arg-type]
        dialog.target.setCurrentIndex(int(fields.get("target", 0)))  # type: ignore[call-overload]
        dialog.paid.setChecked(bool(fields.get("paid", False)))
        dialog._on_ok()
        if not dialog.error.isHidden():
            shown.append(dialog.error.text())
            return 0
        return 1

    monkeypatch.setattr(_dialogs.CostDialog, "exec", fill)
    window.budget.act_add_cost.trigger()
    return shown


def test_costs_in_several_currencies_add_up_and_undo_restores_them(
    window: MainWindow, monkeypatch: MonkeyPatch
) -> None:
    doc = window.doc
    # Target 1 is the first stop (Toulouse), its default date its arrival.
    assert (
        add(window, monkeypatch, amount="380", category=CostCategory.LODGING, target=2, paid=True)
        == []
    )
    assert (
        add(window, monkeypatch, amount="9500", currency="RUB", target=len(doc.stops.stops) * 2 - 2)
        == []
    )
    costs = window.store.costs.for_trip(doc.trip_id or 0)
    assert [(c.amount, c.currency, c.paid) for c in costs] == [
        (Decimal("380"), "EUR", True),
        (Decimal("9500"), "RUB", False),
    ]
    rub = next(r for r in window.budget.converted() if r.cost.currency == "RUB")
    assert rub.source.startswith("ECB 2017-10-1") and rub.amount is not None
    total = Decimal("380") + rub.amount
    text = window.budget.totals.text()
    assert f"€{total:,.2f}" in text and "left of the budget" in text

    # An edit in the table is one undo step; so is each addition.
    model = window.budget.model
    assert model.setData(model.index(0, model.COL_AMOUNT), "400")
    assert window.store.costs.for_trip(doc.trip_id or 0)[0].amount == Decimal("400")
    window.act_undo.trigger()
    assert window.store.costs.for_trip(doc.trip_id or 0)[0].amount == Decimal("380")
    window.act_undo.trigger()
    window.act_undo.trigger()
    assert window.store.costs.for_trip(doc.trip_id or 0) == []
    assert "Total €0.00" in window.budget.totals.text()


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"amount": "-20"}, "negative"),
        ({"amount": "abc"}, "not a number"),
        ({"amount": "12", "currency": "XYZ"}, "ISO 4217"),
        ({"amount": "1e20"}, "too large"),
    ],
)
def test_a_refused_cost_keeps_the_dialog_and_changes_nothing(
    window: MainWindow, monkeypatch: MonkeyPatch, fields: dict[str, object], reason: str
) -> None:
    shown = add(window, monkeypatch, **fields)
    if reason == "negative":
        # A negative amount is a refund: it is accepted only as one.
        assert shown == []
        (cost,) = window.store.costs.for_trip(window.doc.trip_id or 0)
        assert cost.refund and cost.amount == Decimal("-20")
        return
    assert shown and reason in shown[0]
    assert window.store.costs.for_trip(window.doc.trip_id or 0) == []


def test_a_currency_without_a_rate_is_left_out_until_the_traveller_gives_one(
    window: MainWindow, monkeypatch: MonkeyPatch
) -> None:
    rates: list[str] = []

    def give_rate(dialog: _dialogs.RateDialog) -> int:
        rates.append(dialog.windowTitle())
        dialog.value.setText("0.00176")
        dialog._on_ok()
        return 1

    monkeypatch.setattr(_dialogs.RateDialog, "exec", give_rate)
    assert add(window, monkeypatch, amount="52000", currency="AMD") == []
    assert rates == ["Rate for AMD"]  # asked at once, never guessed
    (row,) = window.budget.converted()
    assert row.amount == Decimal("52000") * Decimal("0.00176") and row.source == "your rate"
    assert not window.budget.missing.isVisible()
    window.act_undo.trigger()  # the rate goes; the cost stays, left out and named
    (row,) = window.budget.converted()
    assert row.missing
    assert "AMD" in window.budget.missing.text() and window.budget.missing.isVisibleTo(window)


def test_the_statistics_charts_show_the_same_figures_as_the_command_line(
    qtbot: QtBot, window: MainWindow, monkeypatch: MonkeyPatch
) -> None:
    store, trip_id = window.store, window.doc.trip_id or 0
    stops = store.trips.stops(trip_id)
    store.costs.add(
        Cost(trip_id, "380", "EUR", CostCategory.LODGING, date(2017, 10, 2), stop_id=stops[0].id)
    )
    store.costs.add(
        Cost(trip_id, "60", "EUR", CostCategory.FOOD, date(2017, 10, 2), stop_id=stops[0].id)
    )
    window.doc.costs_changed(trip_id)
    window.stats.act_show_stats.trigger()
    qtbot.waitUntil(lambda: "category" in window.stats.charts, timeout=5000)
    expected = trip_stats(stops)
    assert values_of(window.stats.charts["km"]) == [round(t.km) for t in expected.by_mode.values()]
    assert sorted(values_of(window.stats.charts["nights"])) == sorted(
        expected.nights_by_country.values()
    )
    assert values_of(window.stats.charts["category"]) == [380.0, 60.0]
    assert values_of(window.stats.charts["day"]) == [440.0]
    assert values_of(window.stats.charts["timeline"]) == [float(s.nights) for s in stops]
    assert "costs 440 EUR" in window.stats.pane.summary.text()


def test_removing_a_cost_with_the_delete_key_can_be_undone(
    qtbot: QtBot, window: MainWindow, monkeypatch: MonkeyPatch
) -> None:
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: None)
    assert add(window, monkeypatch, amount="15") == []
    table = window.budget.table
    window.budget.act_show_budget.trigger()
    table.setFocus()
    table.selectRow(0)
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert window.store.costs.for_trip(window.doc.trip_id or 0) == []
    window.act_undo.trigger()
    (cost,) = window.store.costs.for_trip(window.doc.trip_id or 0)
    assert cost.amount == Decimal("15")


@pytest.mark.parametrize("by", ["category", "day", "stop", "country"])
def test_every_grouping_adds_up_to_the_total(window: MainWindow, by: str) -> None:
    store, trip_id = window.store, window.doc.trip_id or 0
    stops = store.trips.stops(trip_id)
    store.costs.add(
        Cost(trip_id, "380", "EUR", CostCategory.LODGING, date(2017, 10, 2), stop_id=stops[0].id)
    )
    store.costs.add(
        Cost(trip_id, "9500", "RUB", CostCategory.FOOD, date(2017, 10, 17), stop_id=stops[6].id)
    )
    store.costs.add(Cost(trip_id, "50", "EUR", CostCategory.FEES, None))
    window.doc.costs_changed(trip_id)
    combo = window.budget.group_by
    combo.setCurrentIndex(combo.findData(by))
    table = window.budget.groups
    cells = [table.item(r, 1).text() for r in range(table.rowCount())]
    total = sum(Decimal(c.replace("€", "").replace(",", "")) for c in cells)
    expected = sum(r.amount for r in window.budget.converted() if r.amount is not None)
    assert total == expected.quantize(Decimal("0.01")) or abs(total - expected) <= Decimal(
        "0.01"
    ) * len(cells)
    assert table.rowCount() >= 2


def test_removing_a_stop_or_the_trip_and_undoing_gives_the_costs_back_their_place(
    qtbot: QtBot, demo_store: Store, settings: Settings, monkeypatch: MonkeyPatch
) -> None:
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    window = MainWindow(demo_store, settings)
    qtbot.addWidget(window)
    window.show()
    trip_id = window.doc.trip_id or 0
    before = demo_store.costs.for_trip(trip_id)
    rates = demo_store.costs.rates(trip_id)
    arles = demo_store.trips.stops(trip_id)[2]
    at_arles = [c for c in before if arles.id in (c.stop_id, c.leg_stop_id)]
    assert at_arles and rates  # the demo trip has costs there, and rates of its own

    window.itinerary.select_stop_row(2)
    window.itinerary.act_delete.trigger()
    assert all(
        c.stop_id is None and c.leg_stop_id is None
        for c in demo_store.costs.for_trip(trip_id)
        if c.id in {x.id for x in at_arles}
    )
    window.act_undo.trigger()
    assert demo_store.costs.for_trip(trip_id) == before

    window.itinerary.act_delete_trip.trigger()
    assert demo_store.costs.for_trip(trip_id) == []
    window.act_undo.trigger()
    assert demo_store.costs.for_trip(trip_id) == before
    assert demo_store.costs.rates(trip_id) == rates


def test_the_window_and_the_command_line_give_the_demo_the_same_total(
    qtbot: QtBot, demo_store: Store, settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    from cityplanner.cli import main as cli_main

    window = MainWindow(demo_store, settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.budget._rates_loaded, timeout=10_000)
    shown = sum(r.amount for r in window.budget.converted() if r.amount is not None)
    assert cli_main(["--db", str(demo_store.path), "costs", str(window.doc.trip_id), "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert Decimal(listed["total"]["amount"]) == shown
    assert f"Total €{shown:,.2f}" in window.budget.totals.text()
