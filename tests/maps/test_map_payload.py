from __future__ import annotations

import math

from cityplanner.domain.models import Place, Site, Stop, Trip
from cityplanner.maps.export import trip_payload
from cityplanner.maps.payload import NOTE_CHARS, SITE_FIELDS, map_payload


def _sites(payload):
    return [dict(zip(SITE_FIELDS, row, strict=True)) for row in payload["sites"]]


def test_demo_trip_has_eight_numbered_stops_and_seven_legs(demo):
    store, trip_id = demo
    payload = trip_payload(store, trip_id)
    stops = payload["stops"]
    assert [s["number"] for s in stops] == list(range(1, 9))
    assert stops[0]["name"] == "Toulouse"
    assert stops[-1]["name"] == "Yerevan"
    assert stops[0]["dates"] == "2 Oct 2017 – 6 Oct 2017"
    assert len(payload["legs"]) == 7
    assert [leg["mode"] for leg in payload["legs"]][-3:] == ["plane", "plane", "plane"]
    assert payload["legs"][0]["from"] == stops[0]["id"]
    assert payload["legs"][0]["to"] == stops[1]["id"]
    assert payload["siteFields"] == list(SITE_FIELDS)
    assert len(payload["sites"]) == 11
    assert payload["unplacedSites"] == 0


def test_themes_statuses_and_modes_travel_as_lookup_tables(demo):
    store, trip_id = demo
    payload = trip_payload(store, trip_id)
    themes = [t["key"] for t in payload["themes"]]
    statuses = [s["key"] for s in payload["statuses"]]
    for site in _sites(payload):
        assert 0 <= site["theme"] < len(themes)
        assert statuses[site["status"]] in {"visited", "planned"}
    assert all(t["colour"].startswith("#") and len(t["colour"]) == 7 for t in payload["themes"])
    plane = next(m for m in payload["modes"] if m["key"] == "plane")
    assert plane["dash"]  # planes fly on dashed lines
    train = next(m for m in payload["modes"] if m["key"] == "train")
    assert train["dash"] == ""


def test_approximate_sites_sharing_a_point_are_spread_on_a_small_ring(demo):
    store, trip_id = demo
    payload = trip_payload(store, trip_id)
    toulouse = payload["stops"][0]
    spots = {(s["lat"], s["lon"]) for s in _sites(payload)}
    assert len(spots) == 11
    for lat, lon in spots:
        km = math.dist(
            (lat * 111.2, lon * 111.2 * math.cos(math.radians(lat))),
            (toulouse["lat"] * 111.2, toulouse["lon"] * 111.2 * math.cos(math.radians(lat))),
        )
        assert 0.3 < km < 2.0
    assert all(s["approximate"] == 1 for s in _sites(payload))


def test_sites_without_coordinates_are_counted_not_drawn():
    trip = Trip("T", id=1)
    stops = [Stop(Place("A", 1.0, 1.0), id=1)]
    sites = [
        Site("placed", "water", stop_id=1, lat=1.0, lon=1.0, id=1),
        Site("unplaced", "water", stop_id=1, id=2),
    ]
    payload = map_payload(trip, stops, sites)
    assert [s["name"] for s in _sites(payload)] == ["placed"]
    assert payload["unplacedSites"] == 1


def test_notes_are_cut_to_their_start_and_only_web_addresses_kept():
    trip = Trip("T", id=1)
    stops = [Stop(Place("A", 1.0, 1.0), id=1, notes="word " * 100)]
    sites = [
        Site("a", "water", stop_id=1, lat=1, lon=1, id=1, url="javascript:alert(1)"),
        Site("b", "water", stop_id=1, lat=2, lon=2, id=2, url="https://example.org/x"),
        Site("c", "water", stop_id=1, lat=3, lon=3, id=3, url="file:///etc/passwd"),
    ]
    payload = map_payload(trip, stops, sites)
    note = payload["stops"][0]["note"]
    assert len(note) <= NOTE_CHARS + 1
    assert note.endswith("…")
    assert [s["url"] for s in _sites(payload)] == ["", "https://example.org/x", ""]


def test_an_antimeridian_leg_travels_as_two_paths():
    trip = Trip("T", id=1)
    stops = [Stop(Place("Tokyo", 35.68, 139.65), id=1), Stop(Place("SF", 37.77, -122.42), id=2)]
    payload = map_payload(trip, stops, [])
    assert len(payload["legs"][0]["paths"]) == 2
    assert payload["legs"][0]["mode"] is None


def test_labels_can_be_replaced():
    trip = Trip("T", id=1)
    payload = map_payload(trip, [], [], labels={"addSite": "Ajouter un site ici"})
    assert payload["labels"]["addSite"] == "Ajouter un site ici"
    assert payload["labels"]["stops"] == "Stops"


def test_tracks_are_counted_from_the_trip_s_first_day_in_a_colour_of_their_own():
    from datetime import date

    from cityplanner.domain.themes import THEME_LOOKS
    from cityplanner.maps.payload import DAY_COLOURS, DEFAULT_LABELS, TRACK_COLOUR
    from cityplanner.maps.style import MODES, UNKNOWN_MODE

    trip = Trip(name="Dated", start=date(2030, 5, 1))
    stops = [Stop(Place("Oslo", 59.91, 10.75), id=1, nights=2)]
    payload = map_payload(trip, stops, [])
    assert payload["firstDay"] == "2030-05-01"
    assert map_payload(Trip(name="Undated"), stops, [])["firstDay"] == ""
    assert payload["trackColour"] == TRACK_COLOUR
    others = {look.colour for look in THEME_LOOKS.values()}
    others |= {style.colour for style in MODES.values()} | {UNKNOWN_MODE.colour, "#c62828"}
    assert TRACK_COLOUR not in others | set(DAY_COLOURS)
    for key in ("zoomToTrip", "tracks", "recordedTrack", "plannedTrack"):
        assert payload["labels"][key] == DEFAULT_LABELS[key]
