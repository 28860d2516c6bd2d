"""Certificate names compared with their strings' preparation kept
(:mod:`pubrelease.reading.nameprep`): every comparison as asn1crypto's own."""

from __future__ import annotations

import pytest
from asn1crypto import x509
from hypothesis import given, settings
from hypothesis import strategies as st

from pubrelease.reading import nameprep

nameprep.install()
ORIGINAL = nameprep._INSTALLED[0]


def _prepared(function: object, string: str) -> object:
    try:
        return function(None, string)  # type: ignore[operator]
    except ValueError as exc:  # (a prohibited character: the same error, every time)
        return str(exc)


@settings(max_examples=500, deadline=None)
@given(
    st.text(
        st.characters(codec="utf-8", exclude_categories=["Cs"]) | st.sampled_from("\u00ad\ue000ﬁ"),
        max_size=12,
    )
)
def test_a_string_is_prepared_as_asn1crypto_prepares_it(string: str) -> None:
    ours = x509.NameTypeAndValue._ldap_string_prep
    assert _prepared(ours, string) == _prepared(ORIGINAL, string)
    assert _prepared(ours, string) == _prepared(ORIGINAL, string)  # (kept, or raised again)


def _name(common: str, organisation: str = "Test CA") -> x509.Name:
    return x509.Name.build({"common_name": common, "organization_name": organisation})


@pytest.mark.parametrize(
    ("one", "other", "same"),
    [
        ("Ada  Lovelace", "ada lovelace", True),  # (case and inner spaces: RFC 4518's equal)
        ("Ada\u00adLovelace", "AdaLovelace", True),  # (a soft hyphen is mapped to nothing)
        ("ﬁsher", "fisher", True),  # (NFKC)
        ("Ada Lovelace", "Ada Byron", False),
    ],
)
def test_names_compare_as_before(one: str, other: str, same: bool) -> None:
    assert (_name(one) == _name(other)) is same
    assert (_name(one) == _name(other)) is same


def test_the_preparation_is_installed_once() -> None:
    installed = x509.NameTypeAndValue._ldap_string_prep
    nameprep.install()
    assert x509.NameTypeAndValue._ldap_string_prep is installed
    assert installed.__module__ == nameprep.__name__
