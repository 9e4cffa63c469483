"""Every item model passes Qt's model tester, before and after precise changes."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from cityplanner.domain import JournalEntry, Place, Site, Stop, Theme, Trip
from cityplanner.store import Store
from cityplanner.ui.shell import JournalModel, SitesModel, StopsModel, TripsModel


def stop(name: str, stop_id: int, lat: float = 45.0) -> Stop:
    return Stop(place=Place(name, lat, 5.0, "FR"), id=stop_id)


def test_stops_model_passes_the_model_tester_through_changes(qtmodeltester: ModelTester) -> None:
    model = StopsModel()
    model.set_stops([stop("A", 1, 40), stop("B", 2, 41), stop("C", 3, 42)])
    qtmodeltester.check(model, force_py=True)
    model.insert_stop(1, stop("X", 4, 43))
    model.move_stop(0, 3)
    model.move_stop(3, 0)
    model.remove_stop(2)
    model.replace_stop(stop("A2", 1, 44))
    assert [s.place.name for s in model.stops] == ["A2", "X", "C"]
    assert model.headerData(1, Qt.Orientation.Vertical) == "2"
    assert model.legs()[0] == 0 and all(leg > 0 for leg in model.legs()[1:])


def test_leg_column_follows_moves(qtbot: QtBot) -> None:
    model = StopsModel()
    model.set_stops([stop("A", 1, 40), stop("B", 2, 50), stop("C", 3, 41)])
    before = model.legs()
    model.move_stop(2, 1)
    after = model.legs()
    assert before != after
    assert round(sum(after)) == round(model._leg(1) + model._leg(2))


def test_stops_model_refuses_bad_edits_with_a_message(qtbot: QtBot) -> None:
    model = StopsModel()
    model.set_stops([stop("A", 1)])
    refused: list[str] = []
    requested: list[tuple[Stop, Stop]] = []
    model.sig_edit_refused.connect(refused.append)
    model.sig_edit_requested.connect(lambda old, new: requested.append((old, new)))
    assert not model.setData(model.index(0, model.COL_NIGHTS), "lots")
    assert not model.setData(model.index(0, model.COL_MODE), "teleport")
    assert not model.setData(model.index(0, model.COL_ARRIVAL), "2017-02-30")
    assert len(refused) == 3 and not requested
    assert model.setData(model.index(0, model.COL_MODE), "Train")
    assert requested[0][1].mode.value == "train"
    assert not model.flags(model.index(0, model.COL_CITY)) & Qt.ItemFlag.ItemIsEditable


def test_list_models_pass_the_model_tester(qtmodeltester: ModelTester, tmp_path: object) -> None:
    trips = TripsModel()
    trips.set_items([Trip("One", id=1), Trip("Two", id=2)])
    qtmodeltester.check(trips, force_py=True)
    trips.insert_item(1, Trip("Between", id=3))
    trips.remove_item(1)
    trips.replace_item(Trip("Uno", id=1))
    sites = SitesModel()
    sites.set_items([Site("Lab", Theme.LIVING_LAB, id=1)])
    qtmodeltester.check(sites, force_py=True)
    journal = JournalModel()
    journal.insert_sorted(JournalEntry(1, date(2017, 10, 5), "Later", id=2))
    journal.insert_sorted(JournalEntry(1, date(2017, 10, 2), "Earlier", id=1))
    qtmodeltester.check(journal, force_py=True)
    assert [e.title for e in journal.items] == ["Earlier", "Later"]


def test_demo_trip_in_the_models(qtmodeltester: ModelTester, demo_store: Store) -> None:
    model = StopsModel()
    model.set_stops(demo_store.trips.stops(1))
    qtmodeltester.check(model, force_py=True)
    assert round(sum(model.legs())) == 8638
