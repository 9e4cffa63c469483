"""Reference exchange rates, offline: the European Central Bank's history since 1999.

The rates come from `currencyconverter` (Apache-2.0), which ships the ECB's euro foreign
exchange reference rates (free to reuse with the source named). A cost is converted at
the reference rate of its own date; the ECB publishes on working days only, so a
weekend or a holiday takes the last rate published in the seven days before it. A
currency the ECB does not quote (AMD), or a date it did not (RUB after 1 March 2022, ISK
between 2009 and 2018), has no reference rate: the traveller gives one, and nothing is
guessed.
"""

from __future__ import annotations

import functools
import logging
import threading
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from babel.numbers import list_currencies

from cityplanner.domain.costs import check_currency
from cityplanner.domain.errors import ValidationError

log = logging.getLogger(__name__)

SOURCE = "European Central Bank euro reference rates, via currencyconverter"
#: How far back a missing day (a weekend, a holiday) looks for the last published rate.
LOOKBACK_DAYS = 7


@functools.cache
def iso_currencies() -> frozenset[str]:
    """Every ISO 4217 code, current and historic (from Babel's CLDR data)."""
    return frozenset(code.upper() for code in list_currencies())


#: ISO 4217 codes that are not money one pays with: metals, funds, testing, "no currency".
NOT_MONEY = frozenset(
    {"XAU", "XAG", "XPT", "XPD", "XTS", "XXX", "XDR", "XBA", "XBB", "XBC", "XBD", "XSU", "XUA"}
)


def known_currency(code: str) -> str:
    """`code`, checked to be a real currency code."""
    cleaned = check_currency(code)
    if cleaned not in iso_currencies() or cleaned in NOT_MONEY:
        raise ValidationError(f"{code!r} is not a currency code in ISO 4217 (EUR, ISK, AMD…).")
    return cleaned


class ReferenceRates:
    """The ECB's reference rates, loaded on first use (a fifth of a second, once)."""

    def __init__(self) -> None:
        self._converter: Any = None
        self._lock = threading.Lock()

    def _load(self) -> Any:
        with self._lock:
            if self._converter is None:
                from currency_converter import CurrencyConverter

                # No fallback: a missing rate must be asked for, never interpolated.
                self._converter = CurrencyConverter(
                    fallback_on_missing_rate=False, fallback_on_wrong_date=False
                )
            return self._converter

    def quoted(self, code: str) -> bool:
        """Whether the ECB quotes this currency at all."""
        return code in self._load().currencies

    def rate(self, code: str, home: str, on: date) -> tuple[Decimal, date] | None:
        """The value of one `code` in `home` on `on` (or the last working day before), and
        the day it was published; None if the ECB has no such rate."""
        if code == home:
            return Decimal(1), on
        converter = self._load()
        if code not in converter.currencies or home not in converter.currencies:
            return None
        for back in range(LOOKBACK_DAYS + 1):
            day = on - timedelta(days=back)
            try:
                value = converter.convert(1, code, home, date=day)
            except Exception:  # currencyconverter raises RateNotFoundError or ValueError
                continue
            # Twelve significant digits: enough for a billion of the weakest currency.
            return Decimal(f"{value:.12g}"), day
        return None


_shared = ReferenceRates()


def reference_rates() -> ReferenceRates:
    """The process's one copy of the reference rates."""
    return _shared
