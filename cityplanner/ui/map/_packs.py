"""The Map menu's map packs and online tile cache: adding and removing packs (undoable),
remembering them and the layers the person turned on, and emptying the cache.

A pack is checked when it is added (`cityplanner.maps.map_packs.open_pack`), and a file
that is not a usable pack is refused with one message, changing nothing. The packs
remembered from an earlier run are opened again at start; one that cannot be (a drive
not plugged in, a file gone) is said once in the status bar, skipped, and kept in the
list so that it is back when the file is.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QMessageBox

from cityplanner.domain.errors import CityPlannerError
from cityplanner.maps.map_packs import MapPack, PackShelf, open_pack, pack_id
from cityplanner.maps.tile_cache import TileCache
from cityplanner.ui.map._tiles import OSM_TILES
from cityplanner.ui.map._view import MapView
from cityplanner.ui.shell import StoreCommand, WindowContext, ask_open_path, make_action

log = logging.getLogger(__name__)

OSM_LAYER = "osm"


class _PackCommand(StoreCommand):
    """Adds or removes one pack; undo does the other."""

    def __init__(self, text: str, packs: MapPacks, pack: MapPack, *, adding: bool) -> None:
        super().__init__(text)
        self._packs, self._pack, self._adding = packs, pack, adding

    def _do(self) -> None:
        self._apply(self._adding)

    def _undo(self) -> None:
        self._apply(not self._adding)

    def _apply(self, add: bool) -> None:
        if add:
            self._packs.add_open(self._pack)
        else:
            self._packs.remove_path(str(self._pack.info.path))


class MapPacks(QObject):
    """The map's optional layers: the packs, the online layer's cache, and which are on."""

    sig_changed = Signal()
    """The packs listed on the map changed: the map must be drawn again."""

    def __init__(self, ctx: WindowContext, view: MapView) -> None:
        super().__init__(ctx)
        self._ctx, self._view = ctx, view
        self._shelf: PackShelf = view.tiles.packs
        self._paths: list[str] = ctx.settings.map_packs()
        self._shown: set[str] = set(ctx.settings.shown_map_layers())
        self._names: dict[str, str] = {}
        osm = view.tiles.osm
        osm.cache_limit = lambda: ctx.settings.map_cache_megabytes() * 1_000_000
        osm.set_cache(TileCache)
        self._shelf.close()  # the packs of a window closed before this one
        osm.sig_cache_unwritable.connect(self._on_cache_unwritable)
        view.sig_layer_shown.connect(self._on_layer_shown)
        w = ctx.window
        self.act_add = make_action(
            w, self.tr("Add map &pack…"), self.ask_and_add, shortcut="Ctrl+Alt+M"
        )
        self.act_clear_cache = make_action(w, self.tr("C&lear map cache…"), self.clear_cache)
        self.remove_menu = QMenu(self.tr("&Remove map pack"), w)
        self.remove_menu.aboutToShow.connect(self._fill_remove_menu)
        self._reopen_remembered()

    # -- what the map lists -------------------------------------------------------------
    def page_layers(self) -> dict[str, Any]:
        """The optional layers as the page's data lists them (resources/web/packs.js):
        plain values, for the thread that builds the page."""
        packs = [
            info.layer(shown=info.id in self._shown)
            for info in sorted(self._shelf.infos(), key=lambda i: self._order(str(i.path)))
        ]
        return {"packs": packs, "osmTiles": OSM_TILES, "osmShown": OSM_LAYER in self._shown}

    def shown_packs(self) -> list[MapPack]:
        """The open packs the person has on the map, in the order they were added."""
        packs = [self._shelf.get(pack_id(path)) for path in self._paths]
        return [p for p in packs if p is not None and p.info.id in self._shown]

    def _publish(self) -> None:
        self.remove_menu.setEnabled(bool(self._paths))

    def _order(self, path: str) -> int:
        return self._paths.index(path) if path in self._paths else len(self._paths)

    def _on_layer_shown(self, layer_id: str, shown: bool) -> None:
        if shown:
            self._shown.add(layer_id)
        else:
            self._shown.discard(layer_id)
        self._ctx.settings.set_shown_map_layers(sorted(self._shown))
        self._publish()

    def _reopen_remembered(self) -> None:
        missing: list[str] = []
        for path in self._paths:
            try:
                pack = open_pack(path)
            except CityPlannerError as exc:
                log.info("A remembered map pack cannot be opened: %s", exc)
                missing.append(Path(path).name)
                continue
            self._shelf.add(pack)
            self._names[path] = pack.info.name
        self._publish()
        if missing:
            self._ctx.show_message(
                self.tr("Map packs not found, left off the map: {names}").format(
                    names=", ".join(missing)
                ),
                10000,
            )

    # -- adding and removing ------------------------------------------------------------
    def ask_and_add(self) -> None:
        chosen = ask_open_path(
            self._ctx,
            "map-pack",
            self.tr("Add a map pack"),
            self.tr("Map packs (*.mbtiles *.pmtiles);;All files (*)"),
        )
        if chosen is not None:
            self.add_file(chosen)

    def add_file(self, path: Path) -> bool:
        """Open, check and add a pack, as one undoable step; False (with a message) if refused."""
        if str(path.expanduser().absolute()) in self._paths and self._shelf.get(pack_id(path)):
            self._ctx.show_message(self.tr("That map pack is on the map already."), 6000)
            return False
        try:
            with self._ctx.busy_cursor():
                pack = open_pack(path)
        except CityPlannerError as exc:
            self._ctx.show_error(str(exc))
            return False
        # A new pack is shown at once: the person just asked for it.
        self._shown.add(pack.info.id)
        self._ctx.settings.set_shown_map_layers(sorted(self._shown))
        text = self.tr("Add map pack {name}").format(name=pack.info.name)
        if not self._ctx.push(_PackCommand(text, self, pack, adding=True)):
            return False
        self._ctx.show_message(
            self.tr("Added the map pack {name} (zoom {low} to {high}).").format(
                name=pack.info.name, low=pack.info.min_zoom, high=pack.info.max_zoom
            ),
            8000,
        )
        return True

    def remove(self, path: str) -> None:
        """Take a pack off the map and out of the list, as one undoable step."""
        pack = self._shelf.get(pack_id(path))
        if pack is None:
            # Not open (its file was missing at start): forgetting it needs no undo.
            self.remove_path(path)
            return
        text = self.tr("Remove map pack {name}").format(name=pack.info.name)
        self._ctx.push(_PackCommand(text, self, pack, adding=False))

    def add_open(self, pack: MapPack) -> None:
        path = str(pack.info.path.expanduser().absolute())
        self._shelf.add(pack)
        self._names[path] = pack.info.name
        if path not in self._paths:
            self._paths.append(path)
        self._ctx.settings.set_map_packs(self._paths)
        self._publish()
        self.sig_changed.emit()

    def remove_path(self, path: str) -> None:
        # The pack object stays with the undo command, which may add it back; its file
        # handle is closed only when the application ends.
        self._shelf.take(pack_id(path))
        self._paths = [p for p in self._paths if p != path]
        self._ctx.settings.set_map_packs(self._paths)
        self._publish()
        self.sig_changed.emit()

    def _fill_remove_menu(self) -> None:
        self.remove_menu.clear()
        for path in self._paths:
            name = self._names.get(path) or Path(path).name
            label = (
                name
                if self._shelf.get(pack_id(path))
                else self.tr("{name} (not found)").format(name=name)
            )
            action = QAction(label.replace("&", "&&"), self.remove_menu)
            action.setToolTip(path)
            action.triggered.connect(lambda _checked=False, p=path: self.remove(p))
            self.remove_menu.addAction(action)

    def actions(self) -> list[QAction]:
        return [self.act_add, self.act_clear_cache]

    # -- the cache of online tiles ------------------------------------------------------
    def clear_cache(self) -> None:
        cache = self._view.tiles.osm.cache
        size = cache.size()
        megabytes = self.tr("{size} MB").format(size=f"{size / 1_000_000:.1f}")
        if not cache.writable:
            self._ctx.show_error(
                self.tr("The map cache cannot be used: {problem}").format(problem=cache.problem)
            )
            return
        answer = QMessageBox.question(
            self._ctx.window,
            self.tr("Clear map cache"),
            self.tr(
                "Delete the {count} online map tiles kept for offline use ({size})?\n"
                "The online layer fetches them again when it shows them."
            ).format(count=cache.count(), size=megabytes),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        cache.clear()
        self._ctx.show_message(
            self.tr("Cleared the map cache ({size}).").format(size=megabytes), 6000
        )

    def _on_cache_unwritable(self, problem: str) -> None:
        self._ctx.show_message(
            self.tr(
                "Online map tiles are shown but not kept for offline use: "
                "the cache folder cannot be written ({problem})."
            ).format(problem=problem),
            15000,
        )
