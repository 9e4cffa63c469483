"""How the command line writes money: amounts to a currency's minor units, rates in full.

Amounts leave as decimal text (never floats), so scripts reading `--json` add them up to
the cent; how many decimals a currency has comes from Babel's CLDR data (JPY and ISK
none, EUR two, BHD three).
"""

from __future__ import annotations

import shlex
from decimal import Context, Decimal

from babel.numbers import get_currency_precision

from cityplanner.domain.errors import ValidationError
from cityplanner.money.display import rounded  # the window's rounding: the same cents

#: Significant digits a rate is shown with (the ECB publishes five or six).
RATE_DIGITS = 10
#: Room for any stored amount padded to its decimals, without an error.
_WIDE = Context(prec=60)


def minor_units(code: str) -> int:
    """How many decimals an amount in `code` has."""
    return int(get_currency_precision(code))


def decimal_text(amount: Decimal, code: str) -> str:
    """ "12.50": a display amount, rounded, without thousands separators (for JSON)."""
    return format(rounded(amount, code), "f")


def money(amount: Decimal, code: str) -> str:
    """ "1,234.50 EUR": a display amount for people."""
    return f"{figure(amount, code)} {code}"


def figure(amount: Decimal, code: str) -> str:
    """ "1,234.50": a display amount in a column headed by its currency."""
    return format(rounded(amount, code), ",f")


def exact_text(amount: Decimal, code: str, *, separators: bool = False) -> str:
    """A stored amount as it is: padded to the currency's decimals, never rounded away."""
    places = max(minor_units(code), -int(amount.normalize().as_tuple().exponent))
    padded = amount.quantize(Decimal(1).scaleb(-places), context=_WIDE)
    return format(padded, ",f" if separators else "f")


def rate_text(rate: Decimal) -> str:
    """ "0.0146448907": a rate to ten significant digits, never in exponent form."""
    return format(Context(prec=RATE_DIGITS).create_decimal(rate).normalize(), "f")


def check_minor_units(amount: Decimal, code: str, what: str = "Amount") -> Decimal:
    """`amount` with exactly the decimals of `code`, refusing finer ones (1.005 EUR)."""
    places = minor_units(code)
    if -int(amount.normalize().as_tuple().exponent) > places:
        kind = "no decimals" if places == 0 else f"{places} decimal{'s' if places != 1 else ''}"
        raise ValidationError(
            f"{what} {format(amount, 'f')} is finer than {code} goes ({kind}); round it first."
        )
    return amount.quantize(Decimal(1).scaleb(-places))


def set_rate_hint(trip_ref: str, code: str) -> str:
    return f"cityplanner set-rate {shlex.quote(trip_ref)} {code} R"
