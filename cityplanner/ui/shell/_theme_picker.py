"""A combo box of site themes under their group's heading."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QComboBox, QWidget

from cityplanner.domain.themes import ThemeGroup, themes_by_group
from cityplanner.domain.vocabulary import Theme
from cityplanner.ui.shell._icons import theme_icon
from cityplanner.ui.shell._labels import label


class ThemePicker(QComboBox):
    """Every theme with its icon, under a "General" and a "Smart city" heading.

    The headings (and the line between the groups) have no item flags, so they can be
    neither clicked nor reached with the arrow keys or the wheel: QComboBox skips items
    that are not enabled. An item's data is its theme's value.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        headings = {
            ThemeGroup.GENERAL: self.tr("General"),
            ThemeGroup.SMART_CITY: self.tr("Smart city"),
        }
        model = QStandardItemModel(self)
        for group, themes in themes_by_group():
            heading = QStandardItem(headings[group])
            heading.setFlags(Qt.ItemFlag.NoItemFlags)
            font = heading.font()
            font.setBold(True)
            heading.setFont(font)
            heading.setData(f"heading:{group.value}", Qt.ItemDataRole.AccessibleDescriptionRole)
            model.appendRow(heading)
            for theme in themes:
                item = QStandardItem(theme_icon(theme), label(theme))
                item.setData(theme.value, Qt.ItemDataRole.UserRole)
                model.appendRow(item)
        self.setModel(model)
        # The line between two groups, above every heading but the first.
        for row in reversed(range(1, model.rowCount())):
            if model.item(row).data(Qt.ItemDataRole.UserRole) is None:
                self.insertSeparator(row)
        self.setMaxVisibleItems(model.rowCount() + 1)
        self.set_theme(next(iter(Theme)))

    def theme(self) -> Theme:
        """The chosen theme."""
        return Theme(self.currentData())

    def set_theme(self, theme: Theme) -> None:
        self.setCurrentIndex(self.findData(theme.value))

    def is_heading(self, row: int) -> bool:
        """Whether a row is a heading or a separator rather than a theme."""
        return self.itemData(row) is None
