"""What the organiser does next about each roster entry and each return."""

from __future__ import annotations

import enum

__all__ = ["Action", "action_for"]


class Action(enum.Enum):
    """The next step for a roster entry (or a return), as every report names it."""

    NOTHING = "nothing"
    """Done: valid and countersigned, or declined (then do not publish)."""
    CHASE = "chase"
    """No return yet (or only a return of a superseded release): remind the speaker."""
    COMPLETE = "ask to complete"
    """The return is incomplete: no box checked, unsigned or a value missing."""
    READABLE = "ask for a readable copy"
    """The return cannot be read (damaged, encrypted, not a release)."""
    RESOLVE = "resolve a conflict"
    """Returns disagree, or a return is not trustworthy: look at the findings."""
    COUNTERSIGN = "countersign"
    """Valid, waiting for the conference's signature (``pubrelease countersign``)."""
    REVIEW = "review"
    """A return that matches no roster entry: whose is it?"""

    @property
    def done(self) -> bool:
        return self is Action.NOTHING


_BY_OUTCOME = {
    "missing": Action.CHASE,
    "superseded": Action.CHASE,
    "incomplete": Action.COMPLETE,
    "unreadable": Action.READABLE,
    "conflicting": Action.RESOLVE,
    "invalid": Action.RESOLVE,
    "declined": Action.NOTHING,
    "unexpected": Action.REVIEW,
}


def action_for(outcome: str, *, countersigned: bool) -> Action:
    """The action for an outcome or status value (``valid``: countersign unless done)."""
    if outcome == "valid":
        return Action.NOTHING if countersigned else Action.COUNTERSIGN
    return _BY_OUTCOME[outcome]
