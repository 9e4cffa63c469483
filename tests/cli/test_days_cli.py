"""Dates from the command line: set-start, edit-stop, schedule-site, days and show's dates.

Commands run in this process through `cityplanner.cli.main` (no window, no Qt), against
a file made for each test; the store is read back directly to see what was written.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from cityplanner.domain.models import Place, Site, Stop
from cityplanner.domain.vocabulary import Theme, TravelMode
from cityplanner.store import Store
from tests.cli.runner import CliRunner

ROOT = Path(__file__).resolve().parents[2]
TRIP = "Provence and north"
START = date(2018, 6, 1)

#: (name, lat, lon, country, zone, nights, mode); Reykjavík's zone comes from its coordinates.
STOPS = [
    ("Toulouse", 43.6045, 1.4442, "FR", "Europe/Paris", 2, None),
    ("Albi", 43.9289, 2.1464, "FR", "Europe/Paris", 1, TravelMode.TRAIN),
    ("Arles", 43.6767, 4.6278, "FR", "Europe/Paris", 2, TravelMode.CAR),
    ("Amsterdam", 52.374, 4.8897, "NL", "Europe/Amsterdam", 2, TravelMode.PLANE),
    ("Reykjavík", 64.1355, -21.8954, "IS", "", 1, TravelMode.PLANE),
]
SITES = [("Luma tower", Theme.SHOWCASE), ("Smart parking", Theme.PARKING)]
SITES += [("Smart water meters", Theme.WATER)]


class Cli(CliRunner):
    """Runs commands against one file, as `cityplanner --db FILE …` would."""

    def state(self) -> tuple[Any, ...]:
        """Everything a refused command must leave as it was."""
        with Store.open(self.db, seed_demo=False) as store:
            trips = store.trips.list()
            return tuple(
                (trip, store.trips.stops(trip.id or 0), store.sites.for_trip(trip.id or 0))
                for trip in trips
            )

    def set_start(self, start: date) -> None:
        with Store.open(self.db, seed_demo=False) as store:
            store.trips.set_start(store.trips.find(TRIP).id or 0, start)


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    """A file holding one undated trip of five stops, with three sites at Arles."""
    path = tmp_path / "dates.db"
    with Store.open(path, seed_demo=False) as store:
        trip = store.trips.create(TRIP)
        assert trip.id is not None
        stops = store.trips.add_stops(
            trip.id,
            [
                Stop(
                    place=Place(name, lat, lon, country_code=cc, timezone=zone),
                    nights=nights,
                    mode=mode,
                )
                for name, lat, lon, cc, zone, nights, mode in STOPS
            ],
        )
        arles = stops[2]
        store.sites.add_many(
            [
                Site(name=name, theme=theme, stop_id=arles.id, lat=43.68, lon=4.63)
                for name, theme in SITES
            ]
        )
    return Cli(path, capsys)


def arrivals(cli: Cli) -> list[str | None]:
    return [s["arrival"] for s in cli.json("show", TRIP)["stops"]]


# -- refusals -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "args", "message"),
    [
        (START, ["schedule-site", TRIP, "3", "Luma", "--on", "2018-06-20"], "outside the stay"),
        (
            START,
            ["schedule-site", TRIP, "3", "Luma", "--on", "2018-06-04", "--at", "25:00"],
            "'25:00' is not a time of day",
        ),
        (
            START,
            ["schedule-site", TRIP, "3", "Luma", "--on", "2018-06-04", "--minutes", "0"],
            "1 to 1440 minutes",
        ),
        (
            date(9999, 12, 1),
            ["edit-stop", TRIP, "1", "--nights", "40"],
            "would go past the year 9999",
        ),
        (None, ["edit-stop", TRIP, "3", "--arrive", "2018-06-10"], "set-start"),
        (
            START,
            ["edit-stop", TRIP, "3", "--arrive", "2018-06-10", "--unpin"],
            "--arrive to pin the arrival or --unpin",
        ),
        (
            START,
            ["schedule-site", TRIP, "3", "Colosseum", "--on", "2018-06-04"],
            "No site of Arles (stop 3) is called 'Colosseum'",
        ),
        (
            START,
            ["schedule-site", TRIP, "3", "smart", "--on", "2018-06-04"],
            "matches 2 sites of Arles",
        ),
        (None, ["schedule-site", TRIP, "3", "Luma", "--on", "2018-06-04"], "set-start"),
        (None, ["days", TRIP], "set-start"),
        (START, ["edit-stop", TRIP, "2"], "Nothing to change"),
        (START, ["set-start", TRIP, "2018-02-30"], "not a valid date"),
    ],
)
def test_bad_input_is_refused_in_one_line_and_changes_nothing(
    cli: Cli, start: date | None, args: list[str], message: str
) -> None:
    if start is not None:
        cli.set_start(start)
    before = cli.state()
    code, _out, err = cli(*args)
    assert code == 1
    assert message in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert cli.state() == before


def test_schedule_site_needs_on_or_unschedule(cli: Cli) -> None:
    with pytest.raises(SystemExit) as exited:
        cli("schedule-site", TRIP, "3", "Luma")
    assert exited.value.code == 2


# -- dates follow the start and the nights ----------------------------------------


def test_set_start_then_days_are_consecutive(cli: Cli) -> None:
    out = cli.ok("set-start", TRIP, "2018-06-01")
    assert "starts on Fri 1 Jun 2018" in out
    assert arrivals(cli) == ["2018-06-01", "2018-06-03", "2018-06-04", "2018-06-06", "2018-06-08"]
    days = cli.json("days", TRIP)["days"]
    assert [d["date"] for d in days] == [(START + timedelta(n)).isoformat() for n in range(9)]
    assert [d["day"] for d in days] == list(range(1, 10))
    assert [d["stop"] and d["stop"]["name"] for d in days] == [
        "Toulouse", "Toulouse", "Albi", "Arles", "Arles", "Amsterdam", "Amsterdam", "Reykjavík",
        None,
    ]  # fmt: skip
    text = cli.ok("days", TRIP)
    assert "Day 3 · Sun 3 Jun 2018 · Albi (night 1 of 1) · Toulouse → Albi by train" in text
    assert "Day 9 · Sat 9 Jun 2018 · end of the trip" in text


def test_more_nights_on_the_first_stop_move_every_later_unpinned_stop(cli: Cli) -> None:
    cli.set_start(START)
    pinned = cli.ok("edit-stop", TRIP, "4", "--arrive", "2018-06-10")
    assert "Amsterdam, arrives Sun 10 Jun 2018 (pinned)" in pinned
    assert "5. Reykjavík: Fri 8 Jun 2018 → Tue 12 Jun 2018" in pinned
    out = cli.ok("edit-stop", TRIP, "1", "--nights", "4")
    assert arrivals(cli) == ["2018-06-01", "2018-06-05", "2018-06-06", "2018-06-10", "2018-06-12"]
    assert "Dates moved for 2 stops:" in out
    assert "2. Albi: Sun 3 Jun 2018 → Tue 5 Jun 2018" in out
    assert "3. Arles: Mon 4 Jun 2018 → Wed 6 Jun 2018" in out
    assert "4. Amsterdam" not in out and "5. Reykjavík" not in out
    assert "Note: 2 days free before Amsterdam." in out
    stops = cli.json("show", TRIP)["stops"]
    assert [s["pinned"] for s in stops] == [False, False, False, True, False]


def test_unpin_lets_a_pinned_stop_follow_again(cli: Cli) -> None:
    cli.set_start(START)
    cli.ok("edit-stop", TRIP, "4", "--arrive", "2018-06-10")
    out = cli.ok("edit-stop", TRIP, "4", "--unpin")
    assert "Amsterdam, arrives Wed 6 Jun 2018, 2 nights, by plane" in out
    assert "5. Reykjavík: Tue 12 Jun 2018 → Fri 8 Jun 2018" in out
    stop = cli.json("show", TRIP)["stops"][3]
    assert (stop["arrival"], stop["pinned"]) == ("2018-06-06", False)


def test_a_start_after_a_pinned_stop_is_saved_and_reported_as_one_conflict(cli: Cli) -> None:
    cli.set_start(START)
    cli.ok("edit-stop", TRIP, "4", "--arrive", "2018-06-06")
    out = cli.ok("set-start", TRIP, "2018-06-05")
    assert "Conflict: Amsterdam is pinned to arrive on 2018-06-06, 4 days before" in out
    shown = cli.json("show", TRIP)
    assert shown["totals"]["conflicts"] == 1
    assert [s["conflict"] is not None for s in shown["stops"]] == [False] * 3 + [True, False]
    assert "Arles" in shown["stops"][3]["conflict"]
    assert arrivals(cli)[:4] == ["2018-06-05", "2018-06-07", "2018-06-08", "2018-06-06"]
    text = cli.ok("show", TRIP)
    assert "2018-06-06*" in text and "* pinned arrival" in text and "Conflict: " in text


def test_edit_stop_changes_mode_and_name_and_warns_of_sites_past_the_stay(cli: Cli) -> None:
    cli.set_start(START)
    cli.ok("schedule-site", TRIP, "3", "Luma", "--on", "2018-06-06")  # day 3 of 3
    out = cli.ok("edit-stop", TRIP, "3", "--nights", "1", "--mode", "bus", "--name", "Arles centre")
    assert "Saved stop 3: Arles centre, arrives Mon 4 Jun 2018, 1 night, by bus" in out
    assert "“Luma tower” was planned for day 3 of the stay, which is past its end" in out
    stop = cli.json("show", TRIP)["stops"][2]
    assert (stop["name"], stop["mode"], stop["nights"]) == ("Arles centre", "bus", 1)
    assert cli.ok("edit-stop", TRIP, "3", "--mode", "none").count("no travel mode") == 1


# -- schedule-site and days ----------------------------------------------------------


def test_days_json_has_every_field(cli: Cli) -> None:
    cli.set_start(START)
    planned = cli.ok(
        "schedule-site", TRIP, "3", "luma tower", "--on", "2018-06-05", "--at", "14:30",
        "--minutes", "90",
    )  # fmt: skip
    assert "Planned “Luma tower” on Tue 5 Jun 2018 at 14:30 for 90 min (day 2" in planned
    cli.ok("schedule-site", TRIP, "3", "Smart water", "--on", "2018-06-05")
    data = cli.json("days", TRIP)
    assert (data["start"], data["end"]) == ("2018-06-01", "2018-06-09")
    days = data["days"]
    assert {"date", "day", "stop", "night", "nights", "travel", "sites"} <= set(days[0])
    assert days[0]["travel"] is None and days[0]["stop"] == {"position": 1, "name": "Toulouse"}
    assert (days[0]["night"], days[0]["nights"]) == (1, 2)
    assert (days[4]["night"], days[4]["nights"]) == (2, 2)
    sites = days[4]["sites"]
    assert sites[0] == {
        "id": sites[0]["id"], "name": "Luma tower", "theme": "showcase", "at": "14:30",
        "minutes": 90,
    }  # fmt: skip
    assert (sites[1]["name"], sites[1]["at"], sites[1]["minutes"]) == (
        "Smart water meters", None, None,
    )  # fmt: skip
    car = days[3]["travel"]
    assert set(car) == {"from", "to", "mode", "km", "hours", "clock_change_hours"}
    assert (car["from"], car["to"], car["mode"], car["clock_change_hours"]) == (
        "Albi", "Arles", "car", 0,
    )  # fmt: skip
    assert car["hours"] == pytest.approx(car["km"] * 1.25 / 75, abs=0.01)
    flight = days[7]["travel"]
    assert (flight["to"], flight["clock_change_hours"]) == ("Reykjavík", -2)
    assert days[8]["stop"] is None and days[8]["sites"] == []
    text = cli.ok("days", TRIP)
    assert "    14:30     Luma tower, 90 min" in text
    assert "Amsterdam → Reykjavík by plane" in text and "clock −2 h" in text


def test_a_site_is_found_by_its_id_and_can_be_unscheduled(cli: Cli) -> None:
    cli.set_start(START)
    site_id = str(cli.state()[0][2][1].id)  # Smart parking
    cli.ok("schedule-site", TRIP, "3", site_id, "--on", "2018-06-04", "--at", "9:05")
    day = cli.json("days", TRIP)["days"][3]
    assert [(s["name"], s["at"]) for s in day["sites"]] == [("Smart parking", "09:05")]
    out = cli.ok("schedule-site", TRIP, "3", "smart parking", "--unschedule")
    assert "no longer planned" in out
    assert all(not d["sites"] for d in cli.json("days", TRIP)["days"])
    stored = cli.state()[0][2][1]
    assert (stored.day_of_stay, stored.start_time, stored.minutes) == (None, None, None)


# -- show --json ---------------------------------------------------------------------


def test_show_json_has_dates_pins_zones_and_span(cli: Cli) -> None:
    undated = cli.json("show", TRIP)
    assert undated["totals"] | {"km": 0} == {
        "km": 0, "nights": 8, "countries": 3, "start": None, "end": None, "days": None,
        "conflicts": 0,
    }  # fmt: skip
    assert undated["stops"][0]["departure"] is None
    assert "set-start" in cli.ok("show", TRIP)
    cli.set_start(START)
    shown = cli.json("show", TRIP)
    first, last = shown["stops"][0], shown["stops"][-1]
    assert (first["arrival"], first["departure"], first["pinned"]) == (
        "2018-06-01", "2018-06-03", False,
    )  # fmt: skip
    assert (first["timezone"], last["timezone"]) == ("Europe/Paris", "Atlantic/Reykjavik")
    assert first["conflict"] is None
    totals = shown["totals"]
    assert (totals["start"], totals["end"], totals["days"], totals["conflicts"]) == (
        "2018-06-01", "2018-06-09", 9, 0,
    )  # fmt: skip
    assert "Dates: Fri 1 Jun 2018 to Sat 9 Jun 2018, 9 days" in cli.ok("show", TRIP)


def test_the_installed_command_refuses_days_of_an_undated_trip(cli: Cli) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "cityplanner", "--db", str(cli.db), "days", TRIP],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 1
    assert "has no dates yet" in result.stderr and "set-start" in result.stderr


def test_a_day_with_two_legs_sums_them_and_free_days_take_one_line(cli: Cli) -> None:
    cli.set_start(START)
    cli.ok("edit-stop", TRIP, "2", "--nights", "0")  # through Albi without a night
    cli.ok("edit-stop", TRIP, "4", "--arrive", "2018-06-10")
    day = cli.json("days", TRIP)["days"][2]
    first, second = day["legs"]
    assert (first["to"], second["to"]) == ("Albi", "Arles")
    travel = day["travel"]
    assert (travel["from"], travel["to"], travel["mode"]) == ("Toulouse", "Arles", None)
    assert travel["km"] == pytest.approx(first["km"] + second["km"], abs=0.01)
    assert travel["hours"] == pytest.approx(first["hours"] + second["hours"], abs=0.01)
    text = cli.ok("days", TRIP)
    assert "Toulouse → Albi by train, 67 km, about 53 min; Albi → Arles by car" in text
    assert "Days 5–9 · Tue 5 Jun 2018 to Sat 9 Jun 2018 · no stay planned (5 days)" in text
