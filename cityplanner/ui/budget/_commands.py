"""Undo commands of the budget: costs added, edited, removed; the budget and rates set."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QCoreApplication

from cityplanner.domain.costs import Cost
from cityplanner.domain.models import Trip
from cityplanner.ui.shell import EditCommand, StoreCommand, TripDocument, money, saved_id


class AddCostCommand(StoreCommand):
    def __init__(self, doc: TripDocument, cost: Cost) -> None:
        super().__init__(
            QCoreApplication.translate("BudgetCommands", "Add a cost of {amount}").format(
                amount=money(cost.amount, cost.currency)
            )
        )
        self._doc, self._cost = doc, cost

    @property
    def cost(self) -> Cost:
        return self._cost

    def _do(self) -> None:
        self._cost = self._doc.store.costs.add(self._cost)
        self._doc.costs_changed(self._cost.trip_id)

    def _undo(self) -> None:
        self._doc.store.costs.remove(saved_id(self._cost.id))
        self._doc.costs_changed(self._cost.trip_id)


class EditCostCommand(EditCommand):
    """A cost's field changed; typing in its note merges into one step."""

    MERGE_ID = 1101

    def __init__(self, doc: TripDocument, old: Cost, new: Cost, *, merge_key: str = "") -> None:
        super().__init__(
            QCoreApplication.translate("BudgetCommands", "Edit a cost"), old, new, merge_key
        )
        self._doc = doc

    def _do(self) -> None:
        self._doc.store.costs.update(self._new)
        self._doc.costs_changed(self._new.trip_id)

    def _undo(self) -> None:
        self._doc.store.costs.update(self._old)
        self._doc.costs_changed(self._old.trip_id)


class RemoveCostCommand(StoreCommand):
    def __init__(self, doc: TripDocument, cost: Cost) -> None:
        super().__init__(
            QCoreApplication.translate("BudgetCommands", "Remove a cost of {amount}").format(
                amount=money(cost.amount, cost.currency)
            )
        )
        self._doc, self._cost = doc, cost

    def _do(self) -> None:
        self._doc.store.costs.remove(saved_id(self._cost.id))
        self._doc.costs_changed(self._cost.trip_id)

    def _undo(self) -> None:
        self._doc.store.costs.add(self._cost)  # under its own id and uid
        self._doc.costs_changed(self._cost.trip_id)


class SetBudgetCommand(StoreCommand):
    """The trip's budget, home currency and number of travellers."""

    def __init__(
        self, doc: TripDocument, trip: Trip, budget: Decimal | None, currency: str, travellers: int
    ) -> None:
        super().__init__(
            QCoreApplication.translate("BudgetCommands", "Set the budget of “{trip}”").format(
                trip=trip.name
            )
        )
        self._doc, self._id = doc, saved_id(trip.id)
        self._old = (trip.budget, trip.home_currency, trip.travellers)
        self._new = (budget, currency, travellers)

    def _apply(self, values: tuple[Decimal | None, str, int]) -> None:
        budget, currency, travellers = values
        self._doc.store.costs.set_budget(self._id, budget, currency, travellers=travellers)
        self._doc.costs_changed(self._id)

    def _do(self) -> None:
        self._apply(self._new)

    def _undo(self) -> None:
        self._apply(self._old)


class SetRateCommand(StoreCommand):
    """The trip's own rate for a currency (None: forget it)."""

    def __init__(
        self, doc: TripDocument, trip_id: int, currency: str, rate: Decimal | None
    ) -> None:
        super().__init__(
            QCoreApplication.translate("BudgetCommands", "Set the rate of {code}").format(
                code=currency
            )
        )
        self._doc, self._id, self._currency = doc, trip_id, currency
        self._old, self._new = doc.rates.get(currency), rate

    def _do(self) -> None:
        self._doc.store.costs.set_rate(self._id, self._currency, self._new)
        self._doc.costs_changed(self._id)

    def _undo(self) -> None:
        self._doc.store.costs.set_rate(self._id, self._currency, self._old)
        self._doc.costs_changed(self._id)
