"""The travelogue's costs section: what the trip costs in its home currency, per category,
paid and planned, against the budget, and each cost under the stop it was spent at.

The section is plain text arranged once (`costs_section`); the Markdown, HTML and PDF
writers each lay it out and escape it their own way.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from decimal import Decimal

from cityplanner.domain.wording import short_date
from cityplanner.formats.costs import CostLine, CostReport, cost_report, money_text
from cityplanner.formats.document import TripDocument
from cityplanner.formats.escape import markdown_text
from cityplanner.formats.markup import html_text

log = logging.getLogger(__name__)

COSTS_TITLE = "Costs"
CATEGORY_COLUMNS = ("Category", "Total", "Paid", "Planned")
WHOLE_TRIP = "The whole trip"


@dataclass(frozen=True, slots=True)
class CostsSection:
    """The costs of a trip as lines of text, ready for any layout."""

    #: (label, amount): the total, paid, planned, budget, remaining, per person.
    facts: list[tuple[str, str]]
    #: One row per category: label, total, paid, planned.
    categories: list[tuple[str, str, str, str]]
    #: Each stop with costs (its number, 0 for the whole trip, and its name), and one line
    #: per cost.
    places: list[tuple[int, str, list[str]]]
    #: The rates used, and the costs left out for want of a rate.
    notes: list[str]
    #: What the writer tells the person after the export ("" when nothing).
    missing_note: str = ""


def costs_section(doc: TripDocument) -> CostsSection | None:
    """The section for a trip with costs; None for a trip without (nothing is added)."""
    report = cost_report(doc)
    if report is None:
        return None
    home = report.currency

    def money(amount: Decimal) -> str:
        return money_text(amount, home)

    summary = report.summary
    facts = [("Total", money(summary.total)), ("Paid", money(summary.paid)),
             ("Planned", money(summary.planned))]  # fmt: skip
    if summary.budget is not None and summary.remaining is not None:
        facts.append(("Budget", money(summary.budget)))
        if summary.remaining >= 0:
            facts.append(("Remaining", money(summary.remaining)))
        else:
            facts.append(("Over budget by", money(-summary.remaining)))
    if summary.travellers > 1:
        facts.append((f"Per person ({summary.travellers} travellers)", money(summary.per_person)))
    categories = [
        (group.label, money(group.total), money(group.paid), money(group.planned))
        for group in report.categories
    ]
    notes = []
    rates = report.rates_text()
    if rates:
        notes.append(f"Rates used: {rates}.")
    if summary.missing:
        count = sum(1 for line in report.lines if line.item.missing)
        notes.append(
            f"Not counted, having no rate: {count} cost(s) in {', '.join(summary.missing)}."
        )
    return CostsSection(
        facts=facts,
        categories=categories,
        places=_places(report),
        notes=notes,
        missing_note=report.missing_note(),
    )


def _places(report: CostReport) -> list[tuple[int, str, list[str]]]:
    """The costs under their stops, in the trip's order; the whole trip's come first."""
    grouped: dict[int, tuple[int, str, list[str]]] = {}
    for line in sorted(report.lines, key=lambda line: line.stop_number):
        entry = grouped.setdefault(line.stop_number, (line.stop_number, line.stop_name, []))
        entry[2].append(cost_text(line, report.currency))
    return list(grouped.values())


def place_heading(number: int, name: str) -> str:
    """1. Toulouse, or the whole trip (unescaped)."""
    return f"{number}. {name}" if number else WHOLE_TRIP


def cost_text(line: CostLine, home: str) -> str:
    """4 Oct · Lodging · Hotel near the Capitole: 54,000 ISK = 442.80 EUR, paid."""
    item = line.item
    cost = item.cost
    what = [short_date(cost.day)] if cost.day else []
    what += [cost.category.label, *(t for t in (line.attached, cost.note) if t)]
    amount = money_text(cost.amount, cost.currency, as_entered=True)
    if cost.currency != home:
        amount += " (no rate)" if item.amount is None else f" = {money_text(item.amount, home)}"
    status = "paid" if cost.paid else "planned"
    if cost.refund:
        status = "refund received" if cost.paid else "refund expected"
    return f"{' · '.join(what)}: {amount}, {status}"


# -- Markdown and HTML ------------------------------------------------------------------------


def markdown_costs(section: CostsSection) -> list[str]:
    """The section as Markdown lines, every text escaped with `markdown_text`."""
    # Amounts are digits, separators and a checked currency code, made by `costs_section`:
    # like the CSV's numbers they go in as they are (markdown_text would write "781\.09").
    lines = [f"## {COSTS_TITLE}", ""]
    lines += [f"**{markdown_text(label)}:** {value}  " for label, value in section.facts]
    lines.append("")
    lines += ["### By category", "", "| " + " | ".join(CATEGORY_COLUMNS) + " |",
              "|---|---:|---:|---:|"]  # fmt: skip
    for label, *amounts in section.categories:
        # markdown_text leaves "|" alone; in a table cell it would start a new cell.
        cells = [markdown_text(label).replace("|", "\\|"), *amounts]
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    for note in section.notes:
        lines += [f"*{markdown_text(note)}*", ""]
    lines += ["### Each cost", ""]
    for number, name, items in section.places:
        heading = f"{number}. {markdown_text(name)}" if number else markdown_text(WHOLE_TRIP)
        lines += [f"#### {heading}", ""]
        lines += [f"- {markdown_text(item)}" for item in items]
        lines.append("")
    return lines


HTML_CSS = """
table.costs { border-collapse: collapse; margin: .5em 0 1em; }
table.costs th, table.costs td { padding: .15em .8em .15em 0; text-align: left; }
table.costs td.amount, table.costs th.amount { text-align: right; }
table.categories thead th { border-bottom: 1px solid #999; }
"""


def html_costs(section: CostsSection) -> str:
    """The section as HTML, every text escaped with `html_text`."""
    parts = [f'<section class="costs" id="costs">\n<h2>{html_text(COSTS_TITLE)}</h2>\n',
             '<table class="costs facts">\n']  # fmt: skip
    for label, value in section.facts:
        parts.append(
            f'<tr><th>{html_text(label)}</th><td class="amount">{html_text(value)}</td></tr>\n'
        )
    parts.append('</table>\n<h3>By category</h3>\n<table class="costs categories">\n<thead><tr>')
    parts.append(f"<th>{html_text(CATEGORY_COLUMNS[0])}</th>")
    parts.extend(f'<th class="amount">{html_text(c)}</th>' for c in CATEGORY_COLUMNS[1:])
    parts.append("</tr></thead>\n<tbody>\n")
    for label, *amounts in section.categories:
        cells = "".join(f'<td class="amount">{html_text(a)}</td>' for a in amounts)
        parts.append(f"<tr><td>{html_text(label)}</td>{cells}</tr>\n")
    parts.append("</tbody>\n</table>\n")
    parts.extend(f'<p class="meta"><em>{html_text(note)}</em></p>\n' for note in section.notes)
    parts.append("<h3>Each cost</h3>\n")
    for number, name, items in section.places:
        parts.append(f"<h4>{html_text(place_heading(number, name))}</h4>\n<ul>\n")
        parts.extend(f"<li>{html_text(item)}</li>\n" for item in items)
        parts.append("</ul>\n")
    parts.append("</section>\n")
    return "".join(parts)
