"""Optional content that viewers show or hide each their own way.

Content marked as optional (``/OC``) is shown or hidden by the state of its groups. Some
ways of setting that state are read by some viewers and not by others:

* a group's ``/Usage`` asks for a state on screen (``/View``) or in print (``/Print``):
  PDFium follows it, with or without ``/AS`` events asking it to, MuPDF and pdf.js where
  the events ask; poppler keeps the state the default configuration gives;
* an alternate configuration (``/Configs``) sets a group otherwise than the default
  (``/D``): PDFium and MuPDF may take one (by its intent), poppler and pdf.js the default;
* a membership dictionary's visibility expression (``/VE``) decides instead of its
  ``/P`` policy: PDFium, poppler and pdf.js read it, MuPDF does not.

Where any of them gives another answer than the group's own state (or than the policy),
what the page shows depends on the viewer, and the check of what it shows (made with
PDFium) cannot speak for the others. An expression too deep to read is said to be so.
Groups whose usage and configurations agree with their state, as layered drawings export
them, change nothing.
"""

from __future__ import annotations

from collections.abc import Iterator

from .nodes import Node, NotSure, Ref, Stream
from .objects import Objects

__all__ = ["disputed_groups"]

_DEPTH = 12
"""Levels of a visibility expression followed, at most."""


def disputed_groups(objects: Objects) -> list[str]:
    """Why the file's optional content may show in some viewers and not in others (one
    line each); nothing when it has none. A part that cannot be read is said to be so
    (it may hide anything from some viewers)."""
    try:
        root = objects.dict_of(objects.trailer.get("/Root"))
        properties = objects.dict_of(root.get("/OCProperties"))
    except NotSure:
        return []
    if not properties:
        return []
    out: list[str] = []
    for check in (_usages, _configurations, _expressions):
        try:
            out += check(objects, properties)
        except NotSure as why:
            out.append(
                f"its optional content cannot be read ({why}): viewers may each show it otherwise"
            )
    return list(dict.fromkeys(out))


def _usages(objects: Objects, properties: dict[str, Node]) -> list[str]:
    """Groups whose ``/Usage`` asks for another state on screen or in print than their
    state in the default configuration: PDFium, MuPDF and pdf.js follow the usage (where
    ``/AS`` events ask for it, PDFium always), poppler the state."""
    states = _states(objects, objects.dict_of(properties.get("/D")))
    out = []
    for group in _items(objects, properties.get("/OCGs")):
        if not isinstance(group, Ref):
            continue
        usage = objects.dict_of(objects.dict_of(group).get("/Usage"))
        for category, key, where in (
            ("/View", "/ViewState", "on screen"),
            ("/Print", "/PrintState", "in print"),
        ):
            wanted = objects.resolve(objects.dict_of(usage.get(category)).get(key))
            if wanted in ("/ON", "/OFF") and (wanted == "/ON") != _state(states, group):
                shown = "shown" if wanted == "/ON" else "hidden"
                out.append(
                    f"its optional content {_label(objects, group)} is {shown} {where} by its "
                    "/Usage against its state: PDFium, MuPDF and pdf.js follow the usage, "
                    "poppler the state"
                )
    return out


def _configurations(objects: Objects, properties: dict[str, Node]) -> list[str]:
    """Groups an alternate configuration (``/Configs``) shows where the default hides
    them, or the other way: PDFium and MuPDF may take one, poppler the default."""
    default = _states(objects, objects.dict_of(properties.get("/D")))
    groups = [g for g in _items(objects, properties.get("/OCGs")) if isinstance(g, Ref)]
    out = []
    for config in _items(objects, properties.get("/Configs")):
        states = _states(objects, objects.dict_of(config))
        for group in groups:
            if _state(states, group) != _state(default, group):
                out.append(
                    f"its optional content {_label(objects, group)} is shown by one of its "
                    "configurations and hidden by another (/Configs): viewers choose their "
                    "configuration each their own way"
                )
    return out


def _states(objects: Objects, config: dict[str, Node]) -> dict[Ref, bool]:
    """Each group named in ``config``'s ``/ON`` and ``/OFF`` lists, and its state (the
    others have the ``/BaseState``, :func:`_state`)."""
    out: dict[Ref, bool] = {}
    for key, state in (("/ON", True), ("/OFF", False)):
        for item in _items(objects, config.get(key)):
            if isinstance(item, Ref):
                out[item] = state
    out[Ref(-1, -1)] = objects.resolve(config.get("/BaseState")) != "/OFF"
    return out


def _state(states: dict[Ref, bool], group: Node) -> bool:
    if isinstance(group, Ref) and group in states:
        return states[group]
    return states[Ref(-1, -1)]


def _expressions(objects: Objects, properties: dict[str, Node]) -> list[str]:
    """Membership dictionaries whose visibility expression says otherwise than their
    policy: MuPDF reads the policy, PDFium, poppler and pdf.js the expression."""
    states = _states(objects, objects.dict_of(properties.get("/D")))
    return [
        f"a visibility expression (/VE) shows its optional content where its policy "
        f"({policy}) hides it, or hides it where the policy shows it: MuPDF reads the "
        "policy, PDFium, poppler and pdf.js the expression"
        for policy in _disagreeing(objects, states)
    ]


def _disagreeing(objects: Objects, states: dict[Ref, bool]) -> Iterator[str]:
    """The policy of each membership dictionary of the file whose visibility expression
    says otherwise than the policy (or cannot be read: ``"unreadable"``)."""
    for node in _all_dicts(objects):
        if "/VE" not in node:
            continue
        policy = str(objects.resolve(node.get("/P")) or "/AnyOn")
        groups = [_state(states, g) for g in _items(objects, node.get("/OCGs"))]
        by_policy = {
            "/AllOn": all(groups),
            "/AnyOff": not all(groups),
            "/AllOff": not any(groups),
        }.get(policy, any(groups))
        try:
            shown = _evaluate(objects, node["/VE"], states, _DEPTH)
        except NotSure:
            yield f"{policy[1:]}; its expression too deep to read"
            continue
        if shown != by_policy:
            yield policy[1:]


def _evaluate(objects: Objects, expression: Node, states: dict[Ref, bool], depth: int) -> bool:
    """A visibility expression's value (a group, or ``[/And ...]``, ``[/Or ...]``,
    ``[/Not x]``)."""
    if depth <= 0:
        raise NotSure("a visibility expression too deep")
    if isinstance(expression, Ref):
        target = objects.resolve(expression)
        if not isinstance(target, tuple):
            return _state(states, expression)
        expression = target
    if not isinstance(expression, tuple) or not expression:
        return True
    operator, *operands = expression
    values = [_evaluate(objects, item, states, depth - 1) for item in operands]
    if operator == "/Not":
        return not values[0] if values else True
    if operator == "/And":
        return all(values)
    return any(values)  # /Or


def _all_dicts(objects: Objects) -> Iterator[dict[str, Node]]:
    """Every dictionary of the file's objects, direct ones inside them too."""
    refs = {num: gen for num, gen in objects.xref} | {num: 0 for num in objects.in_stream}
    for num, gen in sorted(refs.items()):
        yield from _dicts_in(objects.get(Ref(num, gen)), _DEPTH)


def _dicts_in(node: Node, depth: int) -> Iterator[dict[str, Node]]:
    if depth <= 0:
        return
    if isinstance(node, Stream):
        node = node.entries
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _dicts_in(value, depth - 1)
    elif isinstance(node, tuple):
        for value in node:
            yield from _dicts_in(value, depth - 1)


def _items(objects: Objects, value: Node) -> tuple[Node, ...]:
    """``value`` as an array (one item alone as one), resolved."""
    resolved = objects.resolve(value)
    if resolved is None:
        return ()
    return resolved if isinstance(resolved, tuple) else (value,)


def _label(objects: Objects, group: Ref) -> str:
    name = objects.dict_of(group).get("/Name")
    return repr(name) if isinstance(name, str) else f"(object {group.num})"
