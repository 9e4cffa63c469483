"""The "Optimise route" dialog: the current and the proposed order with their lengths."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
)

from cityplanner.domain.errors import CityPlannerError
from cityplanner.domain.models import Stop
from cityplanner.domain.schedule import plan_dates
from cityplanner.geo.routing import RouteProposal, propose_order
from cityplanner.ui.shell import TaskRunner, distance, number, short_day


class OptimiseDialog(QDialog):
    """Computes a shorter order in the background; Apply accepts it as one undo step."""

    def __init__(
        self,
        stops: list[Stop],
        runner: TaskRunner,
        parent: Any = None,
        *,
        start: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Optimise route"))
        self._stops, self._start = stops, start
        self._runner = runner
        self.proposal: RouteProposal | None = None
        self.round_trip = QCheckBox(self.tr("&Round trip (come back to the first stop)"))
        self.keep_end = QCheckBox(self.tr("&Keep the last stop last"))
        self.keep_pinned = QCheckBox(self.tr("Keep stops with a &pinned arrival where they are"))
        self.keep_pinned.setChecked(True)
        self.keep_pinned.setVisible(any(s.pinned for s in stops))
        self.dates = QLabel()
        self.dates.setWordWrap(True)
        self.current = QListWidget()
        self.proposed = QListWidget()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.apply_button = QPushButton(self.tr("&Apply new order"))
        self.buttons.addButton(self.apply_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.apply_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        grid = QGridLayout()
        grid.addWidget(QLabel(self.tr("Current order")), 0, 0)
        grid.addWidget(QLabel(self.tr("Proposed order")), 0, 1)
        grid.addWidget(self.current, 1, 0)
        grid.addWidget(self.proposed, 1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.round_trip)
        layout.addWidget(self.keep_end)
        layout.addWidget(self.keep_pinned)
        layout.addLayout(grid, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.dates)
        layout.addWidget(self.buttons)
        self.current.addItems([f"{i + 1}. {s.place.name}" for i, s in enumerate(stops)])
        self.round_trip.toggled.connect(self._on_options)
        self.keep_end.toggled.connect(self._on_options)
        self.keep_pinned.toggled.connect(self._on_options)
        self.resize(560, 480)
        self.compute()

    def _on_options(self) -> None:
        if self.round_trip.isChecked() and self.keep_end.isChecked():
            other = self.keep_end if self.sender() is self.round_trip else self.round_trip
            other.setChecked(False)
            return
        self.compute()

    def compute(self) -> None:
        self.apply_button.setEnabled(False)
        self.proposed.clear()
        self.summary.setText(self.tr("Looking for a shorter order…"))
        self.dates.clear()
        stops, round_trip, keep_end, keep_pinned = (
            self._stops,
            self.round_trip.isChecked(),
            self.keep_end.isChecked(),
            self.keep_pinned.isChecked(),
        )
        self._runner.submit(
            "optimise",
            lambda: propose_order(
                stops, round_trip=round_trip, keep_end=keep_end, keep_pinned=keep_pinned
            ),
            on_result=self._on_proposal,
            on_error=self._on_error,
        )

    def _on_proposal(self, proposal: RouteProposal) -> None:
        self.proposal = proposal
        self.proposed.addItems([f"{i + 1}. {s.place.name}" for i, s in enumerate(proposal.after)])
        if proposal.changed:
            self.summary.setText(
                self.tr(
                    "Current: {before}. Proposed: {after} — {saving} shorter ({pct} %)."
                ).format(
                    before=distance(proposal.before_km),
                    after=distance(proposal.after_km),
                    saving=distance(proposal.saving_km),
                    pct=number(proposal.saving_percent, 1),
                )
            )
            self.apply_button.setEnabled(True)
            self.dates.setText(self._moved_dates(proposal))
        else:
            self.summary.setText(
                self.tr("The current order ({distance}) is already the shortest found.").format(
                    distance=distance(proposal.before_km)
                )
            )

    def _moved_dates(self, proposal: RouteProposal) -> str:
        """Which arrivals the new order changes (pinned stops keep theirs)."""
        before = {
            s.id: d.arrival
            for s, d in zip(proposal.before, plan_dates(self._start, proposal.before), strict=True)
        }
        after = plan_dates(self._start, proposal.after)
        moved = [
            f"{s.place.name} {_day(before[s.id])} → {short_day(d.arrival, year=True)}"
            for s, d in zip(proposal.after, after, strict=True)
            if d.arrival is not None and before.get(s.id) != d.arrival
        ]
        if not moved:
            return ""
        shown = "; ".join(moved[:6]) + (
            self.tr(" and {n} more").format(n=len(moved) - 6) if len(moved) > 6 else ""
        )
        return self.tr("Arrivals that move: {list}.").format(list=shown)

    def _on_error(self, error: BaseException) -> None:
        self.summary.setText(str(error) if isinstance(error, CityPlannerError) else repr(error))


def _day(day: date | None) -> str:
    return short_day(day, year=True) if day is not None else "—"
