"""pyHanko's difference analysis, taught that ticking a box of a button field is filling it.

A consent given as a field of two widgets (Accept and Decline, a radio group; the form
pubrelease issues has one) is ticked by setting the field's ``/V`` and switching each
widget's ``/AS`` between the appearance states it already has. pyHanko (0.38) judges the
field's own dictionary, but not its widgets: after a certification that allows filling
the form (DocMDP 2, Acrobat's "certify: form fill-in allowed"), a speaker's tick left
the widgets' new versions unexplained, and the release was ``shadow-redefined``.

:class:`ButtonStateRule` explains exactly that change, at the form-filling level (so a
certification that allows no change still refuses it, and a field locked by a
``/FieldMDP`` still refuses it through pyHanko's own check): a widget of a button field,
with no name of its own, whose dictionary changed in nothing but ``/AS`` (and a ``/V``
equal to it, which pypdf writes on each widget), to ``/Off`` or a state of its normal
appearance. Its appearance streams are the same objects; one changed in place is still
unexplained. :data:`DIFF_POLICY` is pyHanko's default policy with the rule added.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from pyhanko.pdf_utils import generic
from pyhanko.sign.diff_analysis import (
    DEFAULT_DIFF_POLICY,
    FormUpdate,
    FormUpdatingRule,
    GenericFieldModificationRule,
    ModificationLevel,
    SigFieldCreationRule,
    SigFieldModificationRule,
    StandardDiffPolicy,
    SuspiciousModification,
)
from pyhanko.sign.diff_analysis.commons import compare_dicts
from pyhanko.sign.diff_analysis.form_rules_api import (
    FieldComparisonContext,
    FieldComparisonSpec,
    FieldMDPRule,
)
from pyhanko.sign.diff_analysis.rules_api import Context

__all__ = ["DIFF_POLICY", "ButtonStateRule"]

_STATE_KEYS = frozenset({"/AS", "/V"})


class ButtonStateRule(FieldMDPRule):
    """A button field's widgets switched between their own appearance states (see the
    module): form filling."""

    def apply(self, context: FieldComparisonContext) -> Iterable[tuple[ModificationLevel, Any]]:
        # every place the older revision uses the widget from (the field's /Kids, the
        # page's /Annots): pyHanko's own lookup, private; without it, nothing is explained
        usages = getattr(context.old, "_get_usages_of_ref", None)
        if usages is None:
            return
        for name, spec in context.field_specs.items():
            if spec.field_type == "/Btn" and spec.old_field_ref and spec.new_field_ref:
                for ref in _switched(spec):
                    for path in usages(ref):
                        update = FormUpdate(
                            updated_ref=ref,
                            field_name=name,
                            context_checked=Context.from_absolute(context.old, path),
                        )
                        yield ModificationLevel.FORM_FILLING, update


def _switched(spec: FieldComparisonSpec) -> Iterator[generic.Reference]:
    """The widgets of the field that were kids of it before and changed in their state
    alone; raises :class:`SuspiciousModification` for one changed in more."""
    old_field, new_field = spec.old_field, spec.new_field
    assert old_field is not None and new_field is not None
    old_kids = _kids(old_field)
    for ref, new_kid in _kids(new_field).items():
        old_kid = old_kids.get(ref)
        if old_kid is None or "/T" in new_kid or "/T" in old_kid:
            continue  # a new widget, or a field of its own: the other rules judge it
        if old_kid == new_kid:
            continue
        compare_dicts(old_kid, new_kid, _STATE_KEYS)
        state = new_kid.get("/AS")
        if "/V" in new_kid and new_kid.get("/V") != state:
            raise SuspiciousModification(f"widget {ref} of a button: /V is not its /AS")
        if state != "/Off" and state not in _states(new_kid):
            raise SuspiciousModification(f"widget {ref} of a button: /AS names no appearance")
        yield ref


def _entry(node: object, key: str) -> object:
    """``node``'s entry ``key``, through a reference (pyHanko's ``get`` is ``dict``'s: it
    hands the reference back); None when ``node`` is no dictionary or has none."""
    if not isinstance(node, generic.DictionaryObject):
        return None
    value = node.get(key)
    return value.get_object() if isinstance(value, generic.IndirectObject) else value  # type: ignore[no-untyped-call]


def _states(widget: generic.DictionaryObject) -> frozenset[str]:
    """The states of ``widget``'s normal appearance."""
    normal = _entry(_entry(widget, "/AP"), "/N")
    return frozenset(normal) if isinstance(normal, generic.DictionaryObject) else frozenset()


def _kids(field: generic.DictionaryObject) -> dict[generic.Reference, generic.DictionaryObject]:
    """The widgets of ``field`` by reference (its ``/Kids``, an array or a reference to
    one: pdfcpu's, iText's)."""
    kids = _entry(field, "/Kids")
    if not isinstance(kids, generic.ArrayObject):
        return {}
    out = {}
    for kid in kids:
        if isinstance(kid, generic.IndirectObject):
            value = kid.get_object()  # type: ignore[no-untyped-call]
            if isinstance(value, generic.DictionaryObject):
                out[kid.reference] = value
    return out


DIFF_POLICY = StandardDiffPolicy(
    global_rules=DEFAULT_DIFF_POLICY.global_rules,
    form_rule=FormUpdatingRule(
        field_rules=[
            SigFieldCreationRule(),  # type: ignore[no-untyped-call]
            SigFieldModificationRule(),
            GenericFieldModificationRule(),
            ButtonStateRule(),
        ],
    ),
)
"""pyHanko's default difference policy, with :class:`ButtonStateRule`."""
