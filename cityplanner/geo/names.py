"""Fold place names to search keys: case-, accent- and punctuation-insensitive, any script.

The same folding is applied to the names stored in the gazetteer and to what
the user types, so that "Reykjavik" finds "Reykjavík", "ERIVAN" finds "Erivan"
and "Երևան" finds the Armenian spelling whichever Unicode form it was typed in.
"""

from __future__ import annotations

import unicodedata

#: Longest query text looked at; a search box never needs more.
MAX_QUERY_CHARS = 200
#: Words looked at in one query; more words only narrow a match that is already empty.
MAX_QUERY_WORDS = 8


class _FoldTable(dict[int, int | None]):
    """Map combining marks to nothing (unless kept) and separators to a space, learning as it goes.

    A word is made of letters, digits, private-use characters and spacing marks
    (so that Indic vowel signs stay inside their word); everything else
    (punctuation, symbols, spaces, format and control characters) separates words.
    Characters are classified on first sight rather than all at import, which
    would cost half a second at every start.
    """

    def __init__(self, *, keep_marks: bool = False) -> None:
        super().__init__()
        self._keep_marks = keep_marks

    def __missing__(self, code: int) -> int | None:
        category = unicodedata.category(chr(code))
        value: int | None = code
        if category == "Mn":
            value = code if self._keep_marks else None
        elif category[0] in "PSZ" or category in ("Cc", "Cf", "Cs"):
            value = _SPACE
        self[code] = value
        return value


_SPACE = ord(" ")
_FOLD = _FoldTable()
_FOLD_KEEPING_MARKS = _FoldTable(keep_marks=True)


def fold(text: str) -> str:
    """The search key of a name: folded case, no accents, words joined by one space."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join(decomposed.translate(_FOLD).split())


def fold_as_typed(text: str) -> str:
    """Like `fold`, but the accents stay: "Vík" stays "vík" where `fold` gives "vik".

    Used to prefer, among names that fold alike, the one spelled as the user typed it.
    """
    decomposed = unicodedata.normalize("NFKD", text[:MAX_QUERY_CHARS].casefold())
    return unicodedata.normalize("NFC", " ".join(decomposed.translate(_FOLD_KEEPING_MARKS).split()))


def words(text: str) -> list[str]:
    """The folded words of a query, bounded in length and number."""
    return fold(text[:MAX_QUERY_CHARS]).split()[:MAX_QUERY_WORDS]


def fts_term(word: str, *, prefix: bool = False) -> str:
    """One folded word as an FTS5 string literal, so no query text is read as syntax."""
    quoted = '"' + word.replace('"', '""') + '"'
    return quoted + "*" if prefix else quoted
