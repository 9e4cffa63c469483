"""How each site theme looks everywhere: its group, colour and icon, defined once.

The lists, the map and its legend, the KML styles and the travelogues (HTML and PDF)
all read this table, so a theme has one colour and one icon wherever it is shown.

Icons are named by their Font Awesome 5 Free *solid* names ("utensils", "bed"). The
window draws them with qtawesome, which ships that font; the map page carries the
same outlines, taken from the same font (resources/web/theme-glyphs.js).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from cityplanner.domain.vocabulary import Theme


class ThemeGroup(StrEnum):
    """The sections of a theme picker."""

    GENERAL = "general"
    SMART_CITY = "smart-city"

    @property
    def label(self) -> str:
        return "General" if self is ThemeGroup.GENERAL else "Smart city"


@dataclass(frozen=True, slots=True)
class ThemeLook:
    group: ThemeGroup
    #: #rrggbb
    colour: str
    #: A Font Awesome 5 Free solid icon name.
    icon: str


_G, _S = ThemeGroup.GENERAL, ThemeGroup.SMART_CITY

# The colours, chosen rather than cycled from a stock palette:
# - Readable on the light basemap: each has a contrast of at least 3:1 against white
#   (WCAG's figure for graphics), because a map badge draws the colour on white
#   (planned) or white on the colour (visited); no yellow, cyan or pastel passes that.
# - Distinguishable: picked from Material Design's 600–900 shades by maximising the
#   smallest CIEDE2000 difference, within each group first (≥ 15 there, the groups are
#   what a trip mixes most) and then across groups (≥ 9; those closest pairs also
#   differ by icon, e.g. food's utensils vs mobility's bus).
# - Kept clear of the stops' red (#c62828), so a site never reads as a stop.
# - Meaning where it is free: nature and experiments green, water cyan, food warm,
#   lodging the violet of night, other grey. tests/domain/test_themes.py checks the
#   figures above, so a later change keeps them.
_LOOKS: dict[Theme, ThemeLook] = {
    Theme.SIGHT: ThemeLook(_G, "#d81b60", "camera"),
    Theme.MUSEUM: ThemeLook(_G, "#01579b", "landmark"),
    Theme.NATURE: ThemeLook(_G, "#33691e", "tree"),
    Theme.FOOD: ThemeLook(_G, "#e64a19", "utensils"),
    Theme.LODGING: ThemeLook(_G, "#5e35b1", "bed"),
    Theme.TRANSPORT: ThemeLook(_G, "#039be5", "train"),
    Theme.SHOPPING: ThemeLook(_G, "#00897b", "shopping-bag"),
    Theme.EVENT: ThemeLook(_G, "#689f38", "ticket-alt"),
    Theme.OTHER: ThemeLook(_G, "#757575", "shapes"),
    Theme.CONNECTED_CITY: ThemeLook(_S, "#1976d2", "wifi"),
    Theme.MOBILITY: ThemeLook(_S, "#ef6c00", "bus"),
    Theme.WATER: ThemeLook(_S, "#0097a7", "tint"),
    Theme.PARKING: ThemeLook(_S, "#546e7a", "parking"),
    Theme.INDEPENDENT_LIVING: ThemeLook(_S, "#6d4c41", "home"),
    Theme.AUTONOMOUS_VEHICLES: ThemeLook(_S, "#3949ab", "car"),
    Theme.ENERGY: ThemeLook(_S, "#827717", "bolt"),
    Theme.E_CITIZENSHIP: ThemeLook(_S, "#8e24aa", "users"),
    Theme.LIVING_LAB: ThemeLook(_S, "#00695c", "flask"),
    Theme.EXPERIMENT: ThemeLook(_S, "#388e3c", "lightbulb"),
    Theme.SHOWCASE: ThemeLook(_S, "#ad1457", "star"),
}

#: Every theme's look, read-only.
THEME_LOOKS: Mapping[Theme, ThemeLook] = MappingProxyType(_LOOKS)


def theme_look(theme: Theme) -> ThemeLook:
    return _LOOKS[theme]


def theme_colour(theme: Theme) -> str:
    """The theme's colour as #rrggbb."""
    return _LOOKS[theme].colour


def theme_icon_name(theme: Theme) -> str:
    """The theme's Font Awesome 5 solid icon name."""
    return _LOOKS[theme].icon


def themes_by_group() -> list[tuple[ThemeGroup, list[Theme]]]:
    """The themes under their group, both in the order pickers show them."""
    return [(group, [t for t in Theme if _LOOKS[t].group is group]) for group in ThemeGroup]


# Words in a folder or category name that say which general theme it holds, singular
# and without accents ("Cafés" → "cafe"). Smart-city themes are found by their names.
_WORDS: dict[Theme, str] = {
    Theme.SIGHT: "sight sightseeing landmark monument attraction viewpoint castle palace "
    "church cathedral temple mosque ruin",
    Theme.MUSEUM: "museum gallery exhibition musee museo",
    Theme.NATURE: "nature park garden beach lake forest wood mountain hike hiking trail "
    "waterfall zoo",
    Theme.FOOD: "food restaurant cafe coffee bar pub bakery brewery winery wine drink eat "
    "eatery dinner lunch breakfast",
    Theme.LODGING: "lodging hotel hostel motel accommodation guesthouse camping campsite "
    "airbnb stay sleep",
    Theme.TRANSPORT: "transport airport station transit",
    Theme.SHOPPING: "shopping shop store mall market souvenir",
    Theme.EVENT: "event concert festival theatre theater show opera",
}
#: Two words that mean something else than their parts.
_PHRASES: dict[tuple[str, str], Theme] = {
    ("car", "park"): Theme.PARKING,
    ("theme", "park"): Theme.SIGHT,
    ("train", "station"): Theme.TRANSPORT,
    ("bus", "station"): Theme.TRANSPORT,
}
_THEME_OF_WORD = {word: theme for theme, words in _WORDS.items() for word in words.split()}
_WORD = re.compile(r"[^\W\d_]+")


def guess_theme(text: str) -> Theme | None:
    """The general theme a name such as "Hotels" or "Cafés & bars" suggests, if any.

    The first word (or pair of words) that names one wins: "Museum café" is a museum.
    """
    words = [_singular(w) for w in _WORD.findall(_folded(text))]
    for i, word in enumerate(words):
        phrase = _PHRASES.get((word, words[i + 1] if i + 1 < len(words) else ""))
        if phrase is not None:
            return phrase
        if word in _THEME_OF_WORD:
            return _THEME_OF_WORD[word]
    return None


def _folded(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _singular(word: str) -> str:
    if word in _THEME_OF_WORD:
        return word
    for ending, replacement in (("ies", "y"), ("es", ""), ("s", "")):
        if word.endswith(ending) and word[: -len(ending)] + replacement in _THEME_OF_WORD:
            return word[: -len(ending)] + replacement
    return word
