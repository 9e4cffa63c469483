"""The map's links open only after the person clicks them, never at a script's request."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from cityplanner.domain.models import Place, Site, Stop
from cityplanner.maps.export import trip_payload
from cityplanner.store import Store
from cityplanner.ui.map import MapView
from cityplanner.ui.map._bridge import CLICK_WINDOW_S, MapBridge, UserInputWatcher

LINK = "https://example.org/museum"


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    urls: list[str] = []
    monkeypatch.setattr(
        QDesktopServices, "openUrl", lambda url: urls.append(url.toString()) or True
    )
    return urls


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def bridge(qtbot: QtBot, clock: Clock) -> MapBridge:
    return MapBridge(clock=clock)


def click(bridge: MapBridge, url: str = LINK) -> None:
    """What a real click does: Qt sees the press, then the page reports and asks."""
    bridge.note_user_click()
    bridge.linkClicked(url)
    bridge.openLink(url)


def test_a_clicked_link_opens_once(bridge: MapBridge, opened: list[str]) -> None:
    click(bridge)
    assert opened == [LINK]
    bridge.openLink(LINK)  # the same click, asked again
    assert opened == [LINK]


def test_a_script_calling_open_link_alone_is_refused(bridge: MapBridge, opened: list[str]) -> None:
    bridge.openLink(LINK)
    bridge.linkClicked(LINK)
    bridge.openLink(LINK)  # a reported click, but Qt saw no press
    assert opened == []


def test_a_press_then_another_link_is_refused(bridge: MapBridge, opened: list[str]) -> None:
    bridge.note_user_click()
    bridge.linkClicked(LINK)
    bridge.openLink("https://example.org/elsewhere")
    assert opened == []


def test_an_old_press_or_an_old_report_is_refused(
    bridge: MapBridge, clock: Clock, opened: list[str]
) -> None:
    bridge.note_user_click()
    clock.now += CLICK_WINDOW_S + 0.5
    bridge.linkClicked(LINK)
    bridge.openLink(LINK)
    assert opened == []
    bridge.note_user_click()
    bridge.linkClicked(LINK)
    clock.now += CLICK_WINDOW_S + 0.5
    bridge.openLink(LINK)
    assert opened == []


def test_a_report_made_before_the_press_is_refused(
    bridge: MapBridge, clock: Clock, opened: list[str]
) -> None:
    bridge.linkClicked(LINK)  # a script reporting ahead, hoping for a press
    clock.now += 0.1
    bridge.note_user_click()
    bridge.openLink(LINK)
    assert opened == []


def test_a_clicked_link_to_another_scheme_still_does_not_open(
    bridge: MapBridge, opened: list[str]
) -> None:
    click(bridge, "file:///etc/passwd")
    click(bridge, "javascript:alert(1)")
    assert opened == []


def test_the_watcher_hears_presses_on_children_added_later(
    qtbot: QtBot, clock: Clock, opened: list[str]
) -> None:
    view = QWidget()
    qtbot.addWidget(view)
    bridge = MapBridge(view, clock=clock)  # a widget parent: it watches it itself
    proxy = QWidget(view)  # as QtWebEngine adds its focus proxy once the page shows
    inner = QWidget(proxy)
    view.resize(200, 200)
    proxy.resize(200, 200)
    inner.resize(100, 100)
    view.show()
    qtbot.waitExposed(view)

    clock.now += 10
    qtbot.mouseClick(inner, Qt.MouseButton.LeftButton)
    bridge.linkClicked(LINK)
    bridge.openLink(LINK)
    assert opened == [LINK]

    clock.now += 10
    qtbot.keyClick(proxy, Qt.Key.Key_A)  # typing is not following a link
    bridge.linkClicked(LINK)
    bridge.openLink(LINK)
    assert opened == [LINK]
    qtbot.keyClick(proxy, Qt.Key.Key_Return)  # Enter on a focused link is
    bridge.linkClicked(LINK)
    bridge.openLink(LINK)
    assert opened == [LINK, LINK]


def test_a_watcher_can_be_given_any_view(qtbot: QtBot, clock: Clock, opened: list[str]) -> None:
    view = QWidget()
    qtbot.addWidget(view)
    bridge = MapBridge(clock=clock)  # no parent: nothing watched until asked
    view.resize(100, 100)
    view.show()
    qtbot.waitExposed(view)
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton)
    bridge.linkClicked(LINK)
    bridge.openLink(LINK)
    assert opened == []
    UserInputWatcher(view, bridge)
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton)
    bridge.linkClicked(LINK)
    bridge.openLink(LINK)
    assert opened == [LINK]


# -- in a real page ---------------------------------------------------------------------


@pytest.mark.slow
def test_the_person_can_open_a_link_but_the_page_s_script_cannot(
    qtbot: QtBot, view: MapView, js: object, opened: list[str], caplog: pytest.LogCaptureFixture
) -> None:
    with Store.memory() as store:
        trip = store.trips.create("Links")
        assert trip.id is not None
        stop = store.trips.add_stop(trip.id, Stop(place=Place("Vichy", 46.1, 3.4), nights=1))
        site = store.sites.add(
            Site("Linked", "water", stop_id=stop.id, lat=46.0, lon=3.0, url=LINK)
        )
        with qtbot.waitSignal(view.sig_ready, timeout=30_000):
            view.show_payload(trip_payload(store, trip.id))
    page = view.page()
    assert site.id is not None
    view.select_site(site.id)
    js.wait_for(page, "document.querySelector('.leaflet-popup-content a.cp-link')")  # type: ignore[attr-defined]
    qtbot.wait(400)  # let the popup's auto-pan settle before aiming at the link
    rect = json.loads(
        js(  # type: ignore[operator]
            page,
            "JSON.stringify(document.querySelector("
            "'.leaflet-popup-content a.cp-link').getBoundingClientRect())",
        )
    )
    point = QPoint(int(rect["x"] + rect["width"] / 2), int(rect["y"] + rect["height"] / 2))
    QTest.mouseClick(
        view.focusProxy(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point
    )
    qtbot.waitUntil(lambda: opened == [LINK], timeout=5_000)

    # A script reaches the bridge as the page does, and calls it just as a click would.
    # (Last: its own channel takes the page's messages from the page's.)
    js(  # type: ignore[operator]
        page,
        "new QWebChannel(qt.webChannelTransport, function (channel) {"
        " var bridge = channel.objects.cityplanner;"
        " bridge.linkClicked('https://example.org/forged');"
        " bridge.openLink('https://example.org/forged'); }); 1",
    )
    qtbot.waitUntil(lambda: "open https://example.org/forged" in caplog.text, timeout=5_000)
    assert opened == [LINK]  # the call arrived, and was refused
