from __future__ import annotations

import pytest

pytest.importorskip("PySide6.QtWebEngineWidgets")  # imported before any QApplication exists
