"""Every finding code pubrelease reports: one Enum owns them all.

A code is a stable identifier that reports, scripts and people filter on. Reading
(:mod:`pubrelease.reading`) records what only the file can show; verify adds what
follows from the values, the roster and the rules. A finding with a code that is
not listed here cannot be made.
"""

from __future__ import annotations

import enum

__all__ = ["Code"]


class Code(enum.StrEnum):
    """A finding's code (its value is what JSON, CSV and HTML reports show)."""

    # -- the file cannot be read as a release
    UNREADABLE = "unreadable"
    # -- what the file shows: wording, values, boxes, history (reading)
    ALTERED_TEXT = "altered-text"
    NAME_MISMATCH = "name-mismatch"
    VALUE_DISAGREEMENT = "value-disagreement"
    VALUE_PARTLY_SHOWN = "value-partly-shown"
    VIEWER_DRAWN = "viewer-drawn"
    TYPED_ON_PAGE = "typed-on-page"
    CONSENT_UNSURE = "consent-unsure"
    MODIFIED_AFTER_ISSUE = "modified-after-issue"
    OTHER_FORM = "other-form"
    TURNED_OR_CROPPED = "turned-or-cropped"
    PAGES_ADDED = "pages-added"
    WIDGET_REDRAWN = "widget-redrawn"
    ANSWER_CHANGED = "answer-changed"
    ACTIVE_CONTENT = "active-content"
    DATE_AMBIGUOUS = "date-ambiguous"
    DATE_SETTLED = "date-settled"
    FILE_NAME = "file-name"
    # -- what a viewer shows (the rendered-page check)
    AMBIGUOUS_OBJECTS = "ambiguous-objects"
    HIDDEN_TEXT = "hidden-text"
    PRINT_HEADER = "print-header"
    MARGIN_MARKS = "margin-marks"
    DRAWN_OVER_TEXT = "drawn-over-text"
    INK_WITHOUT_TEXT = "ink-without-text"
    PAGE_DIFFERS = "page-differs"
    EXTRA_PAGE = "extra-page"
    PAGES_REORDERED = "pages-reordered"
    MISSING_PAGE = "missing-page"
    VIEWERS_DISAGREE = "viewers-disagree"
    SHOWN_TEXT_DIFFERS = "shown-text-differs"
    SHOWN_TEXT_UNCHECKED = "shown-text-unchecked"
    VALUE_CLIPPED = "value-clipped"
    # -- paper returns (OCR)
    OCR_LAYER_IGNORED = "ocr-layer-ignored"
    OCR_SCRIPT_UNSUPPORTED = "ocr-script-unsupported"
    OCR_UNREGISTERED = "ocr-unregistered"
    OCR_UNSURE = "ocr-unsure"
    OCR_MIXED_PAGES = "ocr-mixed-pages"
    # -- certificate signatures
    SIGNATURE_BROKEN = "signature-broken"
    SIGNATURE_UNTRUSTED = "signature-untrusted"
    SIGNATURE_REVOKED = "signature-revoked"
    SIGNATURE_REVOCATION_UNCHECKED = "signature-revocation-unchecked"
    SIGNER_NAME_MISMATCH = "signer-name-mismatch"
    SIGNED_LATE = "signed-late"
    SIGNED_BY_SERVICE = "signed-by-service"
    TIMESTAMP_BROKEN = "timestamp-broken"
    CHANGED_AFTER_SIGNING = "changed-after-signing"
    SHADOW_HIDE = "shadow-hide"
    SHADOW_REPLACE = "shadow-replace"
    SHADOW_HIDE_AND_REPLACE = "shadow-hide-and-replace"
    SHADOW_APPEARANCE_SWAPPED = "shadow-appearance-swapped"
    SHADOW_REDEFINED = "shadow-redefined"
    SIGNATURE_STAMP = "signature-stamp"
    STAMP_COVERS = "stamp-covers"
    # -- verdict rules (verify)
    CONSENT_BOTH = "consent-both"
    CONSENT_MISSING = "consent-missing"
    DECLINED = "declined"
    UNSIGNED = "unsigned"
    MISSING_VALUE = "missing-value"
    BAD_DATE = "bad-date"
    DATE_FAR = "date-far"
    NOT_COUNTERSIGNED = "not-countersigned"
    COUNTERSIGN_UNPROVEN = "countersign-unproven"
    ROSTER_MISMATCH = "roster-mismatch"
    NAME_NEAR_MATCH = "name-near-match"
    SIGNATURE_NOT_A_NAME = "signature-not-a-name"
    SIGNATURE_MISMATCH = "signature-mismatch"
    CONFUSABLE_NAME = "confusable-name"
    HIDDEN_CHARACTERS = "hidden-characters"
    UNNAMED_CHARACTERS = "unnamed-characters"
