"""Edit → Preferences…: the window's language, the distance unit, the default travel mode,
whether added photos are copied beside the database, and the size of the map's tile cache."""

from __future__ import annotations

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from cityplanner.ui.shell._editors import mode_combo
from cityplanner.ui.shell._language import LANGUAGES
from cityplanner.ui.shell._settings import Settings


class PreferencesDialog(QDialog):
    """Shows the stored preferences; OK stores the changed ones."""

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Preferences"))
        self._settings = settings
        self.language = QComboBox()
        self.language.addItem(self.tr("As the system (%1)").replace("%1", _system_name()), "")
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(settings.language())))
        self.unit = QComboBox()
        self.unit.addItem(self.tr("Kilometres (km)"), "km")
        self.unit.addItem(self.tr("Miles (mi)"), "mi")
        self.unit.setCurrentIndex(max(0, self.unit.findData(settings.distance_unit())))
        self.mode = mode_combo()
        self.mode.setCurrentIndex(max(0, self.mode.findData(settings.default_mode())))
        self.photos = QComboBox()
        self.photos.addItem(self.tr("Refer to the originals, where they are"), False)
        self.photos.addItem(self.tr("Copy them into a folder beside the database"), True)
        self.photos.setCurrentIndex(1 if settings.copy_photos() else 0)
        self.photos.setToolTip(
            self.tr(
                "A referred original that is moved is found again by its content "
                "(File → Find moved photos…); a copy moves with the database."
            )
        )
        self.map_cache = QSpinBox()
        self.map_cache.setRange(10, 10_000)
        self.map_cache.setSingleStep(50)
        self.map_cache.setSuffix(self.tr(" MB"))
        self.map_cache.setValue(settings.map_cache_megabytes())
        self.map_cache.setToolTip(
            self.tr(
                "Online map tiles the map has shown are kept for offline use, up to this size; "
                "the least recently shown go first (Map → Clear map cache… empties it)."
            )
        )
        form = QFormLayout()
        form.addRow(self.tr("&Language"), self.language)
        form.addRow(self.tr("&Distances in"), self.unit)
        form.addRow(self.tr("New stops &reached by"), self.mode)
        form.addRow(self.tr("Added &photos"), self.photos)
        form.addRow(self.tr("Map &cache up to"), self.map_cache)
        self.note = QLabel(self.tr("A new language shows from the next start of CityPlanner."))
        self.note.setWordWrap(True)
        self.note.setVisible(False)
        self.language.currentIndexChanged.connect(
            lambda _i: self.note.setVisible(self.language.currentData() != settings.language())
        )
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(buttons)
        self.setMinimumWidth(380)

    def accept(self) -> None:
        self._settings.set_language(str(self.language.currentData()))
        self._settings.set_distance_unit(str(self.unit.currentData()))
        self._settings.set_default_mode(str(self.mode.currentData()))
        self._settings.set_copy_photos(bool(self.photos.currentData()))
        self._settings.set_map_cache_megabytes(self.map_cache.value())
        super().accept()

    @property
    def language_changed(self) -> bool:
        return bool(self.language.currentData() != self._settings.language())


def _system_name() -> str:
    return QLocale.system().nativeLanguageName() or "English"
