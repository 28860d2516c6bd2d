"""The values of one release: what ``fill`` writes and ``parse`` reads back."""

from __future__ import annotations

import datetime as dt
import enum
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from .dates import format_date, parse_date
from .errors import FieldValueError
from .text import UNSEEN_PRINTABLE, hidden, shown

__all__ = ["Consent", "Release", "format_date", "parse_date"]


class Consent(enum.Enum):
    """The speaker's answer in the Accept / Decline boxes."""

    NONE = "none"
    """Neither box is checked (the speaker has not answered yet)."""
    ACCEPT = "accept"
    """The Accept box is checked."""
    DECLINE = "decline"
    """The Decline box is checked."""
    BOTH = "both"
    """Both boxes are checked: only ever read from a return, never filled."""

    @classmethod
    def coerce(cls, value: Consent | str | None, *, field: str = "consent") -> Consent:
        """``Consent`` from an enum member, its value (any case) or ``None``."""
        if value is None or isinstance(value, Consent):
            return value or cls.NONE
        text = value.strip().lower()
        if text == "":
            return cls.NONE
        for member in cls:
            if member.value == text:
                return member
        raise FieldValueError(
            f"{value!r} is not a consent; use accept, decline or none", field=field
        )


_COMPATIBILITY_IDEOGRAPH = re.compile("([\uf900-\ufaff\U0002f800-\U0002fa1f])")
"""CJK compatibility ideographs: NFC maps most to their unified ideograph (U+FA10 塚 to
U+585A 塚, U+FA19 神 to U+795E 神), which fonts draw otherwise; a name typed with one is
written with that form."""


def _nfc(text: str) -> str:
    """``text`` in NFC, but for its CJK compatibility ideographs, kept as typed."""
    if not _COMPATIBILITY_IDEOGRAPH.search(text):
        return unicodedata.normalize("NFC", text)
    parts = _COMPATIBILITY_IDEOGRAPH.split(text)  # odd places: the ideographs
    return "".join(p if at % 2 else unicodedata.normalize("NFC", p) for at, p in enumerate(parts))


def _clean_text(value: str | None, field: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise FieldValueError(f"expected text, got {type(value).__name__}", field=field)
    text = " ".join(value.split())
    # Fast paths (filling calls this for every value of every release): ASCII is its own
    # NFC form, and a printable text has no character of the categories refused below
    # (str.isprintable is false for every "Other" category: Cc, Cf, Cs, Co, Cn).
    if not text.isascii():
        text = _nfc(text)
    if text.isprintable():
        # no "Other" nor "Separator" but the space: of what parse calls hidden, only the
        # fillers and the variation selectors can be here
        unseen = UNSEEN_PRINTABLE.search(text)
        if unseen is not None:
            raise _hidden_error(unseen[0], field)
        return text or None
    for char in text:
        if unicodedata.category(char) in ("Cc", "Cs", "Co", "Cn"):
            raise FieldValueError(
                f"character U+{ord(char):04X} cannot be printed on a release", field=field
            )
    # what parse would call hidden (a bidi control, a zero-width space): refused here,
    # not issued to be questioned (a join control inside a Persian or Indic word is how
    # the word is written, and stays)
    for char in shown(text):
        if hidden(char):
            raise _hidden_error(char, field)
    return text or None


def _hidden_error(char: str, field: str) -> FieldValueError:
    return FieldValueError(
        f"character U+{ord(char):04X} ({unicodedata.name(char, 'unnamed')}) does not show "
        "on a release, or reorders what does: leave it out",
        field=field,
    )


@dataclass(frozen=True, slots=True)
class Release:
    """The values of one publishing release.

    Text is stored NFC-normalised with runs of whitespace collapsed; dates are
    :class:`datetime.date`; an absent value is ``None``. Construct it with
    :meth:`Release.create` to accept strings for dates and consent.
    """

    speaker_name: str
    """The speaker's name, printed in the preamble, "I, <name>, agree that:" and "Name (Print):"."""
    event_title: str
    """The title of the talk or paper ("EventTitle:")."""
    event_date: dt.date
    """The date of the event ("Date:" under the title)."""
    effective_date: dt.date | None = None
    """The agreement's effective date; ``fill`` uses today's date when absent."""
    consent: Consent = Consent.NONE
    """The speaker's answer; usually left to the speaker."""
    signature: str | None = None
    """A typed signature in the speaker's signature box."""
    sign_date: dt.date | None = None
    """The date beside the speaker's signature."""
    countersigner_name: str | None = None
    """Who signs for the conference; the form's default when absent."""
    countersigner_signature: str | None = None
    """A typed signature in the countersigner's box."""
    countersign_date: dt.date | None = None
    """The date beside the countersignature."""
    release_id: str | None = None
    """The issuance identifier; ``fill`` makes a fresh one when absent."""
    extra: Mapping[str, str] = field(default_factory=dict, hash=False)
    """Values a form asks beyond the standard ones (``affiliation``, ``email``), by key."""

    def __post_init__(self) -> None:
        for name in ("speaker_name", "event_title"):
            value = _clean_text(getattr(self, name), name)
            if not value:
                raise FieldValueError("a value is required", field=name)
            object.__setattr__(self, name, value)
        for name in ("signature", "countersigner_name", "countersigner_signature", "release_id"):
            object.__setattr__(self, name, _clean_text(getattr(self, name), name))
        for name in ("event_date", "effective_date", "sign_date", "countersign_date"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, parse_date(value, field=name))
        object.__setattr__(self, "consent", Consent.coerce(self.consent))
        extra = {}
        for key, value in dict(self.extra or {}).items():
            if key in _STANDARD:
                raise FieldValueError("a standard value, not an extra one", field=key)
            text = _clean_text(value, key)
            if text is not None:
                extra[str(key)] = text
        object.__setattr__(self, "extra", extra)
        if self.consent is Consent.BOTH:
            raise FieldValueError(
                "a release cannot be issued with both boxes checked", field="consent"
            )

    @classmethod
    def field_names(cls) -> tuple[str, ...]:
        """The standard value names, in order (``extra`` holds the rest)."""
        if cls is Release:  # computed once: filling asks for every value of every release
            return _FIELD_NAMES
        return tuple(f.name for f in fields(cls) if f.name != "extra")

    @classmethod
    def create(cls, **values: Any) -> Release:
        """A release from loose values (strings for dates and consent, blanks for absent).

        An unknown name raises :class:`FieldValueError` naming it.
        """
        known = _KNOWN if cls is Release else {*cls.field_names(), "extra"}
        for name in values:
            if name not in known:
                raise FieldValueError(
                    f"unknown field; known fields are {', '.join(sorted(known))}", field=name
                )
        cleaned = {
            k: (None if isinstance(v, str) and not v.strip() else v) for k, v in values.items()
        }
        for required in ("speaker_name", "event_title", "event_date"):
            if cleaned.get(required) is None:
                raise FieldValueError("a value is required", field=required)
        return cls(**cleaned)  # type: ignore[arg-type]  # __post_init__ checks and converts

    def with_defaults(
        self,
        *,
        today: dt.date | None,
        countersigner_name: str | None,
        release_id: str | None = None,
    ) -> Release:
        """This release with the effective date (``today``, when the form has one), the
        countersigner and the release id filled in where absent.

        Only those three are checked again (filling calls this for every release: a
        ``replace`` cleaned and normalised every value a second time)."""
        out = object.__new__(type(self))
        names = _SLOTS if type(self) is Release else tuple(f.name for f in fields(self))
        for name in names:
            object.__setattr__(out, name, getattr(self, name))
        if self.effective_date is None and today is not None:
            object.__setattr__(out, "effective_date", parse_date(today, field="effective_date"))
        if self.countersigner_name is None:
            signer = _clean_text(countersigner_name, "countersigner_name")
            object.__setattr__(out, "countersigner_name", signer)
        if self.release_id is None:
            object.__setattr__(out, "release_id", _clean_text(release_id, "release_id"))
        return out

    def value(self, key: str) -> object:
        """The value of a standard name or an extra key (``None`` when absent)."""
        if key in _STANDARD:
            return getattr(self, key)
        return self.extra.get(key)

    def values(self) -> dict[str, str | None]:
        """The values as text, dates in ISO form: for JSON, CSV and the issuance digest.

        Extra values follow the standard ones, under their own keys.
        """
        out: dict[str, str | None] = {}
        for name in self.field_names():
            value = getattr(self, name)
            if isinstance(value, dt.date):
                out[name] = value.isoformat()
            elif isinstance(value, Consent):
                out[name] = value.value
            else:
                out[name] = value
        out.update(sorted(self.extra.items()))
        return out


_FIELD_NAMES: tuple[str, ...] = tuple(f.name for f in fields(Release) if f.name != "extra")
_SLOTS: tuple[str, ...] = tuple(f.name for f in fields(Release))
_STANDARD = frozenset(_FIELD_NAMES)
_KNOWN = frozenset({*_FIELD_NAMES, "extra"})
