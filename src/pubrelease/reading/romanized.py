"""Latin spellings of a value written in another script, as a file's name may spell it.

A speaker whose name the roster (or the return) holds as "张伟", "노재현" or "Иван Петров"
saves and prints the release as "Zhang_Wei_release.pdf", "No_Jaehyun.pdf" or
"Ivan_Petrov.pdf": the words of a printer's header that name the release
(:mod:`.marginwords`) are then the release's own, in Latin letters. The spellings come
from libraries that know the scripts, not from tables of our own:

* Chinese characters: their pinyin, every reading of each (``pypinyin``, with its
  heteronyms: the surname 曾 is read "zeng", the word "ceng"), without tones;
* Hangul: the Revised Romanization ``anyascii`` gives ("노재현": "No Jae Hyeon"), and
  the spellings most Koreans' passports and papers use instead: the surnames' usual
  ones (:data:`SURNAMES`: "Kim", "Lee", "Park", "Noh", "Roh"...) and "eo" as "u" in
  the given name ("Jaehyun");
* Greek: "ου" as "ou" ("Papadopoulos"), the rest letter by letter;
* kana: Hepburn as ``anyascii`` gives it, and with its long vowels written short
  ("Tarou", "Taro");
* any other script (Cyrillic, Armenian, Georgian, Thai, Devanagari...): ``anyascii``.

A Japanese name in kanji alone gets only its Chinese readings (which reading a name's
kanji take is the bearer's, not a dictionary's): its Latin file name stays words for a
person. Both libraries are imported the first time a value needs them.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata

__all__ = ["SURNAMES", "romanized"]

MAX_READINGS = 16
"""Spellings of a value in Chinese characters at most (its characters' readings
combined, the first readings first)."""

SURNAMES: dict[str, tuple[str, ...]] = {
    "김": ("Kim", "Gim"),
    "이": ("Lee", "Yi", "Rhee"),
    "박": ("Park", "Pak", "Bak"),
    "최": ("Choi", "Choe"),
    "정": ("Jung", "Jeong", "Chung"),
    "강": ("Kang", "Gang"),
    "조": ("Cho", "Jo"),
    "윤": ("Yoon", "Yun"),
    "장": ("Jang", "Chang"),
    "임": ("Lim", "Im", "Rim"),
    "한": ("Han",),
    "오": ("Oh",),
    "서": ("Seo", "Suh"),
    "신": ("Shin", "Sin"),
    "권": ("Kwon", "Gwon"),
    "황": ("Hwang",),
    "안": ("Ahn", "An"),
    "송": ("Song",),
    "류": ("Ryu", "Yoo", "Yu"),
    "유": ("Yoo", "Yu"),
    "전": ("Jeon", "Chun", "Jun"),
    "홍": ("Hong",),
    "고": ("Ko", "Go"),
    "문": ("Moon", "Mun"),
    "양": ("Yang",),
    "손": ("Son", "Sohn"),
    "배": ("Bae",),
    "백": ("Baek", "Paik", "Back"),
    "허": ("Heo", "Huh"),
    "남": ("Nam",),
    "심": ("Shim", "Sim"),
    "노": ("Noh", "Roh", "No"),
    "하": ("Ha",),
    "곽": ("Kwak", "Gwak"),
    "성": ("Sung", "Seong"),
    "차": ("Cha",),
    "주": ("Joo", "Ju", "Chu"),
    "우": ("Woo",),
    "구": ("Koo", "Gu"),
    "나": ("Na", "Ra"),
    "민": ("Min",),
    "진": ("Jin", "Chin"),
    "지": ("Ji", "Chi"),
    "엄": ("Eom", "Um"),
    "채": ("Chae",),
    "원": ("Won",),
    "천": ("Cheon", "Chun"),
    "방": ("Bang",),
    "공": ("Kong", "Gong"),
    "현": ("Hyun", "Hyeon"),
    "함": ("Ham",),
    "변": ("Byun", "Byeon"),
    "염": ("Yeom", "Yum"),
    "여": ("Yeo", "Yuh"),
    "추": ("Choo", "Chu"),
    "도": ("Do", "Doh"),
    "소": ("So",),
    "석": ("Seok", "Suk"),
    "선": ("Sun", "Seon"),
    "설": ("Seol", "Sul"),
    "마": ("Ma",),
    "길": ("Gil", "Kil"),
    "연": ("Yeon", "Yun"),
    "위": ("Wi", "Wee"),
    "표": ("Pyo",),
    "명": ("Myung", "Myeong"),
    "기": ("Ki", "Gi"),
    "반": ("Ban",),
    "왕": ("Wang",),
    "금": ("Keum", "Geum"),
    "옥": ("Ok",),
    "육": ("Yuk",),
    "인": ("In",),
    "맹": ("Maeng",),
    "제": ("Je",),
    "모": ("Mo",),
    "탁": ("Tak",),
    "국": ("Kook", "Guk"),
    "어": ("Eo", "Uh"),
    "은": ("Eun",),
    "편": ("Pyeon", "Pyun"),
    "용": ("Yong",),
    "예": ("Ye",),
    "경": ("Kyung", "Gyeong"),
    "봉": ("Bong",),
    "사": ("Sa",),
    "부": ("Boo", "Bu"),
    "황보": ("Hwangbo",),
    "남궁": ("Namgung", "Namkoong"),
    "선우": ("Sunwoo", "Seonu"),
    "제갈": ("Jegal",),
    "독고": ("Dokgo",),
}
"""Common Korean surnames and the Latin spellings their bearers commonly use on passports
and papers; the Revised Romanization's is always added (``anyascii``'s)."""

_HANGUL = re.compile(r"[\uac00-\ud7a3]+")
_GIVEN_EO = re.compile(r"eo", re.IGNORECASE)


MAX_SYLLABLES = 5
"""Chinese characters or Hangul syllables a value has at most, in runs of one word, to be
spelt (a name: a title's words would each become known, review 33)."""
MAX_WORDS = 4
"""Words a value in another alphabet has at most to be spelt (a name)."""


def romanized(value: str) -> tuple[str, ...]:
    """Latin spellings of ``value`` (see the module) when it is a name's size: none for a
    value in Latin letters alone or longer than a name (:data:`MAX_SYLLABLES`,
    :data:`MAX_WORDS`); each spelling's words apart."""
    if not any(c.isalpha() and not _latin(c) for c in value):
        return ()
    syllabic = re.findall(r"[\u3400-\u9fff\uf900-\ufaff\uac00-\ud7a3]+", value)
    if len(value.split()) > MAX_WORDS or any(len(run) > MAX_SYLLABLES for run in syllabic):
        return ()
    return _romanized(value)


@functools.lru_cache(maxsize=256)
def _romanized(value: str) -> tuple[str, ...]:
    from anyascii import anyascii

    out: list[str] = []
    if any(_han(c) for c in value):
        out += _pinyin(value)
    if _HANGUL.search(value):
        out += _korean(value)
    if out:  # (their spellings, not anyascii's letter by letter: "Wang Xiao Ming")
        return tuple(dict.fromkeys(s for s in out if s.strip()))
    greek = re.sub("[οΟ][υύΥΎ]", "ou", unicodedata.normalize("NFC", value))
    spelled = _apart(anyascii(greek))
    out.append(spelled)
    if any("\u3040" <= c <= "\u30ff" for c in value):  # kana: long vowels written short
        out.append(re.sub(r"([ou])u", r"\1", spelled, flags=re.IGNORECASE))
    return tuple(dict.fromkeys(s for s in out if s.strip()))


def _latin(char: str) -> bool:
    return unicodedata.name(char, "").startswith("LATIN")


def _han(char: str) -> bool:
    return unicodedata.name(char, "").startswith("CJK UNIFIED IDEOGRAPH")


def _apart(text: str) -> str:
    """``anyascii``'s spelling with each syllable it capitalised a word of its own
    ("ZhangWei": "Zhang Wei"), its other marks spaces."""
    return " ".join(
        re.sub(r"(?<=[a-z])(?=[A-Z])", " ", re.sub(r"[^A-Za-z0-9]+", " ", text)).split()
    )


def _pinyin(value: str) -> list[str]:
    """Spellings of ``value`` with every reading of its Chinese characters, combined
    (:data:`MAX_READINGS` at most): each character a word, and a name's given name (the
    characters after the first of a run of three or more) also as one word ("Zeng
    Xiaoxian"); the rest of ``value`` as ``anyascii`` spells it."""
    from anyascii import anyascii
    from pypinyin import Style, pinyin

    parts: list[list[str]] = []
    for run in re.findall(r"[\u3400-\u9fff\uf900-\ufaff]+|[^\u3400-\u9fff\uf900-\ufaff]+", value):
        if not _han(run[0]):
            parts.append([_apart(anyascii(run))])
            continue
        readings = [
            list(dict.fromkeys(r for r in options if r.isalpha()))
            for options in pinyin(run, style=Style.NORMAL, heteronym=True)
        ]
        spelled = []  # (the surname, and the given name as one word: "Wang Xiaoming")
        for words in itertools.islice(
            itertools.product(*[r or [""] for r in readings]), MAX_READINGS
        ):
            spelled.append(" ".join(w for w in (words[0], "".join(words[1:])) if w))
        parts.append(spelled)
    combined = itertools.islice(itertools.product(*parts), MAX_READINGS)
    return [" ".join(p for p in choice if p) for choice in combined]


def _korean(value: str) -> list[str]:
    """Spellings of each Korean name in ``value`` (a run of Hangul: its first syllable,
    or two of :data:`SURNAMES`, the surname) with the rest of ``value`` as ``anyascii``
    spells it."""
    from anyascii import anyascii

    out = []
    for match in _HANGUL.finditer(value):
        name = match.group()
        family = name[:2] if len(name) > 2 and name[:2] in SURNAMES else name[:1]
        given = _apart(anyascii(name[len(family) :]))
        # (the given name as one word: "Jaehyun", not "Jae" and "Hyun", review 33)
        joined = given.replace(" ", "").capitalize()
        givens = list(dict.fromkeys((joined, _GIVEN_EO.sub("u", joined))))
        before, after = (
            _apart(anyascii(value[: match.start()])),
            _apart(anyascii(value[match.end() :])),
        )
        spellings = (*SURNAMES.get(family, ()), _apart(anyascii(family)).replace(" ", ""))
        for spelled in (f for f in dict.fromkeys(spellings) if len(f) > 1):  # (not "I")
            for g in givens:
                out.append(" ".join(p for p in (before, spelled, g, after) if p))
    return out
