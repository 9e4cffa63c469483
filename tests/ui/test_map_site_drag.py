"""A site or a stop under the mouse: dragged, the drop reaches the window, the site goes
back into its cluster afterwards, and the trip drawn again during the drag (an edit
elsewhere, a theme or day shown) loses neither the marker nor the drop; hovered, the
site's name goes with the site when it goes into a cluster."""

from __future__ import annotations

import json
from datetime import date

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from cityplanner.domain.models import Place, Site, Stop, Trip
from cityplanner.domain.vocabulary import SiteStatus, Theme
from cityplanner.maps.payload import map_payload
from tests.ui.conftest import console_errors as errors
from tests.ui.test_map_clusters import set_view
from tests.ui.test_map_sites import SHOWN_SITES, show

pytestmark = pytest.mark.slow

LYON = (45.76, 4.83)


def nine_sites(themes=(Theme.WATER,)):
    """A stop with nine sites on a 3 x 3 grid, 0.004° apart around it."""
    lat, lon = LYON
    stop = Stop(Place("Lyon", lat, lon), id=1, arrival=date(2024, 5, 1), nights=2)
    sites = [
        Site(
            f"Site {n}",
            themes[n % len(themes)],
            stop_id=1,
            status=SiteStatus.PLANNED,
            lat=lat + (n // 3 - 1) * 0.004,
            lon=lon + (n % 3 - 1) * 0.004 + 0.001,
            id=n + 1,
        )
        for n in range(9)
    ]
    return map_payload(Trip("Nine", id=1), [stop], sites)


def screen_point(js, page, lat, lon) -> QPoint:
    x, y = json.loads(
        js(
            page,
            "(function () { var p = CityPlannerMap.map().latLngToContainerPoint("
            f"[{lat}, {lon}]); return JSON.stringify([p.x, p.y]); }})()",
        )
    )
    return QPoint(round(x), round(y))


def press_and_move(view, start: QPoint, steps: range) -> None:
    target = view.focusProxy() or view
    if steps.start == 1:
        QTest.mousePress(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for step in steps:
        QTest.mouseMove(target, start + QPoint(6 * step, 4 * step), 20)


def release(view, at: QPoint) -> None:
    target = view.focusProxy() or view
    QTest.mouseRelease(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at)


def site_markers(js, page, site_id: int) -> int:
    return js(page, f"document.querySelectorAll('.cp-site[data-site-id=\"{site_id}\"]').length")


def test_a_site_dragged_with_the_mouse_is_moved_and_joins_its_cluster_again(qtbot, view, js):
    payload = nine_sites()
    show(qtbot, js, view, payload)
    page = view.page()
    set_view(js, page, *LYON, 17)
    lat, lon = LYON[0], LYON[1] + 0.001  # the middle site, id 5
    js.wait_for(page, "document.querySelector('.cp-site[data-site-id=\"5\"]')")
    start = screen_point(js, page, lat, lon)
    with qtbot.waitSignal(view.sig_marker_moved, timeout=10_000) as moved:
        press_and_move(view, start, range(1, 11))
        release(view, start + QPoint(60, 40))
    kind, site_id, to_lat, to_lon = moved.args
    assert (kind, site_id) == ("site", 5)
    assert to_lat < lat and to_lon > lon
    # Further out, the site is counted once, in the cluster of all nine, not drawn alone too.
    set_view(js, page, *LYON, 9)
    qtbot.waitUntil(lambda: js(page, SHOWN_SITES) == 9)
    assert js(page, "document.querySelectorAll('.leaflet-marker-pane .cp-site').length") == 0
    assert errors(view) == []


@pytest.mark.parametrize(
    "redraw",
    [
        "CityPlannerMap.update(JSON.parse(document.getElementById('cp-trip').textContent)); 1",
        "CityPlannerMap.showDays({colour: true, day: 1}); 1",
    ],
    ids=["trip-sent-again", "day-shown"],
)
def test_a_site_dragged_while_the_map_is_redrawn_is_still_dropped(qtbot, view, js, redraw):
    payload = nine_sites()
    show(qtbot, js, view, payload)
    page = view.page()
    set_view(js, page, *LYON, 17)
    js.wait_for(page, "document.querySelector('.cp-site[data-site-id=\"5\"]')")
    start = screen_point(js, page, LYON[0], LYON[1] + 0.001)
    press_and_move(view, start, range(1, 6))
    qtbot.waitUntil(lambda: js(page, "document.body.classList.contains('leaflet-dragging')"))
    js(page, redraw)
    # The marker being dragged is still the one marker of its site.
    assert site_markers(js, page, 5) == 1
    with qtbot.waitSignal(view.sig_marker_moved, timeout=10_000) as moved:
        press_and_move(view, start, range(6, 11))
        release(view, start + QPoint(60, 40))
    assert moved.args[:2] == ["site", 5]
    assert site_markers(js, page, 5) == 1
    # Once dropped, the page hears the mouse again: a site's name shows on hover.
    other = screen_point(js, page, LYON[0] - 0.004, LYON[1] - 0.003)
    target = view.focusProxy() or view
    QTest.mouseMove(target, other + QPoint(1, 1), 20)
    QTest.mouseMove(target, other, 20)
    js.wait_for(page, "document.querySelector('.cp-site-tooltip') !== null")
    assert errors(view) == []


def test_a_stop_dragged_while_the_trip_is_sent_again_is_still_dropped(qtbot, view, js):
    payload = nine_sites()
    show(qtbot, js, view, payload)
    page = view.page()
    set_view(js, page, *LYON, 15)
    js.wait_for(page, "document.querySelector('.cp-stop[data-stop-id=\"1\"]')")
    start = screen_point(js, page, *LYON) - QPoint(0, 20)  # on the pin, above its tip
    press_and_move(view, start, range(1, 6))
    qtbot.waitUntil(lambda: js(page, "document.body.classList.contains('leaflet-dragging')"))
    js(page, "CityPlannerMap.update(JSON.parse(document.getElementById('cp-trip').textContent)); 1")
    assert js(page, "document.querySelectorAll('.cp-stop[data-stop-id=\"1\"]').length") == 1
    with qtbot.waitSignal(view.sig_marker_moved, timeout=10_000) as moved:
        press_and_move(view, start, range(6, 11))
        release(view, start + QPoint(60, 40))
    assert moved.args[:2] == ["stop", 1]
    assert js(page, "document.querySelectorAll('.cp-stop[data-stop-id=\"1\"]').length") == 1
    assert errors(view) == []


def test_a_site_s_name_shown_on_hover_goes_when_the_site_goes_into_a_cluster(qtbot, view, js):
    payload = nine_sites()
    show(qtbot, js, view, payload)
    page = view.page()
    set_view(js, page, *LYON, 17)
    js.wait_for(page, "document.querySelector('.cp-site[data-site-id=\"5\"]')")
    at = screen_point(js, page, LYON[0], LYON[1] + 0.001)
    target = view.focusProxy() or view
    QTest.mouseMove(target, at + QPoint(1, 1), 20)
    QTest.mouseMove(target, at, 20)
    js.wait_for(page, "document.querySelector('.cp-site-tooltip') !== null")
    # Zoomed out (by the keyboard, the mouse still), the site is in a cluster: its name
    # no longer floats over the map.
    set_view(js, page, *LYON, 9)
    qtbot.waitUntil(lambda: js(page, SHOWN_SITES) == 9)
    js.wait_for(page, "document.querySelector('.cp-site-tooltip') === null")
    assert errors(view) == []
