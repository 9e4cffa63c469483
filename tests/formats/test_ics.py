"""The calendar export, read back with `icalendar`: whole-day stays, travel days, visits."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path

import icalendar
import pytest

from cityplanner.domain.errors import ValidationError
from cityplanner.domain.models import Place, Site, Stop, Trip
from cityplanner.domain.vocabulary import Theme, TravelMode
from cityplanner.formats.document import ExportOptions, TripDocument, load_document
from cityplanner.store import Store
from tests.formats.helpers import export_bytes

ALBI = Place("Albi", 43.9289, 2.1464, country_code="FR", timezone="Europe/Paris")
ARLES = Place("Arles", 43.6766, 4.6278, country_code="FR", timezone="Europe/Paris")
MOSCOW = Place("Moscow", 55.7558, 37.6173, country_code="RU", timezone="Europe/Moscow")


def plan_tour(store: Store, name: str = "Spring tour") -> TripDocument:
    """Albi 2 nights from 29 March 2024 (Europe changes its clocks on the 31st), a day in
    Arles, then 3 nights in Moscow; four sites in Albi, one of them past the stay."""
    trip = store.trips.create(name, start=date(2024, 3, 29))
    assert trip.id is not None
    albi = store.trips.add_stop(trip.id, Stop(place=ALBI, nights=2))
    store.trips.add_stop(trip.id, Stop(place=ARLES, nights=0, mode=TravelMode.CAR))
    store.trips.add_stop(trip.id, Stop(place=MOSCOW, nights=3, mode=TravelMode.PLANE))
    visits = [
        ("Cathedral", 1, time(14, 30), 90),
        ("Old town walk", 2, None, None),
        ("Night market", 2, time(1, 30), 60),  # 02:00 does not exist that night
        ("Museum after we left", 3, time(10, 0), None),
    ]
    for title, day, at, minutes in visits:
        store.sites.add(
            Site(title, Theme.SHOWCASE, stop_id=albi.id, day_of_stay=day, start_time=at,
                 minutes=minutes)
        )  # fmt: skip
    store.sites.add(Site("Some day, perhaps", Theme.WATER, stop_id=albi.id))
    return load_document(store, trip.id)


@pytest.fixture
def tour(tmp_path: Path) -> Iterator[TripDocument]:
    with Store.open(tmp_path / "x.db", seed_demo=False) as store:
        yield plan_tour(store)


def read(data: bytes) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(data)


def events_by_summary(calendar: icalendar.Calendar) -> dict[str, icalendar.Event]:
    return {str(e["summary"]): e for e in calendar.walk("VEVENT")}


def uids(data: bytes) -> list[str]:
    return [str(e["uid"]) for e in read(data).walk("VEVENT")]


def test_stays_are_whole_days_ending_on_the_departure_day(tour: TripDocument) -> None:
    events = events_by_summary(read(export_bytes(tour, "ics")))
    albi, arles, moscow = events["Albi"], events["Arles"], events["Moscow"]
    assert (albi.decoded("dtstart"), albi.decoded("dtend")) == (
        date(2024, 3, 29),
        date(2024, 3, 31),
    )
    assert albi["dtstart"].params["VALUE"] == "DATE"
    # A stay of no nights is the one day of the visit.
    assert (arles.decoded("dtstart"), arles.decoded("dtend")) == (
        date(2024, 3, 31),
        date(2024, 4, 1),
    )
    assert moscow.decoded("dtend") == tour.stops[2].departure == date(2024, 4, 3)
    for event in (albi, arles, moscow):
        assert not isinstance(event.decoded("dtstart"), datetime)
        assert str(event["transp"]) == "TRANSPARENT"


def test_a_visit_with_a_time_is_on_the_stop_clock_with_its_zone(tour: TripDocument) -> None:
    calendar = read(export_bytes(tour, "ics"))
    cathedral = events_by_summary(calendar)["Cathedral"]
    start, end = cathedral.decoded("dtstart"), cathedral.decoded("dtend")
    assert cathedral["dtstart"].params["TZID"] == "Europe/Paris"
    assert start.replace(tzinfo=None) == datetime(2024, 3, 30, 14, 30)
    assert end - start == timedelta(minutes=90)
    zones = {str(tz["tzid"]): tz for tz in calendar.walk("VTIMEZONE")}
    assert set(zones) == {"Europe/Paris"}  # Moscow has no timed visit, so no zone
    # The VTIMEZONE itself, not the reader's zone database, gives the right offsets.
    paris = zones["Europe/Paris"].to_tz(lookup_tzid=False)
    assert paris.utcoffset(datetime(2024, 3, 30, 14, 30)) == timedelta(hours=1)
    assert paris.utcoffset(datetime(2024, 3, 31, 12, 0)) == timedelta(hours=2)


def test_a_visit_across_the_clock_change_lasts_its_minutes(tour: TripDocument) -> None:
    market = events_by_summary(read(export_bytes(tour, "ics")))["Night market"]
    start, end = market.decoded("dtstart"), market.decoded("dtend")
    assert start.replace(tzinfo=None) == datetime(2024, 3, 31, 1, 30)
    assert end.replace(tzinfo=None) == datetime(2024, 3, 31, 3, 30)  # 01:30 CET + 1 h
    assert str(market["transp"]) == "OPAQUE"


def test_a_visit_without_a_time_is_all_day(tour: TripDocument) -> None:
    walk = events_by_summary(read(export_bytes(tour, "ics")))["Old town walk"]
    assert walk.decoded("dtstart") == date(2024, 3, 31)
    assert walk.decoded("dtend") == date(2024, 4, 1)
    assert str(walk["categories"].cats[0]) == Theme.SHOWCASE.label


def test_visits_past_the_stay_or_unplanned_are_not_written(tour: TripDocument) -> None:
    options = ExportOptions()
    events = events_by_summary(read(export_bytes(tour, "ics", options)))
    assert "Museum after we left" not in events
    assert "Some day, perhaps" not in events
    assert options.notes == [
        "Left out of the calendar, planned for a day after their stay ends: "
        "Museum after we left (Albi)."
    ]


def test_a_zone_that_cannot_be_found_gives_floating_time(
    tour: TripDocument, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("cityplanner.formats.ics.zone_name", lambda place: "")
    data = export_bytes(tour, "ics")
    assert b"DTSTART:20240330T143000\r\n" in data and b"DTEND:20240330T160000\r\n" in data
    assert b"TZID" not in data
    start = events_by_summary(read(data))["Cathedral"].decoded("dtstart")
    assert start == datetime(2024, 3, 30, 14, 30) and start.tzinfo is None


def test_travel_days_carry_the_leg(tour: TripDocument) -> None:
    events = events_by_summary(read(export_bytes(tour, "ics")))
    arles, moscow = tour.stops[1], tour.stops[2]
    to_arles = f"Albi → Arles by car, {tour.legs_km[1]:,.0f} km"
    to_moscow = f"Arles → Moscow by plane, {tour.legs_km[2]:,.0f} km, clock change +1 h"
    assert 150 < tour.legs_km[1] < 250
    for travel, stop in ((events[to_arles], arles), (events[to_moscow], moscow)):
        assert str(travel["uid"]) == f"{stop.uid}-travel@cityplanner"
        assert travel.decoded("dtstart") == stop.arrival
        assert travel.decoded("dtend") == stop.arrival + timedelta(days=1)
    assert f"Arrival by car from Albi, {tour.legs_km[1]:,.0f} km." in str(
        events["Arles"]["description"]
    )
    assert "clock change +1 h" in str(events["Moscow"]["description"])
    assert "Arrival" not in str(events["Albi"]["description"])  # the first stop has no leg
    assert len([s for s in events if "→" in s]) == 2


def test_uids_are_unique_and_belong_to_the_stops_and_sites(tour: TripDocument) -> None:
    data = export_bytes(tour, "ics")
    found = uids(data)
    assert len(found) == len(set(found)) == 3 + 2 + 3  # stays, travel days, visits
    stored = {f"{s.uid}@cityplanner" for s in tour.stops} | {
        f"{s.uid}@cityplanner" for s in tour.sites
    }
    assert stored >= {u for u in found if not u.endswith("-travel@cityplanner")}
    assert str(read(data)["x-wr-relcalid"]) == tour.trip.uid


def test_uids_differ_between_databases_and_survive_exports_and_renames(tmp_path: Path) -> None:
    with Store.open(tmp_path / "a.db", seed_demo=False) as first:
        doc = plan_tour(first)
        once = uids(export_bytes(doc, "ics"))
        again = uids(export_bytes(load_document(first, doc.trip.id), "ics"))
        first.trips.update(doc.trip.with_changes(name="Renamed tour"))
        renamed = load_document(first, doc.trip.id)
        after_rename = export_bytes(renamed, "ics")
    with Store.open(tmp_path / "b.db", seed_demo=False) as second:
        other = uids(export_bytes(plan_tour(second), "ics"))
    assert once == again == uids(after_rename)
    assert b"X-WR-CALNAME:Renamed tour" in after_rename
    assert str(read(after_rename)["x-wr-relcalid"]) == doc.trip.uid
    assert not set(once) & set(other)  # the same trip, planned twice, is two calendars


def test_undated_stops_are_named_and_unsaved_uids_are_stable() -> None:
    doc = TripDocument(
        trip=Trip("Unsaved"),
        stops=[
            Stop(place=ALBI, position=0, arrival=date(2024, 5, 1), nights=1),
            Stop(place=ARLES, position=1, nights=1, mode=TravelMode.TRAIN),
            Stop(place=MOSCOW, position=2, nights=2),
        ],
        sites=[],
    )
    options = ExportOptions()
    data = export_bytes(doc, "ics", options)
    assert options.notes == [
        "Left out of the calendar, having no date yet (set the trip's start date): Arles, Moscow."
    ]
    assert [str(e["summary"]) for e in read(data).walk("VEVENT")] == ["Albi"]
    assert uids(data) == uids(export_bytes(doc, "ics"))
    assert uids(data)[0].endswith("@cityplanner") and len(uids(data)[0]) == 36 + 12


def test_a_trip_without_dates_is_refused_with_the_way_to_date_it(store: Store) -> None:
    trip = store.trips.create("Someday")
    assert trip.id is not None
    store.trips.add_stop(trip.id, Stop(place=ALBI, nights=2))
    with pytest.raises(ValidationError, match=r"cityplanner set-start TRIP YYYY-MM-DD"):
        export_bytes(load_document(store, trip.id), "ics")


def test_hostile_visit_text_is_escaped_folded_and_read_back(store: Store) -> None:
    name = 'Tour; "DROP", \\ back\nslash — ' + "sehr lange Überschrift " * 6
    trip = store.trips.create("Escapes", start=date(2024, 6, 1))
    assert trip.id is not None
    stop = store.trips.add_stop(trip.id, Stop(place=ALBI, nights=1))
    store.sites.add(
        Site("Hostile", Theme.WATER, stop_id=stop.id, day_of_stay=0, start_time=time(9),
             description=name, address="Rue; 1, Albi")
    )  # fmt: skip
    data = export_bytes(load_document(store, trip.id), "ics")
    assert data.endswith(b"\r\n") and data.count(b"\n") == data.count(b"\r\n")
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))
    site = events_by_summary(read(data))["Hostile"]
    assert name in str(site["description"])
    assert str(site["location"]) == "Rue; 1, Albi"
    assert site.decoded("dtend") - site.decoded("dtstart") == timedelta(minutes=60)
