"""Fill a PDF form with poppler, as Evince and Okular do, and save it (an update appended).

Run by the system Python, which has poppler's GObject bindings (Debian: python3-gi,
gir1.2-poppler-0.18), not by the project's virtual environment:

    /usr/bin/python3 tests/tools/poppler_fill.py SOURCE OUT VALUES.json

VALUES maps text field names to their text; its key ``"@tick"`` lists points
``[x, y]`` (PDF units, from the page's bottom left) of check boxes or radio buttons to
turn on, one widget each, as a person clicks them (on any page: the forms tested have
one such widget there).
"""

import json
import sys

import gi

gi.require_version("Poppler", "0.18")
from gi.repository import Poppler  # noqa: E402


def main(source: str, out: str, values_path: str) -> None:
    with open(values_path, encoding="utf-8") as handle:
        values = json.load(handle)
    ticks = [tuple(point) for point in values.pop("@tick", [])]
    doc = Poppler.Document.new_from_file("file://" + source, None)
    set_names = set()
    ticked = 0
    for number in range(doc.get_n_pages()):
        page = doc.get_page(number)
        for mapping in page.get_form_field_mapping():
            field, area = mapping.field, mapping.area  # (in PDF units, as the widget's /Rect)
            name = field.get_name()
            kind = field.get_field_type()
            if kind == Poppler.FormFieldType.TEXT and name in values:
                field.text_set_text(values[name])
                set_names.add(name)
            elif kind == Poppler.FormFieldType.BUTTON:
                for x, y in ticks:
                    if area.x1 <= x <= area.x2 and area.y1 <= y <= area.y2:
                        field.button_set_state(True)
                        ticked += 1
    missing = set(values) - set_names
    if missing or ticked != len(ticks):
        sys.exit(f"poppler_fill: fields not found {sorted(missing)}, {ticked}/{len(ticks)} ticked")
    doc.save("file://" + out)


if __name__ == "__main__":
    main(*sys.argv[1:4])
