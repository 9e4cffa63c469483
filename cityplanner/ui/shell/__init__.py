"""What every feature of the window shares, and nothing feature-specific.

The open document and the item models of the shown trip, the base of every undo
command, the context each feature is given, settings, icons, background tasks,
the shortcut list and the crash reporter. Nothing here imports a feature.
"""

from cityplanner.ui.shell._actions import make_action
from cityplanner.ui.shell._app_actions import AppActions
from cityplanner.ui.shell._ask import TextDialog, ask_text, refusal_label
from cityplanner.ui.shell._commands import EditCommand, StoreCommand, saved_id
from cityplanner.ui.shell._context import WindowContext
from cityplanner.ui.shell._counts import (
    distance,
    distance_figure,
    distance_unit,
    for_rich_text,
    money,
    number,
    plural,
    set_distance_unit,
)
from cityplanner.ui.shell._crash import CrashReporter
from cityplanner.ui.shell._dates import long_day, short_day, span_label
from cityplanner.ui.shell._document import TripDocument
from cityplanner.ui.shell._editors import (
    DateDelegate,
    DateEdit,
    ModeDelegate,
    NightsDelegate,
    coordinate_box,
    date_edit,
    date_of,
    mode_combo,
    nights_spin,
    set_date,
    set_mode,
)
from cityplanner.ui.shell._files import ask_export_path, ask_open_path
from cityplanner.ui.shell._icons import conflict_icon, icon, theme_glyph, theme_icon
from cityplanner.ui.shell._labels import label, mode_label, mode_phrase
from cityplanner.ui.shell._language import (
    LANGUAGES,
    InstalledLanguage,
    babel_locale,
    chosen_language,
    install_translators,
    window_language,
)
from cityplanner.ui.shell._models import JournalModel, PhotosModel, SitesModel, TripsModel
from cityplanner.ui.shell._refresh import RefreshWhenShown
from cityplanner.ui.shell._settings import Settings
from cityplanner.ui.shell._shortcuts import ShortcutsDialog
from cityplanner.ui.shell._stops_model import StopsModel, format_hours
from cityplanner.ui.shell._theme_picker import ThemePicker
from cityplanner.ui.shell._thumbnails import ThumbnailCache, photos_icon, placeholder_icon
from cityplanner.ui.shell._undo_keys import has_unsaved_typing, mark_saved
from cityplanner.ui.shell._workers import TaskRunner, wait_until

__all__ = [
    "LANGUAGES",
    "AppActions",
    "CrashReporter",
    "DateDelegate",
    "DateEdit",
    "EditCommand",
    "InstalledLanguage",
    "JournalModel",
    "ModeDelegate",
    "NightsDelegate",
    "PhotosModel",
    "RefreshWhenShown",
    "Settings",
    "ShortcutsDialog",
    "SitesModel",
    "StopsModel",
    "StoreCommand",
    "TaskRunner",
    "TextDialog",
    "ThemePicker",
    "ThumbnailCache",
    "TripDocument",
    "TripsModel",
    "WindowContext",
    "ask_export_path",
    "ask_open_path",
    "ask_text",
    "babel_locale",
    "chosen_language",
    "conflict_icon",
    "coordinate_box",
    "date_edit",
    "date_of",
    "distance",
    "distance_figure",
    "distance_unit",
    "for_rich_text",
    "format_hours",
    "has_unsaved_typing",
    "icon",
    "install_translators",
    "label",
    "long_day",
    "make_action",
    "mark_saved",
    "mode_combo",
    "mode_label",
    "mode_phrase",
    "money",
    "nights_spin",
    "number",
    "photos_icon",
    "placeholder_icon",
    "plural",
    "refusal_label",
    "saved_id",
    "set_date",
    "set_distance_unit",
    "set_mode",
    "short_day",
    "span_label",
    "theme_glyph",
    "theme_icon",
    "wait_until",
    "window_language",
]
