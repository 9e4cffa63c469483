"""The costs of the shown trip as a table, each with its value in the home currency."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from cityplanner.domain.costs import Cost, CostCategory, parse_amount
from cityplanner.domain.errors import ValidationError
from cityplanner.domain.validation import parse_date
from cityplanner.money.convert import ECB, Converted
from cityplanner.money.display import rounded
from cityplanner.money.rates import known_currency
from cityplanner.money.totals import Group
from cityplanner.ui.shell import label, long_day, money, number, short_day

Index = QModelIndex | QPersistentModelIndex
#: Where a rate came from (`cityplanner.money.convert`), and the groups that are no place.
SOURCES = (
    QT_TRANSLATE_NOOP("CostsModel", "home currency"),
    QT_TRANSLATE_NOOP("CostsModel", "this cost's rate"),
    QT_TRANSLATE_NOOP("CostsModel", "your rate"),
    QT_TRANSLATE_NOOP("CostsModel", "no rate"),
    QT_TRANSLATE_NOOP("CostsModel", "No date"),
    QT_TRANSLATE_NOOP("CostsModel", "The whole trip"),
    QT_TRANSLATE_NOOP("CostsModel", "Unknown country"),
)


class CostsModel(QAbstractTableModel):
    """Rows are costs (converted); an edit is validated, then requested as an undo command."""

    sig_edit_requested = Signal(object, object, str)
    """A valid edit: (old Cost, new Cost, merge key for typing in the same field)."""
    sig_edit_refused = Signal(str)
    """An edit was refused; the message says why."""

    (
        COL_DAY,
        COL_FOR,
        COL_CATEGORY,
        COL_NOTE,
        COL_AMOUNT,
        COL_CURRENCY,
        COL_PAID,
        COL_HOME,
        COL_RATE,
    ) = range(9)
    EDITABLE = frozenset({COL_DAY, COL_CATEGORY, COL_NOTE, COL_AMOUNT, COL_CURRENCY})

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Converted] = []
        self._home = "EUR"
        self._where: Callable[[Cost], str] = lambda cost: ""
        self._headers = [
            self.tr("Date"),
            self.tr("For"),
            self.tr("Category"),
            self.tr("Note"),
            self.tr("Amount"),
            self.tr("Currency"),
            self.tr("Paid"),
            self.tr("In {currency}"),
            self.tr("Rate"),
        ]

    def set_rows(self, rows: Sequence[Converted], home: str, where: Callable[[Cost], str]) -> None:
        """Show these costs; the same costs in the same order change only their cells."""
        same = [r.cost.id for r in rows] == [r.cost.id for r in self._rows] and home == self._home
        self._where, old = where, self._rows
        if same:
            self._rows = list(rows)
            for row, (before, after) in enumerate(zip(old, rows, strict=True)):
                if before != after:
                    self.dataChanged.emit(
                        self.index(row, 0), self.index(row, self.columnCount() - 1)
                    )
            return
        self.beginResetModel()
        self._rows, self._home = list(rows), home
        self.endResetModel()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, self.COL_HOME, self.COL_HOME)

    def cost_at(self, row: int) -> Cost:
        return self._rows[row].cost

    def row_of(self, cost_id: int | None) -> int:
        return next((i for i, r in enumerate(self._rows) if r.cost.id == cost_id), -1)

    # -- reading ------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        text = self._headers[section] if 0 <= section < len(self._headers) else None
        return text.format(currency=self._home) if text else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        item, column = self._rows[index.row()], index.column()
        cost = item.cost
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(item, column)
        if role == Qt.ItemDataRole.EditRole:
            if column == self.COL_DAY:
                day = cost.day
                return QDate(day.year, day.month, day.day) if day else QDate()
            if column == self.COL_CATEGORY:
                return cost.category.value
            if column == self.COL_AMOUNT:
                return str(abs(cost.amount))
            return self._text(item, column)
        if role == Qt.ItemDataRole.CheckStateRole and column == self.COL_PAID:
            return Qt.CheckState.Checked if cost.paid else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (self.COL_AMOUNT, self.COL_HOME):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column in (self.COL_HOME, self.COL_RATE):
            if item.missing:
                return self.tr(
                    "No rate is known for {code} on that day: Budget → Set a rate…"
                ).format(code=cost.currency)
            return self.tr("1 {code} = {rate} {home} ({source})").format(
                code=cost.currency,
                rate=number(float(item.rate or 0), _places(item.rate)),
                home=self._home,
                source=source_text(item),
            )
        if role == Qt.ItemDataRole.UserRole:
            return cost.id
        return None

    def _text(self, item: Converted, column: int) -> str:
        cost = item.cost
        if column == self.COL_DAY:
            return short_day(cost.day, year=True) if cost.day else ""
        if column == self.COL_FOR:
            return self._where(cost)
        if column == self.COL_CATEGORY:
            return label(cost.category)
        if column == self.COL_NOTE:
            return cost.note
        if column == self.COL_AMOUNT:
            amount = rounded(abs(cost.amount), cost.currency)
            text = number(float(amount), _places(amount))
            return self.tr("refund {amount}").format(amount=text) if cost.refund else text
        if column == self.COL_CURRENCY:
            return cost.currency
        if column == self.COL_PAID:
            return self.tr("paid") if cost.paid else self.tr("planned")
        if column == self.COL_HOME:
            return money(item.amount, self._home) if item.amount is not None else self.tr("no rate")
        if column == self.COL_RATE:
            return source_text(item)
        return ""

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.column() in self.EDITABLE:
            flags |= Qt.ItemFlag.ItemIsEditable
        if index.column() == self.COL_PAID:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    # -- editing ------------------------------------------------------------------------
    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid():
            return False
        old = self._rows[index.row()].cost
        try:
            new, key = self._edited(old, index.column(), value, role)
        except ValidationError as exc:
            self.sig_edit_refused.emit(str(exc))
            return False
        if new is None or new == old:
            return False
        self.sig_edit_requested.emit(old, new, key)
        return True

    def _edited(self, cost: Cost, column: int, value: Any, role: int) -> tuple[Cost | None, str]:
        if column == self.COL_PAID and role == Qt.ItemDataRole.CheckStateRole:
            checked = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value, 2)
            return cost.with_changes(paid=bool(checked)), ""
        if role != Qt.ItemDataRole.EditRole:
            return None, ""
        if column == self.COL_DAY:
            day: date | None
            if isinstance(value, QDate):
                day = date(value.year(), value.month(), value.day()) if value.isValid() else None
            else:
                day = parse_date(str(value or ""))
            return cost.with_changes(day=day), ""
        if column == self.COL_CATEGORY:
            return cost.with_changes(category=CostCategory.parse(str(value))), ""
        if column == self.COL_NOTE:
            return cost.with_changes(note=str(value or "")), ""
        if column == self.COL_AMOUNT:
            amount = parse_amount(str(value))
            if amount < 0:
                return cost.with_changes(amount=amount, refund=True), ""
            return cost.with_changes(amount=-amount if cost.refund else amount), ""
        if column == self.COL_CURRENCY:
            return cost.with_changes(currency=known_currency(str(value))), ""
        return None, ""


def total_of(rows: Sequence[Converted]) -> Decimal:
    return sum((r.amount for r in rows if r.amount is not None), Decimal(0))


def source_text(item: Converted) -> str:
    """Where a rate came from, in the window's language: "your rate", "ECB 2 Oct 2017"."""
    if item.source.startswith(ECB):
        if item.on is None:
            return QCoreApplication.translate("CostsModel", "ECB")
        day = short_day(item.on, year=True)
        return QCoreApplication.translate("CostsModel", "ECB {day}").format(day=day)
    return QCoreApplication.translate("CostsModel", item.source)


def group_text(group: Group, by: str) -> str:
    """A line of the totals by category, day, stop or country, in the window's language."""
    if by == "category" and group.key:
        return label(CostCategory(group.key))
    if by == "day" and group.key:
        return long_day(date.fromisoformat(group.key))
    if not group.key:
        return QCoreApplication.translate("CostsModel", group.label)
    return group.label


def _places(amount: Decimal | None) -> int:
    """How many decimals `amount` is written with (2 for 12.50, 0 for 1200)."""
    exponent = amount.as_tuple().exponent if amount is not None else 0
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0
