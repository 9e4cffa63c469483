"""The budget's dialogs: a new cost, the trip's budget, a rate for a currency.

A refused value keeps the dialog open with what was typed and says why beside it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from cityplanner.domain.costs import Cost, CostCategory, check_rate, parse_amount
from cityplanner.domain.errors import CityPlannerError
from cityplanner.money.rates import known_currency
from cityplanner.ui.shell import label


class _CheckedDialog(QDialog):
    """OK only closes the dialog once `build()` accepts what was typed."""

    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout(self)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b71c1c")
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._on_ok)
        self.buttons.rejected.connect(self.reject)

    def finish_form(self) -> None:
        self.form.addRow(self.error)
        self.form.addRow(self.buttons)

    def build(self) -> None:
        raise NotImplementedError

    def _on_ok(self) -> None:
        try:
            self.build()
        except CityPlannerError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        self.accept()


def _date_edit(day: date | None) -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    start = day or date.today()
    edit.setDate(QDate(start.year, start.month, start.day))
    return edit


class CostDialog(_CheckedDialog):
    """A new cost: amount, currency, category, for what, date, paid, note."""

    def __init__(
        self,
        trip_id: int,
        home: str,
        places: list[tuple[str, dict[str, int | None]]],
        default_day: Callable[[dict[str, int | None]], date | None],
        parent: QWidget | None = None,
        *,
        selected: int = 0,
        check: Callable[[Cost], None] | None = None,
    ) -> None:
        super().__init__(self.tr("Add a cost"), parent)
        self._trip_id, self._default_day, self._check = trip_id, default_day, check
        self.cost: Cost | None = None
        self.amount = QLineEdit()
        self.amount.setPlaceholderText("120.00")
        self.currency = QLineEdit(home)
        self.currency.setMaxLength(3)
        self.category = QComboBox()
        for category in CostCategory:
            self.category.addItem(label(category), category)
        self.target = QComboBox()
        for text, link in places:
            self.target.addItem(text, link)
        self.target.setCurrentIndex(max(0, min(selected, len(places) - 1)))
        self.day = _date_edit(default_day(self.target.currentData() or {}))
        self.target.currentIndexChanged.connect(self._on_target)
        self.paid = QCheckBox(self.tr("Already paid"))
        self.refund = QCheckBox(self.tr("A refund (money back)"))
        self.note = QLineEdit()
        self.form.addRow(self.tr("&Amount:"), self.amount)
        self.form.addRow(self.tr("C&urrency:"), self.currency)
        self.form.addRow(self.tr("&Category:"), self.category)
        self.form.addRow(self.tr("&For:"), self.target)
        self.form.addRow(self.tr("&Date:"), self.day)
        self.form.addRow("", self.paid)
        self.form.addRow("", self.refund)
        self.form.addRow(self.tr("&Note:"), self.note)
        self.finish_form()
        self.resize(420, 0)

    def _on_target(self) -> None:
        day = self._default_day(self.target.currentData() or {})
        if day is not None:
            self.day.setDate(QDate(day.year, day.month, day.day))

    def build(self) -> None:
        amount = parse_amount(self.amount.text())
        refund = self.refund.isChecked() or amount < 0
        picked = self.day.date()
        link = self.target.currentData() or {}
        self.cost = Cost(
            trip_id=self._trip_id,
            amount=-abs(amount) if refund else amount,
            currency=known_currency(self.currency.text()),
            category=self.category.currentData(),
            day=date(picked.year(), picked.month(), picked.day()),
            paid=self.paid.isChecked(),
            refund=refund,
            note=self.note.text(),
            stop_id=link.get("stop"),
            site_id=link.get("site"),
            leg_stop_id=link.get("leg"),
        )
        if self._check is not None:
            self._check(self.cost)


class BudgetDialog(_CheckedDialog):
    """The trip's budget (empty: none), its currency — the home currency — and travellers."""

    def __init__(
        self, budget: Decimal | None, currency: str, travellers: int, parent: QWidget | None
    ) -> None:
        super().__init__(self.tr("Budget"), parent)
        self.values: tuple[Decimal | None, str, int] | None = None
        self.amount = QLineEdit("" if budget is None else str(budget))
        self.amount.setPlaceholderText(self.tr("no budget"))
        self.currency = QLineEdit(currency)
        self.currency.setMaxLength(3)
        self.travellers = QSpinBox()
        self.travellers.setRange(1, 1000)
        self.travellers.setValue(travellers)
        self.form.addRow(self.tr("&Budget:"), self.amount)
        self.form.addRow(self.tr("&Currency (totals are shown in it):"), self.currency)
        self.form.addRow(self.tr("&Travellers:"), self.travellers)
        self.finish_form()

    def build(self) -> None:
        text = self.amount.text().strip()
        budget = parse_amount(text, "A budget") if text else None
        self.values = (budget, known_currency(self.currency.text()), self.travellers.value())


class RateDialog(_CheckedDialog):
    """The value of one unit of a currency in the home currency (empty: forget it)."""

    def __init__(
        self, currency: str, home: str, rate: Decimal | None, parent: QWidget | None
    ) -> None:
        super().__init__(self.tr("Rate for {code}").format(code=currency), parent)
        self.rate: Decimal | None = None
        self.value = QLineEdit("" if rate is None else str(rate))
        self.value.setPlaceholderText(self.tr("use the reference rates"))
        text = QLabel(
            self.tr(
                "What one {code} is worth in {home}. It is used for every {code} cost of this "
                "trip that has no rate of its own, instead of the ECB's reference rates."
            ).format(code=currency, home=home)
        )
        text.setWordWrap(True)
        self.form.addRow(text)
        self.form.addRow(
            self.tr("1 {code} = … {home}:").format(code=currency, home=home), self.value
        )
        self.finish_form()

    def build(self) -> None:
        text = self.value.text().strip()
        self.rate = check_rate(text) if text else None
