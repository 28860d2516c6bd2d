"""Names in every script pubrelease claims, drawn from a seeded generator, and the check
that a release filled with one reads back to it (live, or flattened by a tool).

Used by ``tests/test_script_readback.py`` (a few names a script) and by
``benchmarks/script_readback.py`` (failure counts over many). The names are built the
way such names are written: Arabic with harakat (and shadda), hamza forms and tatweel-free
joining; Persian with ZWNJ between parts of a name; Hebrew with niqqud and dagesh;
Devanagari, Bengali, Gujarati, Gurmukhi, Oriya, Kannada, Malayalam and Sinhala syllables
with conjuncts, ZWJ after a virama (eyelash RA, half forms, chillu, Sinhala conjuncts),
nukta and candrabindu; Tamil with pulli; Ethiopic syllables; Thai with leading vowels,
above and below vowels and tone marks; CJK, Vietnamese (precomposed and stacked), Greek,
Cyrillic; and mixed-direction names ("محمد Ali").
"""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pubrelease import Consent, Record, Release, fill, parse
from pubrelease.pdf.bidi import display
from pubrelease.text import shown

__all__ = ["MODES", "SCRIPTS", "Outcome", "check", "make_name", "release_for"]

_ZWJ, _ZWNJ = "\u200d", "\u200c"

ARABIC = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي" + "أإآؤئءةى"
HARAKAT = "\u064e\u064f\u0650\u0652\u064b\u064c\u064d"
SHADDA = "\u0651"
PERSIAN = "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی" + "آ"
HEBREW = "אבגדהוזחטיכלמנסעפצקרשת"
HEBREW_FINAL = {"כ": "ך", "מ": "ם", "נ": "ן", "פ": "ף", "צ": "ץ"}
NIQQUD = "\u05b0\u05b4\u05b5\u05b6\u05b7\u05b8\u05b9\u05bb"
DAGESH = "\u05bc"
SHIN_DOTS = "\u05c1\u05c2"
LATIN = "abcdefghijklmnopqrstuvwxyz"
_INDIC = {
    # consonants, vowel signs, virama, signs that end a syllable, nukta
    "devanagari": ("कखगघचजटडतदनपबमयरलवशसह", "ािीुूेैोौृ", "\u094d", "ंँः", "\u093c"),
    "bengali": ("কখগঘচজটডতদনপবমযরলশসহ", "ািীুূেৈোৌৃ", "\u09cd", "ংঁঃ", "\u09bc"),
    "tamil": ("கஙசஞடணதநபமயரலவழளறன", "ாிீுூெேைொோௌ", "\u0bcd", "", ""),
    "gujarati": ("કખગઘચજટડતદનપબમયરલવશસહ", "ાિીુૂેૈોૌૃ", "\u0acd", "ંઁઃ", "\u0abc"),
    "gurmukhi": ("ਕਖਗਘਚਜਟਡਤਦਨਪਬਮਯਰਲਵਸਹ", "ਾਿੀੁੂੇੈੋੌ", "\u0a4d", "ਂੰ", "\u0a3c"),
    "oriya": ("କଖଗଘଚଜଟଡତଦନପବମଯରଲଶସହ", "ାିୀୁୂେୈୋୌୃ", "\u0b4d", "ଂଁଃ", "\u0b3c"),
    "kannada": ("ಕಖಗಘಚಜಟಡತದನಪಬಮಯರಲವಶಸಹ", "ಾಿೀುೂೆೇೈೊೋೌೃ", "\u0ccd", "ಂಃ", ""),
    "malayalam": ("കഖഗഘചജടഡതദനപബമയരലവശസഹ", "ാിീുൂെേൈൊോൌൃ", "\u0d4d", "ംഃ", ""),
    "sinhala": ("කගචජටඩතදනපබමයරලවසහ", "ාැෑිීුූෙේෛොෝෞ", "\u0dca", "ංඃ", ""),
}
ETHIOPIC = "ሀሁሂሃሄህሆለሉሊላሌልሎመሙሚማሜምሞረሩሪራሬርሮሰሱሲሳሴስሶቀበቡቢባተቱቲታነኑኒናአኡኢኣከኩኪካወዉዊዋዘዙዚዛየዩዪያደዱዲዳገጉጊጋጠጡጢጣፈፉፊፋ"
THAI_CONSONANTS = "กขคงจฉชซญดตถทนบปผพฟมยรลวศสหอฮ"
THAI_LEADING = "เแโใไ"
THAI_ABOVE = "ัิีึื"
THAI_BELOW = "ุู"
THAI_TONES = "่้๊๋"
THAI_TRAILING = "าะำ"
CJK = "李飞山田太郎王小明张伟刘洋陈静林美玲佐藤健一高橋"
HANGUL = "김민수이서연박지훈최영희정"
VIETNAMESE = "ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹđ"
GREEK = "αβγδεζηθικλμνξοπρστυφχψωάέήίόύώϊϋΐΰ"
CYRILLIC = "абвгдежзийклмнопрстуфхцчшщъыьэюяёїієґ"


def _arabic_word(rng: random.Random) -> str:
    out = ""
    for _ in range(rng.randint(2, 6)):
        out += rng.choice(ARABIC)
        if rng.random() < 0.2:
            out += SHADDA
        if rng.random() < 0.7:
            out += rng.choice(HARAKAT)
    return out


def _persian_word(rng: random.Random) -> str:
    parts = ["".join(rng.choice(PERSIAN) for _ in range(rng.randint(2, 5)))]
    if rng.random() < 0.5:
        parts.append("".join(rng.choice(PERSIAN) for _ in range(rng.randint(2, 4))))
    return _ZWNJ.join(parts)


def _hebrew_word(rng: random.Random) -> str:
    out = ""
    count = rng.randint(2, 6)
    for k in range(count):
        letter = rng.choice(HEBREW)
        if k == count - 1:
            letter = HEBREW_FINAL.get(letter, letter)
        out += letter
        if letter == "ש" and rng.random() < 0.7:
            out += rng.choice(SHIN_DOTS)
        if rng.random() < 0.3 and letter not in "אהחער":
            out += DAGESH
        if rng.random() < 0.7:
            out += rng.choice(NIQQUD)
    return out


def _indic_word(script: str) -> Callable[[random.Random], str]:
    consonants, signs, virama, finals, nukta = _INDIC[script]

    def word(rng: random.Random) -> str:
        out = ""
        for _ in range(rng.randint(2, 4)):  # one syllable is no signature ("unsigned")
            out += rng.choice(consonants)
            if nukta and rng.random() < 0.08:
                out += nukta
            roll = rng.random()
            if roll < 0.3:
                out += virama + rng.choice(consonants)
            elif roll < 0.4 and script != "tamil":
                out += virama + _ZWJ + rng.choice(consonants)  # a half form
            elif roll < 0.45 and script == "bengali":
                out = out[:-1] + "র" + _ZWJ + virama + "য"  # the ya-phala after RA
            if rng.random() < 0.5:
                out += rng.choice(signs)
            if finals and rng.random() < 0.15:
                out += rng.choice(finals)
        if rng.random() < 0.15:
            out += rng.choice(consonants) + virama  # a dead consonant at the end
        return out

    return word


def _thai_word(rng: random.Random) -> str:
    out = ""
    for _ in range(rng.randint(2, 3)):
        if rng.random() < 0.3:
            out += rng.choice(THAI_LEADING)
        out += rng.choice(THAI_CONSONANTS)
        roll = rng.random()
        if roll < 0.35:
            out += rng.choice(THAI_ABOVE)
        elif roll < 0.5:
            out += rng.choice(THAI_BELOW)
        if rng.random() < 0.4:
            out += rng.choice(THAI_TONES)
        if rng.random() < 0.3:
            out += rng.choice(THAI_TRAILING)
        if rng.random() < 0.3:
            out += rng.choice(THAI_CONSONANTS)
    return out


def _letters(alphabet: str, low: int, high: int) -> Callable[[random.Random], str]:
    return lambda rng: "".join(rng.choice(alphabet) for _ in range(rng.randint(low, high)))


def _capital(word: Callable[[random.Random], str]) -> Callable[[random.Random], str]:
    return lambda rng: word(rng).capitalize()


def _mixed(rng: random.Random) -> str:
    rtl = rng.choice([_arabic_word, _hebrew_word, _letters(ARABIC[:28], 2, 6)])(rng)
    latin = _capital(_letters(LATIN, 2, 8))(rng)
    return f"{rtl} {latin}" if rng.random() < 0.7 else f"{latin} {rtl}"


SCRIPTS: dict[str, Callable[[random.Random], str]] = {
    "arabic": _arabic_word,
    "persian": _persian_word,
    "hebrew": _hebrew_word,
    "devanagari": _indic_word("devanagari"),
    "bengali": _indic_word("bengali"),
    "tamil": _indic_word("tamil"),
    "gujarati": _indic_word("gujarati"),
    "gurmukhi": _indic_word("gurmukhi"),
    "oriya": _indic_word("oriya"),
    "kannada": _indic_word("kannada"),
    "malayalam": _indic_word("malayalam"),
    "sinhala": _indic_word("sinhala"),
    "ethiopic": _letters(ETHIOPIC, 2, 5),
    "thai": _thai_word,
    "cjk": _letters(CJK + HANGUL, 2, 4),
    "vietnamese": _capital(_letters(LATIN + VIETNAMESE, 2, 7)),
    "greek": _capital(_letters(GREEK, 3, 9)),
    "cyrillic": _capital(_letters(CYRILLIC, 3, 9)),
}
"""A word of each script (the mixed-direction names are whole names: :func:`make_name`)."""


def make_name(script: str, rng: random.Random) -> str:
    """A name of one to three words in ``script`` (``mixed``: a right-to-left word and a
    Latin one), NFC as a release stores it."""
    if script == "mixed":
        name = _mixed(rng)
    elif script == "cjk":
        name = SCRIPTS[script](rng)
    else:
        name = " ".join(SCRIPTS[script](rng) for _ in range(rng.randint(1, 3)))
    return unicodedata.normalize("NFC", name)


def release_for(name: str) -> Release:
    return Release(
        speaker_name=name,
        event_title="Learning to read names",
        event_date=dt.date(2020, 7, 15),
        effective_date=dt.date(2020, 9, 1),
        consent=Consent.ACCEPT,
        signature=name,
        sign_date=dt.date(2020, 9, 23),
    )


MODES = ("live", "pubrelease", "pdftk", "qpdf")
"""How a release is returned: as filled, or flattened by ``fill`` itself, pdftk or qpdf."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a return of a release read back as, and what is wrong with it (empty: right)."""

    name: str
    mode: str
    read: tuple[str | None, str | None]
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def _returned(release: Release, mode: str, folder: Path) -> Path:
    from .returns import flatten_with

    out = folder / f"{mode}.pdf"
    if mode in ("live", "pubrelease"):
        out.write_bytes(fill(release, flatten=mode == "pubrelease"))
        return out
    live = folder / "live-source.pdf"
    live.write_bytes(fill(release))
    return flatten_with(mode, live, out, strict=False)  # type: ignore[arg-type]


def _same(got: str | None, want: str, flat: bool) -> bool:
    """The name as a page can carry it (:func:`~pubrelease.text.shown`: no ZWNJ or ZWJ
    inside a word); a flattened value that mixes directions reads as it shows ("ا A",
    "A ا")."""
    if got is None:
        return False
    return shown(got) == shown(want) or (flat and display(shown(got)) == display(shown(want)))


def check(name: str, mode: str, folder: Path) -> Outcome:
    """Fill a release for ``name``, return it by ``mode``, parse it: the speaker's name and
    signature must read back to the name (:func:`~pubrelease.text.shown`), the title as it
    was, and the return must be ``valid`` with no error."""
    release = release_for(name)
    record: Record = parse(_returned(release, mode, folder))
    flat = mode != "live"
    problems = []
    for key in ("speaker_name", "signature"):
        if not _same(getattr(record, key), name, flat):
            problems.append(f"{key} {getattr(record, key)!r}")
    if record.event_title != release.event_title:
        problems.append(f"event_title {record.event_title!r}")
    if record.status.value != "valid":
        problems.append(f"status {record.status.value}")
    errors = sorted({f.code for f in record.findings if f.severity.value == "error"})
    if errors:
        problems.append("errors " + ",".join(errors))
    return Outcome(name, mode, (record.speaker_name, record.signature), tuple(problems))
