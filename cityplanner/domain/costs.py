"""Costs of a trip: what was (or will be) spent, on what, where and when, in which currency.

Amounts are `Decimal`s, never floats: a budget must add up to the cent. A currency is an
ISO 4217 code; which codes exist is the caller's knowledge (the money layer), so here a
code only has to look like one.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal, InvalidOperation

from cityplanner.domain.errors import ValidationError
from cityplanner.domain.validation import check_text

#: Larger amounts are typing mistakes (a trillion in any currency).
MAX_AMOUNT = Decimal("1e12")
#: A rate is the value of one unit in the trip's home currency.
MAX_RATE = Decimal("1e9")
_CODE = re.compile(r"^[A-Z]{3}$")


class CostCategory(enum.StrEnum):
    LODGING = "lodging"
    TRANSPORT = "transport"
    FOOD = "food"
    ACTIVITIES = "activities"
    SHOPPING = "shopping"
    FEES = "fees"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @classmethod
    def parse(cls, text: str) -> CostCategory:
        cleaned = str(text).strip().lower().replace("_", " ").replace("-", " ")
        for category in cls:
            if cleaned in (category.value, category.label.lower()):
                return category
        if cleaned in ("food and drink", "food & drink", "drink", "meals"):
            return cls.FOOD
        names = ", ".join(c.value for c in cls)
        raise ValidationError(f"{text!r} is not a cost category; use one of: {names}.")


_LABELS = {
    CostCategory.LODGING: "Lodging",
    CostCategory.TRANSPORT: "Transport",
    CostCategory.FOOD: "Food and drink",
    CostCategory.ACTIVITIES: "Activities",
    CostCategory.SHOPPING: "Shopping",
    CostCategory.FEES: "Fees",
    CostCategory.OTHER: "Other",
}


def parse_amount(value: object, what: str = "Amount") -> Decimal:
    """A finite decimal amount of sensible size, from text or a number."""
    if isinstance(value, bool):
        raise ValidationError(f"{what} must be a number, such as 12.50.")
    if not isinstance(value, str | int | float | Decimal):
        raise ValidationError(f"{what} must be a number, such as 12.50.")
    text = value.strip() if isinstance(value, str) else str(value)
    if "," in text:
        raise ValidationError(
            f"{what} {value!r}: write a point for decimals and no thousands separators, "
            "like 1234.50."
        )
    try:
        amount = Decimal(text)
    except (InvalidOperation, ValueError, TypeError):
        raise ValidationError(f"{what} {value!r} is not a number; write it like 12.50.") from None
    if not amount.is_finite():
        raise ValidationError(f"{what} must be a finite number.")
    if abs(amount) >= MAX_AMOUNT:
        raise ValidationError(f"{what} {value} is too large; check the number.")
    return amount


def check_currency(code: str) -> str:
    """An upper-case three-letter code (whether it exists is checked by the money layer)."""
    cleaned = str(code).strip().upper()
    if not _CODE.match(cleaned):
        raise ValidationError(
            f"{code!r} is not a currency code; use three letters such as EUR, ISK or AMD."
        )
    return cleaned


def check_rate(value: object) -> Decimal:
    """The value of one unit of a currency in the trip's home currency: above zero."""
    rate = parse_amount(value, "A rate")
    if rate <= 0:
        raise ValidationError(
            "A rate must be above zero: the value of one unit in the trip's currency."
        )
    if rate >= MAX_RATE:
        raise ValidationError(f"A rate of {value} is too large; check the number.")
    return rate


@dataclass(frozen=True, slots=True)
class Cost:
    """One expense, planned or paid, on the trip or on one of its stops, sites or legs.

    A leg is named by the stop it arrives at (`leg_stop_id`). A negative amount is a
    refund and must say so. `rate`, when given, is the value of one unit in the trip's
    home currency and overrides the reference rates for this cost.
    """

    trip_id: int
    amount: Decimal
    currency: str
    category: CostCategory = CostCategory.OTHER
    day: date | None = None
    paid: bool = False
    note: str = ""
    stop_id: int | None = None
    site_id: int | None = None
    leg_stop_id: int | None = None
    rate: Decimal | None = None
    refund: bool = False
    id: int | None = None
    uid: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "amount", parse_amount(self.amount))
        object.__setattr__(self, "currency", check_currency(self.currency))
        if not isinstance(self.category, CostCategory):
            object.__setattr__(self, "category", CostCategory.parse(str(self.category)))
        object.__setattr__(self, "note", check_text(self.note, "Note"))
        if self.rate is not None:
            object.__setattr__(self, "rate", check_rate(self.rate))
        if self.amount < 0 and not self.refund:
            raise ValidationError(
                "A cost cannot be negative; if money came back, mark it as a refund."
            )
        if self.refund and self.amount > 0:
            object.__setattr__(self, "amount", -self.amount)
        attached = [x for x in (self.stop_id, self.site_id, self.leg_stop_id) if x is not None]
        if len(attached) > 1:
            raise ValidationError("A cost belongs to the trip, or to one stop, site or leg.")

    def with_changes(self, **changes: object) -> Cost:
        return replace(self, **changes)  # type: ignore[arg-type]
