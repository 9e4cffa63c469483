from __future__ import annotations

import threading
import time

from pytestqt.qtbot import QtBot

from cityplanner.ui.shell import TaskRunner, wait_until


def test_results_progress_and_errors_come_back_on_the_gui_thread(qtbot: QtBot) -> None:
    runner = TaskRunner()
    gui_thread = threading.get_ident()
    seen: list[object] = []

    def work(progress):  # type: ignore[no-untyped-def]
        for i in range(3):
            progress(i + 1, 3)
        return threading.get_ident()

    runner.submit(
        "build",
        work,
        on_result=seen.append,
        on_error=seen.append,
        on_progress=lambda d, t: seen.append((d, t, threading.get_ident() == gui_thread)),
    )
    qtbot.waitUntil(lambda: len(seen) == 4, timeout=5000)
    assert seen[:3] == [(1, 3, True), (2, 3, True), (3, 3, True)]
    assert seen[3] != gui_thread  # the work itself ran elsewhere

    errors: list[BaseException] = []
    runner.submit("x", lambda: 1 / 0, on_result=seen.append, on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert isinstance(errors[0], ZeroDivisionError)
    runner.shutdown()


def test_a_newer_request_of_the_same_kind_wins(qtbot: QtBot) -> None:
    runner = TaskRunner()
    answers: list[str] = []

    def slow() -> str:
        time.sleep(0.3)
        return "old"

    runner.submit("search", slow, on_result=answers.append, on_error=answers.append)
    runner.submit("search", lambda: "new", on_result=answers.append, on_error=answers.append)
    qtbot.waitUntil(lambda: not runner.busy(), timeout=5000)
    assert answers == ["new"]
    runner.shutdown()


def test_a_forgotten_request_is_not_answered(qtbot: QtBot) -> None:
    runner = TaskRunner()
    answers: list[str] = []

    def slow() -> str:
        time.sleep(0.2)
        return "late"

    runner.submit("map", slow, on_result=answers.append, on_error=answers.append)
    runner.forget("map")
    qtbot.waitUntil(lambda: not runner.busy(), timeout=5000)
    assert answers == []
    runner.shutdown()


def test_a_wait_ends_when_its_answer_arrives_and_sleeps_meanwhile(qtbot: QtBot) -> None:
    runner = TaskRunner()
    answers: list[object] = []
    release = threading.Event()
    runner.submit(
        "slow",
        lambda: release.wait(5) and "built",
        on_result=answers.append,
        on_error=answers.append,
    )
    looks = [0]

    def answered() -> bool:
        looks[0] += 1
        return bool(answers)

    # Nothing arrives for a while: the wait looks at the clock now and then, not in a spin.
    timer = threading.Timer(0.3, release.set)
    timer.start()
    assert wait_until(answered, timeout_s=10)
    assert answers == ["built"]
    assert looks[0] < 100  # a loop of processEvents looks tens of thousands of times
    runner.shutdown()


def test_a_wait_gives_up_at_its_timeout(qtbot: QtBot) -> None:
    assert not wait_until(lambda: False, timeout_s=0.1)
    assert wait_until(lambda: True, timeout_s=0)
