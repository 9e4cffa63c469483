"""The strip of photos under the details pane: the selected stop's or site's, or the trip's.

A horizontal list of thumbnails (a placeholder while each is made in the background) with
the caption or file name under each; a missing original has a red badge and says so in its
tooltip. Only the photos on screen are asked for, so a stop of 200 photos opens at once.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from cityplanner.domain.photos import Photo
from cityplanner.ui.photos._places import Names
from cityplanner.ui.photos._preview_model import taken_text
from cityplanner.ui.shell import TripDocument, photos_icon

Index = QModelIndex | QPersistentModelIndex
ICON = QSize(96, 72)
GRID = QSize(112, 104)
HERE, TRIP, UNPLACED = "here", "trip", "unplaced"


class StripFilter(QSortFilterProxyModel):
    """The trip's photos on one stop or site, all of them, or those not placed."""

    def __init__(self, doc: TripDocument, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._doc = doc
        self.scope = HERE
        self.stop_id: int | None = None
        self.site_id: int | None = None
        self.names = Names(doc)
        self.setSourceModel(doc.photos)

    def photo(self, index: Index) -> Photo:
        return self._doc.photos.item_at(self.mapToSource(index).row())

    def show(self, scope: str, stop_id: int | None = None, site_id: int | None = None) -> None:
        # Qt 6.10 wants the change bracketed; older ones have only invalidateFilter().
        bracket = hasattr(self, "beginFilterChange")
        if bracket:
            self.beginFilterChange()
        self.scope, self.stop_id, self.site_id = scope, stop_id, site_id
        self.names = Names(self._doc)
        if bracket:
            self.endFilterChange()
        else:
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        photo = self._doc.photos.item_at(source_row)
        if self.scope == UNPLACED:
            return not photo.placed
        if self.scope == TRIP:
            return True
        if self.site_id is not None:
            return photo.site_id == self.site_id
        return photo.stop_id is not None and photo.stop_id == self.stop_id

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and index.isValid():
            return self._tooltip(self.photo(index))
        return super().data(index, role)

    def _tooltip(self, photo: Photo) -> str:
        lines = [f"<b>{html.escape(photo.caption or photo.file_name)}</b>"]
        if photo.caption:
            lines.append(html.escape(photo.file_name))
        if photo.taken_at is not None:
            lines.append(self.tr("Taken {when}").format(when=taken_text(photo.taken_at)))
        lines.append(html.escape(self.names.of(photo)))
        if photo.reason:
            lines.append(f"<i>{html.escape(photo.reason)}</i>")
        thumbnails = self._doc.thumbnails
        if thumbnails.is_missing(photo):
            missing = self.tr(
                "The file is no longer at {path}: File → Find moved photos… looks for it."
            ).format(path=photo.path)
            lines.append(f"<span style='color:#c62828'>{html.escape(missing)}</span>")
        elif thumbnails.failure(photo):
            broken = self.tr("It cannot be shown: {reason}").format(
                reason=thumbnails.failure(photo)
            )
            lines.append(f"<span style='color:#c62828'>{html.escape(broken)}</span>")
        return "<br>".join(lines)


class StripView(QListView):
    """One row of thumbnails scrolled sideways; given the height of two rows or more, a grid
    scrolled down."""

    def __init__(self) -> None:
        super().__init__()
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setFlow(QListView.Flow.LeftToRight)
        self.setMovement(QListView.Movement.Static)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setUniformItemSizes(True)
        self.setIconSize(ICON)
        self.setGridSize(GRID)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setMinimumHeight(ICON.height() // 2)
        self._lay_out_for(1)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._lay_out_for(event.size().height() // GRID.height())

    def _lay_out_for(self, rows: int) -> None:
        grid = rows >= 2
        if self.isWrapping() == grid and self.property("laid-out"):
            return
        self.setProperty("laid-out", True)
        self.setWrapping(grid)
        on, off = Qt.ScrollBarPolicy.ScrollBarAsNeeded, Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        self.setVerticalScrollBarPolicy(on if grid else off)
        self.setHorizontalScrollBarPolicy(off if grid else on)


class PhotoStrip(QWidget):
    """The strip's title, what it shows, its buttons and the thumbnails themselves."""

    def __init__(self, doc: TripDocument, parent: Any = None) -> None:
        super().__init__(parent)
        self._doc = doc
        self._stop_id: int | None = None
        self._site_id: int | None = None
        self.filter = StripFilter(doc, self)
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.scope = QComboBox()
        self.scope.setAccessibleName(self.tr("Photos shown"))
        self.scope.addItem("", HERE)
        self.scope.addItem(self.tr("Whole trip"), TRIP)
        self.scope.addItem(self.tr("Not placed"), UNPLACED)
        self.scope.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.missing_button = QToolButton()
        self.missing_button.setStyleSheet("color: #c62828; font-weight: bold")
        self.missing_button.setAutoRaise(True)
        self.missing_button.hide()
        self.add_button = QToolButton()
        self.add_button.setIcon(photos_icon())
        self.add_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.add_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.view = StripView()
        self.view.setAccessibleName(self.tr("Photos"))
        self.view.setModel(self.filter)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet("color: palette(placeholder-text)")
        self.header = header = QHBoxLayout()
        header.setContentsMargins(4, 2, 4, 0)
        header.addWidget(self.title)
        header.addWidget(self.scope)
        header.addStretch(1)
        header.addWidget(self.missing_button)
        header.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(header)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty, 1)
        self.scope.currentIndexChanged.connect(lambda _i: self._apply())
        for signal in (self.filter.rowsInserted, self.filter.rowsRemoved, self.filter.modelReset):
            signal.connect(self._update_title)
        self.filter.layoutChanged.connect(self._update_title)
        self._update_title()

    def preferred_height(self, available: int) -> int:
        """The strip's height in a column of `available` pixels: one row of thumbnails, two
        or three in a tall window."""
        rows = 1 if available < 800 else 2 if available < 1050 else 3
        bar = self.view.horizontalScrollBar().sizeHint().height() if rows == 1 else 0
        return self.header.sizeHint().height() + rows * GRID.height() + bar + 10

    # -- what is shown ----------------------------------------------------------------
    def show_stop(self, stop_id: int | None, name: str) -> None:
        self._show_here(stop_id, None, name)

    def show_site(self, site_id: int, stop_id: int | None, name: str) -> None:
        self._show_here(stop_id, site_id, name)

    def _show_here(self, stop_id: int | None, site_id: int | None, name: str) -> None:
        self.scope.setItemText(0, name or self.tr("This stop"))
        self._stop_id, self._site_id = stop_id, site_id
        if self.scope.currentIndex() != 0:
            self.scope.setCurrentIndex(0)  # shows the new stop or site
        else:
            self._apply()

    @property
    def stop_id(self) -> int | None:
        return self._stop_id

    def _apply(self) -> None:
        scope = str(self.scope.currentData())
        self.filter.show(scope, self._stop_id, self._site_id)
        self._update_title()

    def refresh(self) -> None:
        """The photos changed: filter them again (names of stops may have changed too)."""
        self._apply()

    def _update_title(self, *_args: object) -> None:
        shown, total = self.filter.rowCount(), len(self._doc.photos)
        self.title.setText(self.tr("Photos ({n})").format(n=shown))
        has = shown > 0
        self.view.setVisible(has)
        self.empty.setVisible(not has)
        if self._doc.trip_id is None:
            self.empty.setText(self.tr("Photos of a trip show here."))
        elif not total:
            self.empty.setText(
                self.tr("No photos yet: add some (File → Add photos…) or drop them on the window.")
            )
        else:
            self.empty.setText(self.tr("No photos here: choose another stop, or “Whole trip”."))

    def set_missing(self, count: int) -> None:
        self.missing_button.setText(self.tr("{n} missing…").format(n=count))
        self.missing_button.setVisible(count > 0)

    # -- what is selected -------------------------------------------------------------
    def selected_photos(self) -> list[Photo]:
        rows = sorted(self.view.selectionModel().selectedIndexes(), key=lambda i: i.row())
        if not rows and self.view.currentIndex().isValid():
            rows = [self.view.currentIndex()]
        return [self.filter.photo(index) for index in rows]

    def current_photo(self) -> Photo | None:
        index = self.view.currentIndex()
        return self.filter.photo(index) if index.isValid() else None

    def select_photo(self, photo_id: int | None) -> None:
        for row in range(self.filter.rowCount()):
            index = self.filter.index(row, 0)
            if self.filter.photo(index).id == photo_id:
                self.view.setCurrentIndex(index)
                self.view.scrollTo(index)
                return
