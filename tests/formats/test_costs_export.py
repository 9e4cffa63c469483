"""The costs as a CSV table, and the costs section of the travelogue (Markdown, HTML, PDF)."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pypdf

from cityplanner.domain.costs import Cost, CostCategory
from cityplanner.domain.models import Place, Site, Stop
from cityplanner.domain.vocabulary import Theme
from cityplanner.formats.document import ExportOptions, TripDocument, load_document
from cityplanner.formats.registry import export_format, export_to_file
from cityplanner.money.convert import convert_costs
from cityplanner.money.rates import reference_rates
from cityplanner.money.totals import group_costs, summarise
from cityplanner.store import Store
from tests.formats.helpers import export_bytes

PIXEL = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201e2214bc80000000049454e44ae426082"
)
HOSTILE_NOTE = '=HYPERLINK("http://evil.example","prize") <script>alert(1)</script>'


def read_costs_csv(data: bytes) -> tuple[list[dict[str, str]], dict[str, list[str]]]:
    """The cost rows (by column) and the totals (by label) of a costs CSV."""
    assert data.startswith(b"\xef\xbb\xbf")  # the byte-order mark, as the itinerary table
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    blank = rows.index([])
    header, costs, totals = rows[0], rows[1:blank], rows[blank + 1 :]
    return [dict(zip(header, r, strict=True)) for r in costs], {t[0]: t[1:] for t in totals}


def cents(amount: Decimal) -> str:
    return str(amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def euros(amount: Decimal | None) -> str:
    """As people read it: 4,012.48 EUR."""
    assert amount is not None
    return f"{amount.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):,.2f} EUR"


def _trip_with_costs(store: Store, *costs: Cost, travellers: int = 1, budget: str = "") -> int:
    trip = store.trips.create("Costly trip")
    assert trip.id is not None
    store.trips.add_stop(
        trip.id, Stop(place=Place("Yerevan", 40.18, 44.51, "AM"), arrival=date(2017, 10, 19),
                      nights=3)
    )  # fmt: skip
    stop_id = store.trips.stops(trip.id)[0].id
    store.costs.add_many([c.with_changes(trip_id=trip.id, stop_id=stop_id) for c in costs])
    store.costs.set_budget(
        trip.id, Decimal(budget) if budget else None, "EUR", travellers=travellers
    )
    return trip.id


def test_costs_csv_has_a_row_per_cost_converted_like_the_money_layer(
    store: Store, demo: TripDocument
) -> None:
    assert export_format("costs-csv").label == "Costs (CSV)"
    rows, totals = read_costs_csv(export_bytes(demo, "costs-csv"))
    assert len(rows) == len(demo.costs)

    converted = convert_costs(demo.costs, "EUR", reference=reference_rates(), user_rates=demo.rates)
    for row, item in zip(rows, converted, strict=True):
        assert item.amount is not None
        assert row["note"] == item.cost.note
        assert row["home_amount"] == cents(item.amount)
        assert Decimal(row["amount"]) == item.cost.amount and row["currency"] == item.cost.currency
        assert row["home_currency"] == "EUR"
    reykjavik = next(
        r for r in rows if r["note"] == "Guest house, 3 nights" and r["currency"] == "ISK"
    )
    assert reykjavik | {"stop": "6. Reykjavík", "amount": "54000", "home_amount": "442.80",
                        "rate": "0.0082", "rate_source": "your rate", "status": "paid",
                        "date": "2017-10-13", "category": "lodging"} == reykjavik  # fmt: skip
    assert all(r["rate_source"].startswith("ECB 2017-10-1") for r in rows if r["currency"] == "RUB")
    leg = next(r for r in rows if r["note"].startswith("Regional train"))
    assert leg["stop"] == "2. Albi" and leg["site_or_leg"] == "from Toulouse to Albi by train"
    refund = next(r for r in rows if r["refund"] == "1")
    assert refund["amount"] == refund["home_amount"] == "-16.00"  # a number, not "'-16.00"

    summary = summarise(converted, demo.trip)
    assert totals["total"] == [cents(summary.total), "EUR"]
    assert totals["paid"] == [cents(summary.paid), "EUR"]
    assert totals["planned"] == [cents(summary.planned), "EUR"]
    assert totals["budget"] == ["4500.00", "EUR"]
    assert Decimal(totals["remaining"][0]) == Decimal(4500) - Decimal(totals["total"][0])
    assert "per_person" not in totals and "missing_rates" not in totals


def test_costs_without_a_rate_are_left_blank_and_named(store: Store, tmp_path: Path) -> None:
    trip_id = _trip_with_costs(
        store,
        Cost(trip_id=0, amount=Decimal("72000"), currency="AMD", category=CostCategory.LODGING),
        Cost(trip_id=0, amount=Decimal("20"), currency="EUR", paid=True),
        # No day: converted at the rate of the trip's first day, not today's (RUB has none).
        Cost(trip_id=0, amount=Decimal("1000"), currency="RUB"),
    )
    options = ExportOptions()
    target = export_to_file(store, trip_id, "costs-csv", tmp_path / "trip.costs.csv", options)
    rows, totals = read_costs_csv(target.read_bytes())
    amd = next(r for r in rows if r["currency"] == "AMD")
    assert amd["home_amount"] == amd["rate"] == "" and amd["rate_source"] == "no rate"
    rub = next(r for r in rows if r["currency"] == "RUB")
    assert rub["date"] == "" and rub["rate_source"] == "ECB 2017-10-19"
    assert totals["total"] == [cents(Decimal(20) + Decimal(rub["home_amount"])), "EUR"]
    assert totals["missing_rates"] == ["", "AMD"]
    assert totals["budget"] == totals["remaining"] == ["", "EUR"]
    assert len(options.notes) == 1 and "AMD" in options.notes[0]

    page_options = ExportOptions()
    markdown = export_bytes(load_document(store, trip_id), "md", page_options).decode("utf-8")
    assert "Not counted, having no rate: 1 cost(s) in AMD." in markdown
    assert "72,000.00 AMD (no rate)" in markdown
    assert page_options.notes == options.notes


def test_a_hostile_note_is_harmless_in_the_csv_and_escaped_in_the_travelogues(
    store: Store,
) -> None:
    trip_id = _trip_with_costs(
        store, Cost(trip_id=0, amount=Decimal("5"), currency="EUR", note=HOSTILE_NOTE)
    )
    stop_id = store.trips.stops(trip_id)[0].id
    site = store.sites.add(Site(name="@SUM(A1) <b>site</b>", theme=Theme.ENERGY, stop_id=stop_id))
    store.costs.add(Cost(trip_id=trip_id, amount=Decimal("1"), currency="EUR", site_id=site.id,
                         note="+1 [link](javascript:alert(1)) *bold*"))  # fmt: skip
    doc = load_document(store, trip_id)

    rows, _ = read_costs_csv(export_bytes(doc, "costs-csv"))
    by_amount = {r["amount"]: r for r in rows}
    assert by_amount["5"]["note"] == "'" + HOSTILE_NOTE
    assert by_amount["1"]["note"].startswith("'+1")
    assert by_amount["1"]["site_or_leg"] == "'@SUM(A1) <b>site</b>"
    for row in rows:
        for cell in row.values():
            assert not cell.startswith(("=", "+", "@", "\t", "\r"))

    page = export_bytes(doc, "html-travelogue").decode("utf-8")
    body = page.split("<body>")[1]
    assert "<script" not in body and "<b>" not in body and "javascript:alert(1)</a>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "&lt;b&gt;site&lt;/b&gt;" in body

    markdown = export_bytes(doc, "md").decode("utf-8")
    assert "<script" not in markdown and "<b>" not in markdown
    assert "&lt;script>alert(1)&lt;/script>" in markdown
    assert "\\[link\\](javascript:alert(1)) \\*bold\\*" in markdown


def test_the_markdown_travelogue_adds_up_the_demo_costs(demo: TripDocument) -> None:
    text = export_bytes(demo, "md", ExportOptions(map_image=PIXEL)).decode("utf-8")
    costs = text[text.index("\n## Costs\n") :]
    converted = convert_costs(demo.costs, "EUR", reference=reference_rates(), user_rates=demo.rates)
    summary = summarise(converted, demo.trip)
    assert f"**Total:** {euros(summary.total)}" in costs
    assert f"**Paid:** {euros(summary.paid)}" in costs
    assert f"**Planned:** {euros(summary.planned)}" in costs
    assert "**Budget:** 4,500.00 EUR" in costs
    assert f"**Remaining:** {euros(summary.remaining)}" in costs
    assert "Per person" not in costs  # one traveller
    groups = group_costs(converted, "category", stops=demo.stops, sites=demo.sites)
    assert len(groups) >= 5
    for group in groups:
        amounts = " | ".join(euros(a) for a in (group.total, group.paid, group.planned))
        assert f"| {group.label} | {amounts} |" in costs
    assert "1 ISK = 0.0082 EUR (the trip's rate)" in costs
    assert "#### 6. Reykjavík" in costs
    assert "Guest house, 3 nights: 54,000 ISK = 442.80 EUR, paid" in costs
    assert text.index("## Costs") > text.index("## 8. Yerevan")


def test_many_travellers_see_their_share_and_an_overspent_budget(store: Store) -> None:
    trip_id = _trip_with_costs(
        store, Cost(trip_id=0, amount=Decimal("300"), currency="EUR", paid=True),
        travellers=3, budget="200",
    )  # fmt: skip
    doc = load_document(store, trip_id)
    markdown = export_bytes(doc, "md").decode("utf-8")
    assert "**Per person (3 travellers):** 100.00 EUR" in markdown
    assert "**Over budget by:** 100.00 EUR" in markdown
    page = export_bytes(doc, "html-travelogue").decode("utf-8")
    assert "<th>Per person (3 travellers)</th>" in page
    _, totals = read_costs_csv(export_bytes(doc, "costs-csv"))
    assert totals["per_person"] == ["100.00", "EUR"]
    assert totals["remaining"] == ["-100.00", "EUR"]


def test_a_trip_without_costs_has_no_costs_section(store: Store) -> None:
    trip = store.trips.create("Free trip")
    assert trip.id is not None
    store.trips.add_stop(trip.id, Stop(place=Place("Albi", 43.93, 2.15, "FR"), nights=1))
    doc = load_document(store, trip.id)
    assert doc.costs == []
    markdown = export_bytes(doc, "md").decode("utf-8")
    assert "Costs" not in markdown
    page = export_bytes(doc, "html-travelogue").decode("utf-8")
    assert "Costs" not in page and "costs" not in page
    pdf = pypdf.PdfReader(io.BytesIO(export_bytes(doc, "pdf")))
    assert "Costs" not in "\n".join(p.extract_text() for p in pdf.pages)
    table = export_bytes(doc, "costs-csv").decode("utf-8-sig")
    assert table.splitlines() == [table.splitlines()[0]]  # the header only


def test_the_pdf_travelogue_of_the_demo_ends_with_its_costs(
    demo: TripDocument, tmp_path: Path
) -> None:
    image = tmp_path / "map.png"
    image.write_bytes(PIXEL)
    data = export_bytes(demo, "pdf", ExportOptions(map_image=image))
    reader = pypdf.PdfReader(io.BytesIO(data))
    chapters = "\n".join(page.extract_text() for page in reader.pages)
    costs = chapters[chapters.index("Costs\nTotal") :]
    assert "By category" in costs and "Each cost" in costs and "Remaining" in costs
    assert "Lodging" in costs and "Food and drink" in costs and "8. Yerevan" in costs
