"""The template filled by MuPDF's ``mutool run``, field by field, by the fields' labels.

MuPDF 1.21's widgets give no field names (``getLabel`` gives the ``/TU`` tooltip), so
values are given by label. Each widget is updated (MuPDF draws its appearance) and
the file saved compressed whole, or as an incremental update.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Mapping
from pathlib import Path

from pubrelease.form.registry import load_form

from .helpers import require_tool

__all__ = ["mutool_fill"]

_FILL = """
var doc = new PDFDocument(scriptArgs[0]), values = JSON.parse(scriptArgs[1]);
for (var p = 0; p < doc.countPages(); p++) {
  var page = doc.loadPage(p), widgets = page.getWidgets();
  for (var i = 0; i < widgets.length; i++) {
    var w = widgets[i], value = values[w.getLabel()];
    if (value === undefined) continue;
    if (w.getFieldType() == "checkbox") {
      if (w.getRect()[0] < 100 && w.getValue() == "Off") w.toggle();  // Accept, at the left
    } else {
      w.setTextValue(value);
    }
    w.update();
  }
  page.update();
}
doc.save(scriptArgs[2], scriptArgs[3]);
"""


def mutool_fill(folder: Path, by_label: Mapping[str, str], *, incremental: bool = False) -> Path:
    """``folder/mupdf.pdf``: the template with ``by_label`` (label -> value; any value
    for the consent's label checks Accept) filled by ``mutool run``."""
    script = folder / "fill.js"
    script.write_text(_FILL)
    out = folder / "mupdf.pdf"
    out.write_bytes(load_form().template)
    how = "incremental" if incremental else "compress"
    subprocess.run(
        [require_tool("mutool"), "run", str(script), str(out), json.dumps(by_label), str(out), how],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return out
