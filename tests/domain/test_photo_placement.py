"""The rule that places a photo: by the stay covering its time (in the stop's zone), else by
position, else by hand."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from cityplanner.domain.errors import ValidationError
from cityplanner.domain.models import Place, Stop
from cityplanner.domain.photo_placement import (
    SitePoint,
    Stay,
    place_photo,
    resolve_moment,
    stays_of,
)
from cityplanner.domain.photos import Photo, PhotoFacts, PlacedBy
from cityplanner.domain.schedule import plan_dates

TOULOUSE = (43.6045, 1.4442)
REYKJAVIK = (64.1355, -21.8954)
AMSTERDAM = (52.374, 4.8897)
ZERO = timedelta(0)

#: Toulouse 2–6 Oct 2017, Reykjavík 6–9, Amsterdam 9–12 (Europe is at UTC+2 in October,
#: Iceland at UTC+0).
PLAN = [
    (1, "Toulouse", TOULOUSE, "Europe/Paris", 4),
    (2, "Reykjavík", REYKJAVIK, "Atlantic/Reykjavik", 3),
    (3, "Amsterdam", AMSTERDAM, "Europe/Amsterdam", 3),
]


def trip(start: date | None = date(2017, 10, 2)) -> list[Stay]:
    stops = [
        Stop(Place(name, lat, lon, timezone=zone), id=stop_id, nights=nights, position=i)
        for i, (stop_id, name, (lat, lon), zone, nights) in enumerate(PLAN)
    ]
    return stays_of(stops, plan_dates(start, stops), [zone for *_, zone, _ in PLAN])


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def facts(
    when: str | None = None,
    offset: timedelta | None = None,
    where: tuple[float, float] | None = None,
) -> PhotoFacts:
    lat, lon = where if where else (None, None)
    return PhotoFacts(at(when) if when else None, offset, lat, lon)


def test_the_stays_run_from_arrival_to_departure_in_each_stops_zone() -> None:
    stays = trip()
    assert [(s.name, s.arrival, s.departure, s.zone) for s in stays] == [
        ("Toulouse", date(2017, 10, 2), date(2017, 10, 6), "Europe/Paris"),
        ("Reykjavík", date(2017, 10, 6), date(2017, 10, 9), "Atlantic/Reykjavik"),
        ("Amsterdam", date(2017, 10, 9), date(2017, 10, 12), "Europe/Amsterdam"),
    ]


@pytest.mark.parametrize(
    ("where", "gps_zone"), [(None, ""), (REYKJAVIK, "Atlantic/Reykjavik")], ids=["offset", "gps"]
)
def test_the_last_night_in_reykjavik_stays_there_though_europe_is_a_day_ahead(
    where: tuple[float, float] | None, gps_zone: str
) -> None:
    # 23:30 in Reykjavík on 8 October is 01:30 on the 9th in Toulouse and Amsterdam, the
    # day the trip arrives in Amsterdam: read in Reykjavík's time, it is Reykjavík's night.
    placed = place_photo(facts("2017-10-08 23:30", ZERO, where), trip(), gps_zone=gps_zone)
    assert (placed.stop_id, placed.placed_by) == (2, PlacedBy.TIME)
    assert "2017-10-08 at 23:30 (Atlantic/Reykjavik time)" in placed.reason
    assert "during the stay in Reykjavík" in placed.reason
    assert placed.taken_at == datetime(2017, 10, 8, 23, 30, tzinfo=UTC)


def test_just_after_midnight_on_the_travel_day_counts_for_the_stop_being_left() -> None:
    placed = place_photo(facts("2017-10-09 00:15", ZERO), trip())
    assert placed.stop_id == 2
    assert "travel day shared by Reykjavík and Amsterdam" in placed.reason
    assert "before noon it counts for Reykjavík, the stop being left" in placed.reason


def test_the_afternoon_of_a_travel_day_counts_for_the_stop_arrived_at() -> None:
    placed = place_photo(facts("2017-10-09 15:00"), trip())
    assert placed.stop_id == 3
    assert "from noon it counts for Amsterdam, the stop arrived at" in placed.reason


def test_on_a_travel_day_the_position_says_where_it_was_taken() -> None:
    evening_before_the_flight = facts("2017-10-09 18:00", ZERO, REYKJAVIK)
    placed = place_photo(evening_before_the_flight, trip(), gps_zone="Atlantic/Reykjavik")
    assert (placed.stop_id, placed.placed_by) == (2, PlacedBy.TIME)
    assert "nearer Reykjavík than Amsterdam" in placed.reason
    morning_after_landing = facts("2017-10-09 08:00", timedelta(hours=2), AMSTERDAM)
    assert place_photo(morning_after_landing, trip(), gps_zone="Europe/Amsterdam").stop_id == 3


def test_just_after_midnight_inside_a_stay_is_that_stays() -> None:
    placed = place_photo(facts("2017-10-04 00:05"), trip())
    assert (placed.stop_id, placed.placed_by) == (1, PlacedBy.TIME)
    # A camera time without an offset or a position is read in the stop's own zone.
    assert placed.taken_at == datetime(2017, 10, 4, 0, 5, tzinfo=timezone(timedelta(hours=2)))
    assert placed.zone == "Europe/Paris"
    assert "camera time" in placed.reason


def test_an_offset_that_contradicts_the_position_gives_way_to_the_positions_zone() -> None:
    # The camera still thinks it is in Tokyo (+09:00): 08:00 there would be 23:00 UTC on the
    # 8th, still Reykjavík's night. The position says Amsterdam, where 08:00 is morning.
    tokyo = timedelta(hours=9)
    placed = place_photo(
        facts("2017-10-09 08:00", tokyo, AMSTERDAM), trip(), gps_zone="Europe/Amsterdam"
    )
    assert placed.stop_id == 3
    assert "The camera's offset (+09:00) does not match the time zone where it was taken" in (
        placed.reason
    )
    assert placed.taken_at is not None
    assert placed.taken_at.utcoffset() == timedelta(hours=2)
    without_position = place_photo(facts("2017-10-09 08:00", tokyo), trip())
    assert without_position.stop_id == 2


def test_an_offset_within_an_hour_of_the_positions_zone_is_kept() -> None:
    moment = resolve_moment(
        facts("2017-10-10 12:00", timedelta(hours=1), AMSTERDAM), "Europe/Amsterdam"
    )
    assert moment.instant is not None and moment.instant.utcoffset() == timedelta(hours=1)
    assert moment.note == ""


def test_without_a_time_the_nearest_site_or_stop_within_reach_takes_it() -> None:
    sites = [SitePoint(31, 3, "NEMO science museum", 52.3738, 4.9123)]
    near_site = place_photo(facts(where=(52.3745, 4.9100)), trip(), sites)
    assert (near_site.stop_id, near_site.site_id) == (3, 31)
    assert near_site.placed_by == PlacedBy.POSITION
    assert near_site.reason.startswith("No date in the file; taken")
    in_town = place_photo(facts(where=(52.30, 4.76)), trip(), sites)  # Schiphol, 12 km out
    assert (in_town.stop_id, in_town.site_id, in_town.placed_by) == (3, None, PlacedBy.POSITION)
    far = place_photo(facts(where=(48.8566, 2.3522)), trip(), sites)  # Paris
    assert (far.stop_id, far.placed_by) == (None, PlacedBy.NONE)
    assert "the nearest stop, Amsterdam, is" in far.reason and "place it by hand" in far.reason


def test_a_photo_placed_by_time_goes_to_the_site_it_was_taken_at() -> None:
    sites = [SitePoint(31, 3, "NEMO science museum", 52.3738, 4.9123)]
    placed = place_photo(
        facts("2017-10-10 11:00", None, (52.3740, 4.9120)),
        trip(),
        sites,
        gps_zone="Europe/Amsterdam",
    )
    assert (placed.stop_id, placed.site_id, placed.placed_by) == (3, 31, PlacedBy.TIME)
    assert "Near NEMO science museum" in placed.reason


def test_a_position_far_from_the_planned_stop_but_at_another_wins() -> None:
    # The plan says Toulouse, the photo was taken in Amsterdam: the plan changed.
    placed = place_photo(
        facts("2017-10-03 10:00", None, AMSTERDAM), trip(), gps_zone="Europe/Amsterdam"
    )
    assert (placed.stop_id, placed.placed_by) == (3, PlacedBy.POSITION)
    assert "when the plan has you in Toulouse" in placed.reason


def test_nothing_to_go_by_leaves_it_for_the_hand() -> None:
    nothing = place_photo(facts(), trip())
    assert (nothing.stop_id, nothing.placed_by) == (None, PlacedBy.NONE)
    assert nothing.reason == "No date or position in the file: place it by hand."
    before = place_photo(facts("2016-05-01 12:00"), trip())
    assert before.placed_by == PlacedBy.NONE
    assert "outside every planned stay, and no position" in before.reason
    assert before.taken_at == datetime(2016, 5, 1, 12, 0)  # still no zone: naive


def test_an_undated_trip_places_by_position_only() -> None:
    placed = place_photo(
        facts("2017-10-10 11:00", None, AMSTERDAM), trip(start=None), gps_zone="Europe/Amsterdam"
    )
    assert (placed.stop_id, placed.placed_by) == (3, PlacedBy.POSITION)
    assert "the trip has no dates yet" in placed.reason


def test_overlapping_stays_go_to_the_later_stop_as_the_days_view_does() -> None:
    stays = [
        Stay(1, "Arles", date(2017, 10, 1), date(2017, 10, 5), "Europe/Paris", 43.68, 4.63),
        Stay(2, "Avignon", date(2017, 10, 3), date(2017, 10, 6), "Europe/Paris", 43.95, 4.81),
    ]
    placed = place_photo(facts("2017-10-04 12:00"), stays)
    assert placed.stop_id == 2 and "overlap" in placed.reason
    in_arles = place_photo(
        facts("2017-10-04 12:00", None, (43.677, 4.63)), stays, gps_zone="Europe/Paris"
    )
    assert in_arles.stop_id == 1


def test_facts_and_photos_refuse_what_cannot_be() -> None:
    with pytest.raises(ValidationError):
        PhotoFacts(lat=10.0)
    with pytest.raises(ValidationError):
        PhotoFacts(lat=200.0, lon=0.0)
    with pytest.raises(ValidationError, match="wall-clock"):
        PhotoFacts(taken_local=datetime(2017, 1, 1, tzinfo=UTC))
    with pytest.raises(ValidationError, match="hash"):
        Photo(trip_id=1, path="/a.jpg", sha256="abc")
    photo = Photo(
        trip_id=1, path="/x/f00.jpg", sha256="0" * 64, original="/y/IMG_1.jpg", placed_by="time"
    )  # type: ignore[arg-type]
    assert photo.placed_by is PlacedBy.TIME and photo.file_name == "IMG_1.jpg"
    with pytest.raises(ValidationError, match="Unknown way"):
        Photo(trip_id=1, path="/a.jpg", sha256="0" * 64, placed_by="guess")  # type: ignore[arg-type]
