"""The base of every undo command: change the store first, then tell the document what changed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoCommand

from cityplanner.domain.errors import CityPlannerError


class StoreCommand(QUndoCommand):
    """An undoable change of the store.

    The window runs `first_run()` before pushing, so that a refused change
    (bad value, read-only file) is reported and never enters the history; the
    stack's own first `redo()` is then skipped. A failure while undoing or
    redoing later is handed to `on_failure`, which resynchronises the window.
    """

    on_failure: Callable[[StoreCommand, CityPlannerError], None] | None = None

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self._already_done = False

    def first_run(self) -> None:
        self._do()
        self._already_done = True

    def redo(self) -> None:
        if self._already_done:
            self._already_done = False
            return
        self._guard(self._do)

    def undo(self) -> None:
        self._guard(self._undo)

    def _guard(self, action: Callable[[], None]) -> None:
        try:
            action()
        except CityPlannerError as exc:
            if StoreCommand.on_failure is None:
                raise
            StoreCommand.on_failure(self, exc)

    def _do(self) -> None:
        raise NotImplementedError

    def _undo(self) -> None:
        raise NotImplementedError


class EditCommand(StoreCommand):
    """Replaces an object by an edited copy; successive edits of one field merge into one step."""

    MERGE_ID = -1

    def __init__(self, text: str, old: Any, new: Any, merge_key: str) -> None:
        super().__init__(text)
        self._old, self._new, self._merge_key = old, new, merge_key

    def id(self) -> int:
        return self.MERGE_ID if self._merge_key else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if type(other) is not type(self) or not self._merge_key:
            return False
        assert isinstance(other, EditCommand)
        if other._merge_key != self._merge_key or other._old.id != self._old.id:
            return False
        self._new = other._new
        return True


def saved_id(value: int | None) -> int:
    assert value is not None, "saved objects have ids"
    return value
