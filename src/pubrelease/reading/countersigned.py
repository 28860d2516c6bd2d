"""Whether a countersignature in a return is the conference's own (:func:`unproven`).

``pubrelease countersign`` fills the countersigner's fields in one update of its own,
appended after the speaker's answers, and draws each value as ``fill`` draws values
(:func:`~pubrelease.filling.countersign.countersign_drawing`). A countersignature that
shows itself otherwise (in the file as it came, filled with or before the speaker's own
answers, or drawn by another program) may be the speaker's own typing: it is not
counted as countersigned, and a person is told why.

This is what the file's history shows, not a proof: anyone can run ``countersign``. A
certificate countersignature (:mod:`.signedread`) is the proof.
"""

from __future__ import annotations

from ..form.definition import Party
from ..form.template import Form
from ..pdf.objects import NotSure
from ..pdf.revisions import Cache, Node, Ref, Revision, open_revision, revision_ends, text_of
from ..reading.history import RevisionReport

__all__ = ["unproven"]

SIGNATURE = "countersigner_signature"
DATE = "countersign_date"
NAME = "countersigner_name"


def unproven(data: bytes, form: Form, history: RevisionReport) -> str | None:
    """Why a countersignature in ``data`` is not known to be the conference's own, or
    ``None`` when its update is ``countersign``'s (or the form has no countersignature).

    The reason is for a person, e.g. ``filled in revision 2 with the speaker's answers``;
    it matters only when the return shows a countersignature.
    """
    if SIGNATURE not in form.fields or DATE not in form.fields:
        return None
    names = {key: form.fields[key].spec.pdf_name for key in (SIGNATURE, DATE, NAME)
             if key in form.fields}  # fmt: skip
    filled = [c for c in history.field_changes if c.field == names[SIGNATURE] and c.before is None]
    if not filled:
        return "it is in the file as it came, not in an update of its own after the answers"
    k = filled[-1].revision
    speakers = {p.spec.pdf_name for p in form.every_plan() if p.spec.party is Party.SPEAKER}
    ours = set(names.values())
    with_it = sorted({c.field for c in history.field_changes if c.revision == k} - ours)
    if with_it:
        return f"revision {k}, which fills it, also fills {', '.join(with_it)}"
    later = [c for c in history.field_changes if c.field in speakers and c.revision > k]
    if later:
        return f"the speaker's {later[0].field} was filled after it (revision {later[0].revision})"
    values = {c.field: c.after for c in history.field_changes if c.revision == k}
    if not _drawn_as_countersign(data, form, names, values):
        return f"revision {k} does not draw it as pubrelease countersign does (another program)"
    return None


def _drawn_as_countersign(
    data: bytes, form: Form, names: dict[str, str], values: dict[str, str | None]
) -> bool:
    from ..filling.countersign import countersign_drawing

    wanted = {key: values.get(pdf) for key, pdf in names.items() if values.get(pdf)}
    if SIGNATURE not in wanted or DATE not in wanted:
        return False
    drawn = countersign_drawing(form, {k: v for k, v in wanted.items() if v is not None})
    if drawn is None:
        return False
    try:
        rev = _last_revision(data)
        fields = {text_of(rev.dict_of(f).get("/T")): f for f in rev.list_of(_fields(rev))}
        for key, contents in drawn.items():
            node = rev.dict_of(fields.get(names[key]))
            widgets = rev.list_of(node.get("/Kids")) or (fields.get(names[key]),)
            if len(widgets) != len(contents):
                return False
            for widget, content in zip(widgets, contents, strict=True):
                normal = rev.dict_of(rev.dict_of(widget).get("/AP")).get("/N")
                if not isinstance(normal, Ref):
                    return False
                if rev.stream_data(normal).strip() != content.strip():
                    return False
    except (MemoryError, RecursionError):
        raise
    except Exception:  # a file not read so far shows no update of countersign's
        return False
    return True


def _last_revision(data: bytes) -> Revision:
    """The file as it ends, read by the fast reader (pypdf may take an object an
    incremental update added for another of the same number), else by pypdf."""
    ends = revision_ends(data)
    try:
        return open_revision(data, ends[-1], len(ends) - 1, Cache(), fast=True)
    except NotSure:
        return open_revision(data, ends[-1], len(ends) - 1, Cache())


def _fields(rev: Revision) -> Node:
    return rev.dict_of(rev.catalog.get("/AcroForm")).get("/Fields")
