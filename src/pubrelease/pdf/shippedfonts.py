"""Which fonts values are drawn in, and where each comes from (read by :mod:`.fonts`).

- DejaVu Sans (:data:`BUNDLED`, Bitstream Vera licence): in ``fontfiles/``, with its
  licence; Latin, Greek, Cyrillic, Georgian, Armenian and the template's characters.
- Noto Sans fonts (OFL) of the Python packages pubrelease depends on
  (:data:`PACKAGED`): Arabic, Hebrew, Indic scripts, South-east Asian scripts,
  Ethiopic, CJK.
- Noto Sans Gujarati, Gurmukhi, Kannada, Malayalam, Oriya and Sinhala (OFL), which no
  package on PyPI carries: in ``fontfiles/noto/`` (:data:`VENDORED`), with the OFL's
  text (``fontfiles/noto/OFL.txt``), as Debian's ``fonts-noto-core`` 20201225 ships them.
- CJK fonts installed on the system (:data:`CJK_FONT_FILES` in :data:`FONT_DIRS`),
  after all of these.
- Roboto (Apache 2.0), in ``fontfiles/reference/`` with its licence (:data:`REFERENCE`):
  never drawn in, only compared with: other programs' copies of it are proved by their
  outlines (:mod:`.outlineproof`).
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "BUNDLED",
    "CJK_FONT_FILES",
    "FONT_DIRS",
    "PACKAGED",
    "REFERENCE",
    "SCRIPT_PACKAGES",
    "VENDORED",
    "VENDORED_PACKAGE",
]

BUNDLED = Path(__file__).parent / "fontfiles" / "DejaVuSans.ttf"

REFERENCE = (Path(__file__).parent / "fontfiles" / "reference" / "Roboto-Regular.ttf",)
"""Fonts values are never drawn in, kept to prove by its outlines a copy another program
embeds (:func:`.outlineproof.shipped_fonts`): Roboto Regular 2.137, the very file pdfcpu
draws every form field in (its ``pkg/pdfcpu/model/resources/Roboto-Regular.ttf``, SHA-256
``017c0be9...44ed``, unchanged since 2019), which it embeds as a subset keeping each glyph's id."""

VENDORED = Path(__file__).parent / "fontfiles" / "noto"
"""The folder of the Noto fonts shipped inside pubrelease, one folder a font."""

VENDORED_PACKAGE = "pubrelease"
""":data:`PACKAGED`'s and :data:`SCRIPT_PACKAGES`' name for pubrelease itself: its fonts
are in :data:`VENDORED`."""

CJK_FONT_FILES = (
    "NotoSansCJK-Regular.ttc",
    "NotoSansCJKsc-Regular.otf",
    "NotoSansCJKjp-Regular.otf",
    "NotoSansCJKkr-Regular.otf",
    "SourceHanSans-Regular.ttc",
    "DroidSansFallbackFull.ttf",
    "DroidSansFallback.ttf",
    "wqy-zenhei.ttc",
    "wqy-microhei.ttc",
    "NanumGothic.ttf",
    "uming.ttc",
    "ukai.ttc",
    "fonts-japanese-gothic.ttf",
    "ipag.ttf",
)
"""Fonts for Chinese, Japanese and Korean, in order of preference."""

FONT_DIRS = (
    Path("/usr/share/fonts"),
    Path("/usr/local/share/fonts"),
    Path.home() / ".fonts",
    Path.home() / ".local/share/fonts",
    Path("/Library/Fonts"),
    Path("C:/Windows/Fonts"),
)

PACKAGED = (
    ("justmytype_intl_rtl", "notosansarabic"),
    ("justmytype_intl_rtl", "notosanshebrew"),
    ("justmytype_intl_south_asia", "notosansdevanagari"),
    ("justmytype_intl_south_asia", "notosansbengali"),
    ("justmytype_intl_south_asia", "notosanstamil"),
    ("justmytype_intl_south_asia", "notosanstelugu"),
    ("justmytype_intl_sea", "notosansthai"),
    ("justmytype_intl_sea", "notosanslao"),
    ("justmytype_intl_sea", "notosanskhmer"),
    ("justmytype_intl_sea", "notosansmyanmar"),
    ("justmytype_intl_cjk", "notosanssc"),
    ("justmytype_intl_cjk", "notosansjp"),
    ("justmytype_intl_cjk", "notosanskr"),
    ("justmytype_intl_cjk", "notosanstc"),
    # after the fonts above: a character they draw (a space, a digit) is drawn as before
    ("justmytype_intl_africa", "notosansethiopic"),
    (VENDORED_PACKAGE, "notosansgujarati"),
    (VENDORED_PACKAGE, "notosansgurmukhi"),
    (VENDORED_PACKAGE, "notosanskannada"),
    (VENDORED_PACKAGE, "notosansmalayalam"),
    (VENDORED_PACKAGE, "notosansoriya"),
    (VENDORED_PACKAGE, "notosanssinhala"),
)
"""Noto fonts (OFL) that pubrelease depends on or ships, by Python package (a package's
fonts are in its ``fonts/ofl/<folder>``; pubrelease's in ``VENDORED/<folder>``) and
folder, best first."""

SCRIPT_PACKAGES = {
    "ARABIC": "justmytype-intl-rtl",
    "HEBREW": "justmytype-intl-rtl",
    "DEVANAGARI": "justmytype-intl-south-asia",
    "BENGALI": "justmytype-intl-south-asia",
    "TAMIL": "justmytype-intl-south-asia",
    "TELUGU": "justmytype-intl-south-asia",
    "THAI": "justmytype-intl-sea",
    "LAO": "justmytype-intl-sea",
    "KHMER": "justmytype-intl-sea",
    "MYANMAR": "justmytype-intl-sea",
    "CJK": "justmytype-intl-cjk",
    "HIRAGANA": "justmytype-intl-cjk",
    "KATAKANA": "justmytype-intl-cjk",
    "HANGUL": "justmytype-intl-cjk",
    "BOPOMOFO": "justmytype-intl-cjk",
    "ETHIOPIC": "justmytype-intl-africa",
    "GUJARATI": VENDORED_PACKAGE,
    "GURMUKHI": VENDORED_PACKAGE,
    "KANNADA": VENDORED_PACKAGE,
    "MALAYALAM": VENDORED_PACKAGE,
    "ORIYA": VENDORED_PACKAGE,
    "SINHALA": VENDORED_PACKAGE,
}
"""The package whose fonts draw each script (by the first word of a character's Unicode name)."""
