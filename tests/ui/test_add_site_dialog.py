"""A person adds a site in one dialog, from the sites pane or from the map."""

from __future__ import annotations

from collections import Counter

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox
from pytestqt.qtbot import QtBot

from cityplanner.domain.themes import ThemeGroup, theme_colour, themes_by_group
from cityplanner.domain.vocabulary import SiteStatus, Theme
from cityplanner.store import Store
from cityplanner.ui.itinerary import AddSiteDialog
from cityplanner.ui.shell import Settings, ThemePicker, theme_icon
from cityplanner.ui.window import MainWindow


@pytest.fixture
def window(qtbot: QtBot, demo_store: Store, settings: Settings) -> MainWindow:
    opened = MainWindow(demo_store, settings)
    qtbot.addWidget(opened)
    opened.show()
    qtbot.waitExposed(opened)
    return opened


def open_dialog(qtbot: QtBot, window: MainWindow) -> AddSiteDialog:
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), AddSiteDialog))
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, AddSiteDialog)
    return dialog


def sites(window: MainWindow) -> list[str]:
    return [s.name for s in window.store.sites.for_trip(window.doc.trip_id or 0)]


def click_add(qtbot: QtBot, dialog: AddSiteDialog) -> None:
    button = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_a_refused_name_keeps_the_dialog_and_the_text_then_ok_is_one_undo_step(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    boxes: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: boxes.append(text))
    window.itinerary.select_stop_row(0)
    stop = window.doc.stops.stop_at(0)
    before, steps = sites(window), window.undo_stack.count()
    qtbot.mouseClick(window.itinerary.details.stop_editor.add_site, Qt.MouseButton.LeftButton)
    dialog = open_dialog(qtbot, window)
    assert dialog.focusWidget() is dialog.name
    assert (dialog.lat.value(), dialog.lon.value()) == pytest.approx(
        (stop.place.lat, stop.place.lon), abs=1e-6
    )

    click_add(qtbot, dialog)  # nothing typed
    assert dialog.isVisible()
    assert dialog.name_reason.isVisible() and "cannot be empty" in dialog.name_reason.text()

    dialog.name.insert("x" * 5000)  # pasted
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert dialog.name.text() == "x" * 5000
    assert "too long" in dialog.name_reason.text() and "200" in dialog.name_reason.text()
    assert sites(window) == before and window.undo_stack.count() == steps and not boxes

    dialog.name.selectAll()
    qtbot.keyClicks(dialog.name, "Musee des Confluences")
    assert not dialog.name_reason.isVisible()  # typing again clears the reason
    dialog.theme.set_theme(Theme.MUSEUM)
    dialog.status.setCurrentIndex(dialog.status.findData(SiteStatus.VISITED.value))
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())

    added = window.store.sites.for_trip(window.doc.trip_id or 0)[-1]
    assert (added.name, added.theme, added.status) == (
        "Musee des Confluences",
        Theme.MUSEUM,
        SiteStatus.VISITED,
    )
    assert (added.stop_id, added.approximate) == (stop.id, True)
    assert (added.lat, added.lon) == (stop.place.lat, stop.place.lon)
    assert window.undo_stack.count() == steps + 1
    assert window.itinerary.details.site_editor.site == added
    window.undo_stack.undo()
    assert sites(window) == before


def test_add_site_here_starts_at_the_clicked_point_and_escape_writes_nothing(
    qtbot: QtBot, window: MainWindow
) -> None:
    before = sites(window)
    window.map.view.sig_add_site_requested.emit(55.7539, 37.6208)
    dialog = open_dialog(qtbot, window)
    assert (dialog.lat.value(), dialog.lon.value()) == pytest.approx((55.7539, 37.6208))
    qtbot.keyClicks(dialog.name, "Somewhere")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert sites(window) == before

    window.map.view.sig_add_site_requested.emit(55.7539, 37.6208)
    dialog = open_dialog(qtbot, window)
    qtbot.keyClicks(dialog.name, "Red Square")
    dialog.lat.setValue(55.754)
    qtbot.keyClick(dialog.name, Qt.Key.Key_Enter)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    (added,) = [
        s for s in window.store.sites.for_trip(window.doc.trip_id or 0) if s.name == "Red Square"
    ]
    moscow = next(s for s in window.doc.stops.stops if s.place.name == "Moscow")
    assert (added.stop_id, added.approximate) == (moscow.id, False)
    assert (added.lat, added.lon) == pytest.approx((55.754, 37.6208))

    # The next site starts with the theme of the last one added.
    dialog_theme = added.theme
    window.map.view.sig_add_site_requested.emit(55.75, 37.62)
    dialog = open_dialog(qtbot, window)
    assert dialog.theme.theme() is dialog_theme
    dialog.reject()


def test_a_site_the_store_refuses_keeps_the_dialog_open(qtbot: QtBot, window: MainWindow) -> None:
    offered: list[str] = []
    dialog = AddSiteDialog(
        window,
        stop=window.doc.stops.stop_at(0),
        lat=43.6,
        lon=1.44,
        approximate=False,
        commit=lambda site: offered.append(site.name) is not None,  # refused: False
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.name, "Capitole")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    assert offered == ["Capitole"] and dialog.isVisible() and dialog.site is None
    assert dialog.name.text() == "Capitole"


def test_the_theme_picker_shows_groups_whose_headings_cannot_be_chosen(qtbot: QtBot) -> None:
    picker = ThemePicker()
    qtbot.addWidget(picker)
    picker.show()
    model = picker.model()
    rows = [
        picker.itemText(row) if not picker.is_heading(row) else None
        for row in range(picker.count())
    ]
    themes = [t.label for _g, ts in themes_by_group() for t in ts]
    assert [r for r in rows if r is not None] == themes
    headings = [row for row in range(picker.count()) if picker.is_heading(row)]
    assert [picker.itemText(row) for row in headings if picker.itemText(row)] == [
        "General",
        "Smart city",
    ]
    for row in headings:
        assert not model.flags(model.index(row, 0)) & (
            Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        )

    # The keys step over the headings and the line between the groups.
    picker.setFocus()
    picker.set_theme(Theme.SIGHT)
    qtbot.keyClick(picker, Qt.Key.Key_Up)
    assert picker.theme() is Theme.SIGHT
    picker.set_theme(Theme.OTHER)
    qtbot.keyClick(picker, Qt.Key.Key_Down)
    assert picker.theme() is Theme.CONNECTED_CITY

    # A click on a heading in the open list chooses nothing.
    picker.showPopup()
    view = picker.view()
    qtbot.waitUntil(view.isVisible)
    smart = headings[-1]
    qtbot.mouseClick(
        view.viewport(),
        Qt.MouseButton.LeftButton,
        pos=view.visualRect(model.index(smart, 0)).center(),
    )
    assert picker.theme() is Theme.CONNECTED_CITY
    picker.hidePopup()
    assert ThemeGroup.GENERAL.label == "General"


def test_the_details_pane_picks_themes_with_the_same_picker(window: MainWindow) -> None:
    assert isinstance(window.itinerary.details.site_editor.theme, ThemePicker)


def test_list_icons_take_their_colour_from_the_domain_table(qtbot: QtBot) -> None:
    for theme in Theme:
        image = theme_icon(theme, SiteStatus.VISITED).pixmap(64, 64).toImage()
        colours = Counter(
            image.pixelColor(x, y).name()
            for x in range(image.width())
            for y in range(image.height())
            if image.pixelColor(x, y).alpha() == 255
        )
        assert colours, theme
        assert colours.most_common(1)[0][0] == theme_colour(theme), theme
