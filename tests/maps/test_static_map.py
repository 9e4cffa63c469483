"""Maps for print drawn without a browser: what they hold, where it goes, what they lack."""

from __future__ import annotations

import itertools
from datetime import date
from xml.etree import ElementTree

import pytest

from cityplanner.domain.models import Place, Site, Stop
from cityplanner.domain.units import DistanceUnit
from cityplanner.domain.vocabulary import Theme
from cityplanner.maps.basemap import ATTRIBUTION, country_outlines
from cityplanner.maps.map_labels import number_list
from cityplanner.maps.static_map import (
    Area,
    Label,
    Line,
    Marker,
    ScaleBar,
    StaticMap,
    static_map,
)
from cityplanner.maps.static_svg import map_svg
from cityplanner.maps.style import MODES

CONTROL_WORDS = ("zoom", "layer", "legend", "+", "−", "openstreetmap", "leaflet", "©")


def trip_stops() -> list[Stop]:
    places = [
        ("Toulouse", 43.6045, 1.4442, "FR", None),
        ("Albi", 43.9289, 2.1464, "FR", "train"),
        ("Amsterdam", 52.374, 4.8897, "NL", "plane"),
        ("Reykjavík", 64.1355, -21.8954, "IS", "plane"),
        ("Москва", 55.7558, 37.6173, "RU", "plane"),
        ("Երևան", 40.1792, 44.4991, "AM", "plane"),
    ]
    return [
        Stop(
            Place(n, lat, lon, cc),
            id=i + 1,
            position=i,
            mode=m,
            nights=2,
            arrival=date(2017, 10, 2 + 2 * i),
        )
        for i, (n, lat, lon, cc, m) in enumerate(places)
    ]


def boxes_overlap(a: Label, b: Label) -> bool:
    return (
        a.x < b.x + b.width
        and b.x < a.x + a.width
        and a.y < b.y + b.height
        and b.y < a.y + a.height
    )


def every_point(drawing: StaticMap) -> list[tuple[float, float]]:
    points = [p for area in drawing.areas for p in area.points]
    return points + [p for line in drawing.lines for p in line.points]


def test_a_trip_map_holds_shapes_and_no_control() -> None:
    drawing = static_map(trip_stops(), width=480, height=320)
    kinds = {
        type(item)
        for group in (drawing.areas, drawing.lines, drawing.markers, drawing.labels)
        for item in group
    }
    assert kinds <= {Area, Line, Marker, Label}
    assert isinstance(drawing.scale, ScaleBar)
    assert drawing.attribution is not None and drawing.attribution.text == ATTRIBUTION
    texts = [label.text for label in drawing.labels] + [m.text for m in drawing.markers]
    for text in texts:
        if text == ATTRIBUTION:
            continue
        assert not any(word in text.lower() for word in CONTROL_WORDS), text
    assert {"Reykjavík", "Москва", "Երևան"} <= set(texts)
    # Toulouse and Albi (70 km apart) share one marker at this scale.
    assert "1–2" in texts and {"3", "4", "5", "6"} <= set(texts)


def test_markers_are_big_enough_to_read_and_names_do_not_overlap() -> None:
    drawing = static_map(trip_stops(), width=480, height=320)
    stops = [m for m in drawing.markers if m.text]
    assert all(m.radius >= 6 and m.text_size >= 7 for m in stops)
    for a, b in itertools.combinations(drawing.labels, 2):
        assert not boxes_overlap(a, b), (a.text, b.text)
    for label in drawing.labels:
        assert label.x >= 0 and label.x + label.width <= drawing.width
        assert label.y >= 0 and label.y + label.height <= drawing.height
        for m in stops:  # no name covers a marker's number
            assert not (
                label.x < m.x + m.half_width
                and m.x - m.half_width < label.x + label.width
                and label.y < m.y + m.radius
                and m.y - m.radius < label.y + label.height
            ), (label.text, m.text)


def test_shapes_are_cut_to_the_frame_and_thinned() -> None:
    drawing = static_map(trip_stops(), width=480, height=320)
    for x, y in every_point(drawing):
        assert -4.5 <= x <= drawing.width + 4.5 and -4.5 <= y <= drawing.height + 4.5
    source = sum(len(o.xs) for o in country_outlines("110m"))
    assert len([p for a in drawing.areas for p in a.points]) < source / 3


def test_flights_are_dashed_curves_and_trains_solid() -> None:
    drawing = static_map(trip_stops(), width=480, height=320)
    plane = [
        line
        for line in drawing.lines
        if line.colour == MODES[next(m for m in MODES if m.value == "plane")].colour
    ]
    train = [
        line
        for line in drawing.lines
        if line.colour == MODES[next(m for m in MODES if m.value == "train")].colour
    ]
    assert plane and all(line.dash for line in plane)
    assert train and all(not line.dash for line in train)
    longest = max(plane, key=lambda line: len(line.points))
    assert len(longest.points) > 5  # a great circle, not a straight segment


def test_a_stop_map_shows_its_sites_numbered_and_its_surroundings() -> None:
    stops = trip_stops()
    sites = [
        Site("Harpa", Theme.MUSEUM, stop_id=4, lat=64.1503, lon=-21.9326),
        Site("Hallgrímskirkja", Theme.SIGHT, stop_id=4, lat=64.1417, lon=-21.9266),
    ]
    drawing = static_map(stops, sites, width=480, height=260, focus=stops[3], numbered_sites=sites)
    numbers = [m.text for m in drawing.markers]
    assert "1" in numbers and "2" in numbers and "4" in numbers
    assert drawing.scale is not None and drawing.scale.text.endswith(" km")
    assert float(drawing.scale.text.split()[0].replace(",", "")) <= 5
    alone = static_map(stops, (), width=480, height=260, focus=stops[1])
    assert alone.scale is not None
    assert 20 <= float(alone.scale.text.split()[0].replace(",", "")) <= 200  # its region


def test_a_trip_over_the_antimeridian_is_not_drawn_across_the_world() -> None:
    stops = [
        Stop(Place("Suva", -18.1416, 178.4419, "FJ"), id=1),
        Stop(Place("Apia", -13.8333, -171.7667, "WS"), id=2, mode="plane"),
    ]
    drawing = static_map(stops, width=400, height=300)
    assert drawing.scale is not None
    assert float(drawing.scale.text.split()[0].replace(",", "")) < 1000
    xs = [m.x for m in drawing.markers if m.text]
    assert max(xs) - min(xs) < 400 * 0.9


def test_miles_when_asked() -> None:
    drawing = static_map(trip_stops(), width=480, height=320, unit=DistanceUnit.MI)
    assert drawing.scale is not None and drawing.scale.text.endswith(" mi")


def test_the_svg_is_well_formed_and_inert() -> None:
    hostile = '</text><script>alert(1)</script> & "x" {nb}'
    stops = [
        Stop(Place(hostile, 43.6, 1.44, "FR"), id=1),
        Stop(Place("B", 48.85, 2.35, "FR"), id=2, mode="car"),
    ]
    svg = map_svg(static_map(stops, width=300, height=200), title=hostile, key="t")
    root = ElementTree.fromstring(svg)
    names = {element.tag.split("}")[-1] for element in root.iter()}
    assert names <= {"svg", "title", "defs", "clipPath", "rect", "g", "path", "circle", "text"}
    assert "<script" not in svg and "&lt;script&gt;" in svg
    for element in root.iter():
        assert not any(name.startswith("on") or "href" in name for name in element.attrib)


@pytest.mark.parametrize(
    ("numbers", "text"),
    [
        ([4], "4"),
        ([4, 5, 6], "4–6"),
        ([1, 9], "1,9"),
        ([1, 2, 4], "1–2,4"),
        ([3, 5, 9, 12], "3…12"),
    ],
)
def test_a_shared_marker_names_its_stops(numbers: list[int], text: str) -> None:
    assert number_list(numbers) == text
