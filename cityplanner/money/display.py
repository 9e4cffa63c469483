"""Amounts as people read them: "€1,234.50", "ISK 12,000", rounded to the currency's units."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal

from babel.numbers import format_currency, get_currency_precision

LOCALE = "en_GB"


def rounded(amount: Decimal, currency: str) -> Decimal:
    """`amount` to the currency's minor units (2 for EUR, 0 for ISK and JPY)."""
    places = get_currency_precision(currency)
    return amount.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN)


def format_money(amount: Decimal, currency: str, *, locale: str = LOCALE) -> str:
    """€1,234.50 — with the currency's own symbol where it has a well-known one.

    `locale` ("fr_FR": 1 234,50 €) is the window's; the command line writes British English.
    """
    return format_currency(rounded(amount, currency), currency, locale=locale)
