"""Appearance streams of recurring values are made once (filling/recurring.py): the
files are the same as when every value is laid out for its release."""

from __future__ import annotations

import datetime as dt

import pytest

from pubrelease import Release, fill, load_form
from pubrelease.filling import fill as fill_module
from pubrelease.filling import recurring
from pubrelease.filling.recurring import recurring_appearances

NAMES = ["Zoë Müller-Łapiński", "Αλέξανδρος Παπαδόπουλος", "王晓宇", "محمد علي", "प्रिया शर्मा"]


def _release(name: str, title: str) -> Release:
    return Release.create(
        speaker_name=name,
        event_title=title,
        event_date="2020-07-12",
        effective_date="2020-07-01",
        consent="accept",
        signature=name,
        sign_date="2020-08-03",
        release_id="r1",
    )


@pytest.mark.parametrize("flatten", [False, True])
@pytest.mark.parametrize("name", NAMES)
def test_a_fill_is_the_same_with_and_without_the_made_streams(
    name: str, flatten: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = _release(name, "Efficient Differentiable Flows " * 5)
    recurring.forget_recurring()
    first = fill(release, flatten=flatten, today=dt.date(2020, 7, 1))  # met: made
    kept = fill(release, flatten=flatten, today=dt.date(2020, 7, 1))  # met again: kept
    again = fill(release, flatten=flatten, today=dt.date(2020, 7, 1))  # from the cache
    assert recurring._kept.cache_info().hits > 0
    monkeypatch.setattr(fill_module, "recurring_appearances", lambda *_: None)
    laid_out = fill(release, flatten=flatten, today=dt.date(2020, 7, 1))
    assert first == kept == again == laid_out


def test_only_values_in_the_templates_font_are_kept() -> None:
    form = load_form()
    recurring.forget_recurring()
    for _ in range(2):
        assert recurring_appearances(form, "event_date", "Jul 12, 2020") is not None
        assert recurring_appearances(form, "speaker_name", "王晓宇") is None
        assert recurring_appearances(form, "speaker_name", "Αλέξανδρος") is None  # DejaVu
        assert recurring_appearances(form, "countersigner_name", "x" * 400) is None  # too long


def test_a_value_met_once_is_not_kept() -> None:
    """A batch's names and titles never recur: keeping them would only churn memory."""
    form = load_form()
    recurring.forget_recurring()
    for i in range(recurring.RECENT + 50):
        assert recurring_appearances(form, "event_title", f"Title {i}") is not None
    assert recurring._kept.cache_info().currsize == 0
    assert recurring_appearances(form, "event_title", "Title 7") is not None
    assert recurring._kept.cache_info().currsize == 1


def test_the_cache_is_bounded() -> None:
    form = load_form()
    recurring.forget_recurring()
    for i in range(recurring.RECENT + 50):
        for _ in range(2):
            recurring_appearances(form, "event_title", f"Title {i}")
    assert recurring._kept.cache_info().currsize == recurring.RECENT
    assert len(recurring._met) <= recurring.MET
