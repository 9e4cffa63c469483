"""Photos of the shown trip: adding them after a preview, the strip, moving and relinking."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QMimeData, QObject, Qt, QTimer, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu

from cityplanner.domain.photos import Photo
from cityplanner.domain.validation import check_name
from cityplanner.ui.photos._commands import (
    AddPhotosCommand,
    CaptionPhotoCommand,
    PlacePhotosCommand,
    RemovePhotosCommand,
)
from cityplanner.ui.photos._places import MoveDialog, destinations
from cityplanner.ui.photos._preview import PreviewDialog
from cityplanner.ui.photos._relink import Relinking
from cityplanner.ui.photos._strip import PhotoStrip
from cityplanner.ui.shell import WindowContext, ask_text, make_action, photos_icon, plural

log = logging.getLogger(__name__)

#: File name endings offered and taken from a drop (HEIC is read with the `heic` extra;
#: without it the preview says so).
PHOTO_SUFFIXES = (".jpg", ".jpeg", ".jpe", ".png", ".webp", ".heic", ".heif", ".hif")


class PhotosFeature(QObject):
    """File → Add photos…, photos dropped on the window, the strip and its commands."""

    def __init__(self, ctx: WindowContext) -> None:
        super().__init__(ctx)
        self._ctx = ctx
        doc = ctx.doc
        self.strip = PhotoStrip(doc)
        self.relinking = Relinking(ctx)
        self._build_actions()
        strip = self.strip
        menu = QMenu(strip)
        menu.addActions([self.act_add, self.act_add_folder])
        strip.add_button.setMenu(menu)
        strip.add_button.setDefaultAction(self.act_add)
        strip.missing_button.clicked.connect(self.relinking.ask)
        strip.view.activated.connect(lambda _index: self.open_photo())
        strip.view.selectionModel().selectionChanged.connect(lambda *_a: self._enable())
        doc.sig_photos_changed.connect(self._on_photos_changed)
        doc.sig_sites_changed.connect(strip.refresh)
        # Counted once thumbnails stop arriving, not once for each of 200 of them.
        self._recount = QTimer(self, singleShot=True, interval=150)
        self._recount.timeout.connect(self._count_missing)
        doc.thumbnails.sig_files_checked.connect(self._count_missing)
        doc.thumbnails.sig_ready.connect(lambda _sha: self._recount.start())
        self._enable()

    def _build_actions(self) -> None:
        w, view = self._ctx.window, self.strip.view
        self.act_add = make_action(
            w, self.tr("Add &photos…"), self.add_photos, shortcut="Ctrl+Shift+I"
        )
        self.act_add.setIcon(photos_icon())
        self.act_add_folder = make_action(w, self.tr("Add a &folder of photos…"), self.add_folder)
        self.act_relink = make_action(w, self.tr("Find mo&ved photos…"), self.relinking.ask)
        self.act_open = make_action(w, self.tr("&Open"), self.open_photo)
        self.act_open_folder = make_action(w, self.tr("Open containing &folder"), self.open_folder)
        self.act_caption = make_action(w, self.tr("Edit &caption…"), self.edit_caption)
        self.act_caption.setShortcut(QKeySequence(Qt.Key.Key_F2))
        self.act_move = make_action(w, self.tr("&Move to…"), self.move_selected)
        self.act_remove = make_action(w, self.tr("&Remove from trip"), self.remove_selected)
        self.act_remove.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        for action in (self.act_caption, self.act_remove):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        separator = QAction(view)
        separator.setSeparator(True)
        view.addActions(
            [
                self.act_open,
                self.act_open_folder,
                separator,
                self.act_caption,
                self.act_move,
                self.act_remove,
            ]
        )

    def actions(self) -> list[QAction]:
        """The actions of the window's menus (the strip's own are on the strip)."""
        return [self.act_add, self.act_add_folder, self.act_relink]

    def shutdown(self) -> None:
        """The window closes: stop making thumbnails."""
        self._ctx.doc.thumbnails.shutdown()

    # -- what the strip shows -----------------------------------------------------------
    def show_stop(self, stop_id: int | None) -> None:
        stops = self._ctx.doc.stops
        row = stops.row_of(stop_id)
        self.strip.show_stop(stop_id, stops.stop_at(row).place.name if row >= 0 else "")

    def show_site(self, site_id: int) -> None:
        sites = self._ctx.doc.sites
        row = sites.row_of(site_id)
        if row >= 0:
            site = sites.item_at(row)
            self.strip.show_site(site_id, site.stop_id, site.name)

    def select_photo(self, photo_id: int) -> None:
        """A photo was chosen elsewhere (its marker on the map): select it in the strip.

        Later, not now: the map selects the photo's stop or site right after, which
        refills the strip first."""
        QTimer.singleShot(0, self.strip, lambda: self.strip.select_photo(photo_id))

    def _on_photos_changed(self) -> None:
        strip, stops = self.strip, self._ctx.doc.stops
        if strip.stop_id is not None and stops.row_of(strip.stop_id) < 0:
            strip.show_stop(None, "")  # another trip is shown, or its stop was removed
        strip.refresh()
        self._ctx.doc.thumbnails.check_files(self._ctx.doc.photos)
        self._enable()

    def _count_missing(self) -> None:
        doc = self._ctx.doc
        self.strip.set_missing(sum(1 for p in doc.photos if doc.thumbnails.is_missing(p)))

    def _enable(self) -> None:
        chosen = bool(self.strip.selected_photos())
        for action in (self.act_open, self.act_open_folder, self.act_caption, self.act_move):
            action.setEnabled(chosen)
        self.act_remove.setEnabled(chosen)

    # -- adding -------------------------------------------------------------------------
    def add_photos(self) -> None:
        """Choose photo files, then preview where they go."""
        ctx = self._ctx
        if not self._has_trip():
            return
        pattern = self.tr("Photos ({patterns});;All files (*)").format(
            patterns=" ".join(f"*{s}" for s in PHOTO_SUFFIXES)
        )
        chosen, _ = QFileDialog.getOpenFileNames(
            ctx.window, self.tr("Add photos"), ctx.settings.last_folder("photos"), pattern
        )
        if chosen:
            ctx.settings.set_last_folder("photos", str(Path(chosen[0]).parent))
            self.preview([Path(c) for c in chosen])

    def add_folder(self) -> None:
        """Choose a folder: every photo in it (and in folders inside it) is previewed."""
        ctx = self._ctx
        if not self._has_trip():
            return
        chosen = QFileDialog.getExistingDirectory(
            ctx.window, self.tr("Add a folder of photos"), ctx.settings.last_folder("photos")
        )
        if chosen:
            ctx.settings.set_last_folder("photos", str(Path(chosen).parent))
            self.preview([Path(chosen)])

    def preview(self, paths: Sequence[Path]) -> None:
        """Read `paths` in the background, show where each photo goes; OK adds them all."""
        ctx = self._ctx
        trip_id = ctx.doc.trip_id
        if trip_id is None or not self._has_trip():
            return
        folder = ctx.store.photos.copies_folder
        copy = ctx.settings.copy_photos() and folder is not None
        dialog = PreviewDialog(
            paths, ctx.doc, ctx.runner, copy_into=folder if copy else None, parent=ctx.window
        )
        accepted = dialog.exec()
        photos = dialog.photos(trip_id) if accepted else []
        dialog.deleteLater()
        if not photos:
            return
        command = AddPhotosCommand(ctx.doc, trip_id, photos, copy=copy)
        with ctx.busy_cursor():
            pushed = ctx.push(command)
        if pushed:
            added = command.added
            ctx.show_message(
                self.tr("Added {photos} to the trip.").format(photos=plural(len(added), "photo")),
                8000,
            )
            if added:
                self.strip.select_photo(added[0].id)

    def _has_trip(self) -> bool:
        if self._ctx.doc.trip_id is None:
            self._ctx.show_error(self.tr("Create or select a trip first."))
            return False
        return True

    # -- files dropped on the window ----------------------------------------------------
    def accepts(self, mime: QMimeData) -> bool:
        """True if a drop carries photo files or folders."""
        return bool(dropped_photos(mime))

    def drop(self, mime: QMimeData) -> bool:
        """Preview the dropped photos once the drop has ended; False if there are none."""
        paths = dropped_photos(mime)
        if not paths:
            return False
        # Leave the drop handler first, so that the dragging application is released.
        QTimer.singleShot(0, lambda: self.preview(paths))
        return True

    # -- the strip's commands -------------------------------------------------------------
    def open_photo(self) -> None:
        photo = self.strip.current_photo()
        if photo is None:
            return
        if not Path(photo.path).is_file():
            self._ctx.show_error(
                self.tr("{name} is no longer at {path}.").format(
                    name=photo.file_name, path=photo.path
                )
            )
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(photo.path))

    def open_folder(self) -> None:
        photo = self.strip.current_photo()
        if photo is not None:
            folder = Path(photo.path).parent
            if folder.is_dir():
                QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
            else:
                self._ctx.show_error(self.tr("{folder} is gone.").format(folder=folder))

    def edit_caption(self) -> None:
        photo = self.strip.current_photo()
        if photo is None:
            return
        caption = ask_text(
            self._ctx.window,
            self.tr("Caption"),
            self.tr("Caption of {name}:").format(name=photo.file_name),
            caption_of,
            text=photo.caption,
        )
        if caption is not None and caption_of(caption) != photo.caption:
            self._ctx.push(CaptionPhotoCommand(self._ctx.doc, photo, caption_of(caption)))

    def remove_selected(self) -> None:
        photos = self.strip.selected_photos()
        trip_id = self._ctx.doc.trip_id
        if photos and trip_id is not None:
            ids = [p.id for p in photos if p.id is not None]
            if self._ctx.push(RemovePhotosCommand(self._ctx.doc, trip_id, ids)):
                text = self.tr(
                    "Removed {photos} from the trip; the files were left where they are."
                )
                self._ctx.show_message(text.format(photos=plural(len(ids), "photo")), 8000)

    def move_selected(self) -> None:
        photos = self.strip.selected_photos()
        if not photos:
            return
        choices = destinations(self._ctx.doc)
        first = photos[0]
        dialog = MoveDialog(choices, (first.stop_id, first.site_id), len(photos), self._ctx.window)
        if dialog.exec():
            self.move(photos, dialog.chosen.stop_id, dialog.chosen.site_id, dialog.chosen.label)

    def move(
        self, photos: Sequence[Photo], stop_id: int | None, site_id: int | None, where: str
    ) -> None:
        """Place `photos` on a stop or site by hand (or nowhere), in one undo step."""
        moving = [p for p in photos if (p.stop_id, p.site_id) != (stop_id, site_id)]
        if moving:
            command = PlacePhotosCommand(
                self._ctx.doc, moving, stop_id=stop_id, site_id=site_id, where=where.strip()
            )
            self._ctx.push(command)


def caption_of(text: str) -> str:
    """A caption as it is kept: one line as long as a name at most, or "" for none."""
    return check_name(text, "Caption") if text.strip() else ""


def dropped_photos(mime: QMimeData) -> list[Path]:
    """The photo files and folders among a drop's local files."""
    if not mime.hasUrls():
        return []
    out = []
    for url in mime.urls():
        if url.isLocalFile():
            path = Path(url.toLocalFile())
            if path.suffix.lower() in PHOTO_SUFFIXES or path.is_dir():
                out.append(path)
    return out
