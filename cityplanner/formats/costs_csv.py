"""The costs as a CSV table: one row per cost with its amount in the home currency and the
rate used, then a blank line and the totals."""

from __future__ import annotations

import codecs
import csv
import io
import logging
from decimal import Decimal
from typing import BinaryIO

from cityplanner.formats.costs import CostLine, cost_report, plain_amount, plain_number
from cityplanner.formats.document import ExportOptions, TripDocument
from cityplanner.formats.escape import csv_cell

log = logging.getLogger(__name__)

COST_COLUMNS = (
    "date", "stop", "site_or_leg", "category", "note", "amount", "currency", "status",
    "refund", "home_amount", "home_currency", "rate", "rate_source",
)  # fmt: skip
#: Columns written as numbers: the writer makes them, so no formula can hide in them.
_NUMBERS = ("amount", "home_amount", "rate")


def write_costs_csv(doc: TripDocument, out: BinaryIO, options: ExportOptions) -> None:
    """UTF-8 with the byte-order mark, like the itinerary table; amounts as plain decimals."""
    text = io.StringIO(newline="")
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(COST_COLUMNS)
    report = cost_report(doc)
    home = doc.trip.home_currency
    if report is not None:
        writer.writerows(_row(line, home) for line in report.lines)
        summary = report.summary
        writer.writerow([])
        totals: list[tuple[str, Decimal | None]] = [
            ("total", summary.total),
            ("paid", summary.paid),
            ("planned", summary.planned),
            ("budget", summary.budget),
            ("remaining", summary.remaining),
        ]
        if summary.travellers > 1:
            totals.append(("per_person", summary.per_person))
        for label, amount in totals:
            cell = "" if amount is None else plain_amount(amount, home)
            writer.writerow([label, cell, home])
        if summary.missing:
            writer.writerow(["missing_rates", "", csv_cell(" ".join(summary.missing))])
            options.notes.append(report.missing_note())
    out.write(codecs.BOM_UTF8 + text.getvalue().encode("utf-8"))


def _row(line: CostLine, home: str) -> list[str]:
    item = line.item
    cost = item.cost
    values = {
        "date": cost.day.isoformat() if cost.day else "",
        "stop": f"{line.stop_number}. {line.stop_name}" if line.stop_number else "",
        "site_or_leg": line.attached,
        "category": cost.category.value,
        "note": cost.note,
        "currency": cost.currency,
        "status": "paid" if cost.paid else "planned",
        "refund": "1" if cost.refund else "",
        "home_currency": home,
        "rate_source": item.source,
    }
    cells = [csv_cell(values.get(column, "")) for column in COST_COLUMNS]
    numbers = {
        "amount": plain_number(cost.amount),
        "home_amount": "" if item.amount is None else plain_amount(item.amount, home),
        "rate": "" if item.rate is None else plain_number(item.rate),
    }
    for column in _NUMBERS:
        cells[COST_COLUMNS.index(column)] = numbers[column]
    return cells


__all__ = ["COST_COLUMNS", "write_costs_csv"]
