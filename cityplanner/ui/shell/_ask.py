"""A one-line question whose answer is checked before the dialog closes.

A refused answer keeps the dialog open with what was typed and the reason under the
field, so nothing typed is lost to a message box.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from cityplanner.domain.errors import CityPlannerError

#: The colour of a refusal written next to a field.
REFUSAL_STYLE = "color: #b00020;"


def refusal_label() -> QLabel:
    """A label for the reason a value was refused: red, wrapped, hidden until needed."""
    label = QLabel()
    label.setStyleSheet(REFUSAL_STYLE)
    label.setWordWrap(True)
    label.hide()
    return label


class TextDialog(QDialog):
    """Asks for one line of text; `check` raises CityPlannerError to refuse it."""

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        label: str,
        check: Callable[[str], object],
        *,
        text: str = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self._check = check
        self.field = QLineEdit(text)
        self.field.selectAll()
        self.reason = refusal_label()
        question = QLabel(label)
        question.setBuddy(self.field)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.field.textEdited.connect(lambda _text: self.reason.hide())
        layout = QVBoxLayout(self)
        layout.addWidget(question)
        layout.addWidget(self.field)
        layout.addWidget(self.reason)
        layout.addWidget(buttons)
        self.setMinimumWidth(360)

    def accept(self) -> None:
        try:
            self._check(self.field.text())
        except CityPlannerError as exc:
            self.reason.setText(str(exc))
            self.reason.show()
            self.field.setFocus()
            return
        super().accept()

    @property
    def text(self) -> str:
        return self.field.text()


def ask_text(
    parent: QWidget | None,
    title: str,
    label: str,
    check: Callable[[str], object],
    *,
    text: str = "",
) -> str | None:
    """The accepted answer, or None when the person cancelled."""
    dialog = TextDialog(parent, title, label, check, text=text)
    return dialog.text if dialog.exec() == QDialog.DialogCode.Accepted else None
