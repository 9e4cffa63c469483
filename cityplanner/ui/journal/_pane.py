"""The journal pane: dated Markdown entries about the trip, a stop or a site, with a preview."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QResizeEvent, QTextDocument
from PySide6.QtWidgets import (
    QBoxLayout,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from cityplanner.domain.errors import ValidationError
from cityplanner.domain.models import JournalEntry
from cityplanner.domain.photos import Photo
from cityplanner.domain.validation import check_name
from cityplanner.ui.shell import (
    TripDocument,
    date_edit,
    date_of,
    icon,
    mark_saved,
    photos_icon,
    set_date,
)

# Raw HTML in an entry is shown as text, never interpreted.
_MARKDOWN = QTextDocument.MarkdownFeature(
    QTextDocument.MarkdownFeature.MarkdownDialectGitHub.value
    | QTextDocument.MarkdownFeature.MarkdownNoHTML.value
)


#: Below this width the entries are listed above the editor instead of beside it.
NARROW_WIDTH = 620
#: A photo of the trip in an entry: ![caption](photo:SHA-256 of its file).
PHOTO_SCHEME = "photo"
_PHOTO_LINK = re.compile(r"\(photo:([0-9a-f]{64})\)")


def photo_markdown(photo: Photo) -> str:
    """The Markdown that shows `photo` in an entry (and in the trip book)."""
    caption = re.sub(r"([\\\[\]])", r"\\\1", photo.caption or photo.file_name)
    caption = " ".join(caption.split())
    return f"![{caption}]({PHOTO_SCHEME}:{photo.sha256})"


class EntryPreview(QTextBrowser):
    """The preview of an entry, showing its `photo:` images from the thumbnail cache."""

    def __init__(self, doc: TripDocument) -> None:
        super().__init__()
        self._doc = doc

    def loadResource(self, kind: int, name: QUrl | str) -> Any:
        url = QUrl(name)
        if url.scheme() == PHOTO_SCHEME and kind == QTextDocument.ResourceType.ImageResource:
            photo = self._doc.photos.by_sha(url.path())
            return self._doc.thumbnails.image_for(photo) if photo is not None else None
        return super().loadResource(kind, name)


class JournalPane(QWidget):
    """Lists the shown trip's entries and edits the selected one."""

    sig_new_entry = Signal()
    """The user asked for a new entry."""
    sig_delete_entry = Signal(int)
    """The user asked to delete the entry with this id."""
    sig_entry_edited = Signal(object, object)
    """(old entry, new entry)."""
    sig_error = Signal(str)
    """A typed value was refused."""
    sig_insert_photo = Signal()
    """The user asked to insert one of the trip's photos at the cursor."""

    def __init__(self, doc: TripDocument, parent: Any = None) -> None:
        super().__init__(parent)
        self._doc = doc
        self._entry: JournalEntry | None = None
        self._loading = False
        self.entries = QListView()
        self.entries.setModel(doc.journal)
        self.new_button = QPushButton(icon("journal"), self.tr("&New entry"))
        self.delete_button = QPushButton(icon("delete"), self.tr("Delete entry"))
        self.day = date_edit()
        self.title = QLineEdit()
        self.link = QComboBox()
        self.body = QPlainTextEdit()
        self.body.setPlaceholderText(
            self.tr("Write in Markdown: **bold**, *italic*, - lists, # headings")
        )
        self.body.setTabChangesFocus(True)
        self.preview = EntryPreview(doc)
        self.preview.setOpenExternalLinks(False)
        self.preview.setOpenLinks(False)
        self.photo_button = QPushButton(photos_icon(), self.tr("Insert &photo…"))
        self.photo_button.setFlat(True)
        tabs = QTabWidget()
        tabs.addTab(self.body, self.tr("Write"))
        tabs.addTab(self.preview, self.tr("Preview"))
        tabs.setCornerWidget(self.photo_button, Qt.Corner.TopRightCorner)
        self.tabs = tabs
        form = QFormLayout()
        form.addRow(self.tr("&Date"), self.day)
        form.addRow(self.tr("&Title"), self.title)
        form.addRow(self.tr("About"), self.link)
        editor = QWidget()
        editor_layout = QVBoxLayout(editor)
        editor_layout.setContentsMargins(0, 0, 0, 0)
        editor_layout.addLayout(form)
        editor_layout.addWidget(tabs, 1)
        self.editor = editor
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.entries, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.delete_button)
        left_layout.addLayout(buttons)
        self._left_layout, self._buttons = left_layout, buttons
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(editor)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([170, 480])
        self.splitter = splitter
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self._timer = QTimer(self, singleShot=True, interval=600)
        self._timer.timeout.connect(self._commit_body)
        self.new_button.clicked.connect(self.sig_new_entry)
        self.delete_button.clicked.connect(self._on_delete)
        self.photo_button.clicked.connect(self.sig_insert_photo)
        doc.thumbnails.sig_ready.connect(self._on_thumbnail_ready)
        self.entries.selectionModel().currentChanged.connect(self._on_current_changed)
        doc.journal.modelReset.connect(self._on_reset)
        doc.journal.rowsInserted.connect(self._on_rows_inserted)
        doc.journal.rowsRemoved.connect(self._on_rows_removed)
        self.day.editingFinished.connect(self._commit_day)
        self.day.calendarWidget().clicked.connect(lambda _d: QTimer.singleShot(0, self._commit_day))
        self.title.editingFinished.connect(self._commit_title)
        self.link.activated.connect(self._commit_link)
        self.body.textChanged.connect(self._on_body_typed)
        self._show(None)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Narrow, the list of entries goes above the editor, which keeps the full width."""
        super().resizeEvent(event)
        vertical = event.size().width() < NARROW_WIDTH
        wanted = Qt.Orientation.Vertical if vertical else Qt.Orientation.Horizontal
        if self.splitter.orientation() != wanted:
            self.splitter.setOrientation(wanted)
            # Above the editor, the buttons stand beside the list, so it takes little height.
            across, down = QBoxLayout.Direction.LeftToRight, QBoxLayout.Direction.TopToBottom
            self._left_layout.setDirection(across if vertical else down)
            self._buttons.setDirection(down if vertical else across)
            length = event.size().height() if vertical else event.size().width()
            first = min(90, length // 5) if vertical else 170
            self.splitter.setSizes([first, max(200, length - first)])

    def select_entry(self, entry_id: int | None) -> None:
        row = self._doc.journal.row_of(entry_id)
        if row >= 0:
            self.entries.selectionModel().setCurrentIndex(
                self._doc.journal.index(row), QItemSelectionModel.SelectionFlag.ClearAndSelect
            )

    @property
    def entry(self) -> JournalEntry | None:
        """The entry being edited."""
        return self._entry

    def insert_photo(self, photo: Photo) -> None:
        """Put the Markdown image of `photo` at the cursor of the entry being written."""
        if self._entry is None:
            return
        self.tabs.setCurrentWidget(self.body)
        self.body.setFocus()
        self.body.textCursor().insertText(photo_markdown(photo))

    def _on_thumbnail_ready(self, sha256: str) -> None:
        """A photo of the entry got its thumbnail: draw the preview again."""
        if sha256 in set(_PHOTO_LINK.findall(self.body.toPlainText())):
            bar = self.preview.verticalScrollBar()
            kept = bar.value()
            self.preview.document().setMarkdown(self.body.toPlainText(), _MARKDOWN)
            bar.setValue(kept)

    def flush(self) -> None:
        if self._timer.isActive():
            self._timer.stop()
            self._commit_body()

    # -- showing --------------------------------------------------------------
    def _show(self, entry: JournalEntry | None) -> None:
        self._entry = entry
        self._loading = True
        self.editor.setEnabled(entry is not None)
        self.delete_button.setEnabled(entry is not None)
        self.photo_button.setEnabled(entry is not None)
        self._fill_links(entry)
        if entry is None:
            set_date(self.day, None)
            self.title.clear()
            self.body.clear()
            self.preview.clear()
        else:
            if not self.day.hasFocus():
                set_date(self.day, entry.day)
            if not self.title.hasFocus():
                self.title.setText(entry.title)
            if self.body.toPlainText() != entry.body and not self.body.hasFocus():
                self.body.setPlainText(entry.body)
            self.preview.document().setMarkdown(entry.body, _MARKDOWN)
        self._loading = False

    def _fill_links(self, entry: JournalEntry | None) -> None:
        self.link.clear()
        self.link.addItem(self.tr("The whole trip"), "trip:")
        for row, stop in enumerate(self._doc.stops.stops):
            self.link.addItem(f"{row + 1}. {stop.place.name}", f"stop:{stop.id}")
        for site in self._doc.sites.items:
            self.link.addItem(f"    {site.name}", f"site:{site.id}")
        if entry is not None:
            if entry.site_id:
                target = f"site:{entry.site_id}"
            elif entry.stop_id:
                target = f"stop:{entry.stop_id}"
            else:
                target = "trip:"
            self.link.setCurrentIndex(max(0, self.link.findData(target)))

    def _on_current_changed(self, current: Any, _previous: Any) -> None:
        self.flush()
        if current.isValid():
            self._show(self._doc.journal.item_at(current.row()))
        else:
            self._show(None)

    def _on_reset(self) -> None:
        self._timer.stop()
        self._show(None)
        if self._doc.journal.rowCount():
            self.select_entry(self._doc.journal.item_at(0).id)

    def _on_rows_inserted(self, _parent: Any, first: int, _last: int) -> None:
        entry = self._doc.journal.item_at(first)
        if self._entry is None or entry.id == self._entry.id:
            self.select_entry(entry.id)
            self._show(entry)

    def _on_rows_removed(self, *_args: Any) -> None:
        if self._entry is not None and self._doc.journal.row_of(self._entry.id) < 0:
            self._timer.stop()
            self._show(None)

    # -- editing --------------------------------------------------------------
    def _emit(self, **changes: object) -> None:
        if self._loading or self._entry is None:
            return
        try:
            new = self._entry.with_changes(**changes)
        except ValidationError as exc:
            self.sig_error.emit(str(exc))
            self._show(self._entry)
            return
        if new != self._entry:
            old, self._entry = self._entry, new
            self.sig_entry_edited.emit(old, new)

    def _commit_day(self) -> None:
        day = date_of(self.day)
        if day is not None:
            self._emit(day=day)

    def _commit_title(self) -> None:
        try:
            check_name(self.title.text(), "Title")
        except ValidationError as exc:
            self.sig_error.emit(str(exc))
            self._show(self._entry)
            return
        self._emit(title=self.title.text())

    def _commit_link(self) -> None:
        kind, _, number = str(self.link.currentData()).partition(":")
        target = int(number) if number else None
        if kind == "site":
            site = self._doc.sites.item_at(self._doc.sites.row_of(target))
            self._emit(site_id=target, stop_id=site.stop_id)
        elif kind == "stop":
            self._emit(stop_id=target, site_id=None)
        else:
            self._emit(stop_id=None, site_id=None)

    def _on_body_typed(self) -> None:
        if self._loading:
            return
        self.preview.document().setMarkdown(self.body.toPlainText(), _MARKDOWN)
        self._timer.start()

    def _commit_body(self) -> None:
        self._emit(body=self.body.toPlainText())
        mark_saved(self.body)

    def _on_delete(self) -> None:
        if self._entry is not None and self._entry.id is not None:
            self.sig_delete_entry.emit(self._entry.id)


def today() -> date:
    return date.today()
