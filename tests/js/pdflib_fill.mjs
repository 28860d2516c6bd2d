// Fill an AcroForm with pdf-lib, the way a JavaScript tool would.
//
// Usage: node pdflib_fill.mjs IN.pdf OUT.pdf VALUES.json [--no-appearances] [--flatten]
//                             [--font FONT.ttf]
//
// VALUES.json is an object {fieldName: value}:
//   text field          -> setText(String(value))
//   check box           -> check() if value is truthy, uncheck() if it is
//                          false, null, 0, "" or "Off"
//   check box whose widgets have different on-values (e.g. /Accept and
//   /Decline), and radio group
//                       -> turn on the widget whose on-value is the string value
//                          (a leading "/" is ignored); "Off"/false/null turns all off
//   dropdown, list box  -> select(value) (a string, or a list for a multi-select list)
// --no-appearances  save with updateFieldAppearances: false: only /V and /AS change,
//                   the old /AP streams stay and NeedAppearances is NOT set, so
//                   viewers that trust /AP (poppler, pdf.js) show the old text
// --font FONT.ttf   embed FONT (a subset, through @pdf-lib/fontkit) and draw every
//                   field's appearance in it, for values outside WinAnsi
// --flatten         form.flatten() before saving (with --no-appearances it bakes
//                   in those old appearances)
// Text appearances use pdf-lib's Helvetica (WinAnsi): a value outside WinAnsi
// (e.g. Greek, CJK) fails unless --no-appearances is given.
//
// Prints {"out": OUT.pdf, "filled": {fieldName: kind}} on stdout and exits 0.
// On any failure it prints a message on stderr and exits 1 (2 for a usage error).

import { readFile, writeFile } from "node:fs/promises";
import pdfLib from "pdf-lib";

const {
  PDFDocument, PDFName, PDFTextField, PDFCheckBox, PDFRadioGroup, PDFDropdown,
  PDFOptionList, PDFRef,
} = pdfLib;

// Keep stdout for the JSON summary (pdf-lib warns through console).
for (const name of ["log", "info", "debug", "warn"]) {
  console[name] = (...args) => console.error(...args);
}

const USAGE =
  "usage: node pdflib_fill.mjs IN.pdf OUT.pdf VALUES.json [--no-appearances] [--flatten] " +
  "[--font FONT.ttf]";

class FillError extends Error {}

function isOff(value) {
  return value === false || value === null || value === undefined || value === 0 ||
    value === "" || value === "Off" || value === "/Off";
}

function stripSlash(value) {
  return typeof value === "string" && value.startsWith("/") ? value.slice(1) : value;
}

// On-values of the widgets of a button field, decoded, in widget order.
function widgetOnValues(field) {
  return field.acroField.getWidgets().map((w) => w.getOnValue()?.decodeText() ?? null);
}

// Turn on the widget(s) whose on-value is `wanted`, all others off, and set /V.
// pdf-lib's PDFCheckBox.check() only knows the first widget's on-value, so a
// check box field whose widgets differ is set here by hand.
function selectButtonWidget(field, wanted) {
  const off = PDFName.of("Off");
  const widgets = field.acroField.getWidgets();
  const match = widgets.map((w) => w.getOnValue()).find((v) => v?.decodeText() === wanted);
  if (!match) {
    throw new FillError(
      `${field.getName()}: no widget has on-value ${JSON.stringify(wanted)} ` +
        `(on-values: ${JSON.stringify(widgetOnValues(field))})`,
    );
  }
  field.acroField.dict.set(PDFName.of("V"), match);
  for (const widget of widgets) {
    widget.setAppearanceState(widget.getOnValue() === match ? match : off);
  }
}

function fillCheckBox(field, value) {
  if (isOff(value)) {
    field.uncheck();
    return "checkbox";
  }
  const onValues = new Set(widgetOnValues(field).filter((v) => v !== null));
  if (typeof value === "string" && onValues.size > 1) {
    selectButtonWidget(field, stripSlash(value));
    return "checkbox-group";
  }
  field.check();
  return "checkbox";
}

function fillRadioGroup(field, value) {
  if (isOff(value)) {
    field.clear();
    return "radio";
  }
  const wanted = String(stripSlash(value));
  if (field.getOptions().includes(wanted)) {
    field.select(wanted);
  } else {
    // /Opt export values differ from the on-values: fall back to the on-value.
    selectButtonWidget(field, wanted);
  }
  return "radio";
}

function fillField(form, name, value) {
  const field = form.getFieldMaybe(name);
  if (!field) {
    const known = form.getFields().map((f) => f.getName());
    throw new FillError(`no field named ${JSON.stringify(name)} (fields: ${JSON.stringify(known)})`);
  }
  if (field instanceof PDFTextField) {
    field.setText(value === null || value === undefined ? "" : String(value));
    return "text";
  }
  if (field instanceof PDFCheckBox) {
    return fillCheckBox(field, value);
  }
  if (field instanceof PDFRadioGroup) {
    return fillRadioGroup(field, value);
  }
  if (field instanceof PDFDropdown || field instanceof PDFOptionList) {
    if (isOff(value) || (Array.isArray(value) && value.length === 0)) {
      field.clear();
    } else {
      field.select(Array.isArray(value) ? value.map(String) : String(value));
    }
    return field instanceof PDFDropdown ? "dropdown" : "listbox";
  }
  throw new FillError(`${name}: cannot fill a ${field.constructor.name}`);
}

// pdf-lib 1.17.1's flatten() deletes the widgets of fields with several kids
// (radio groups, check box groups) but leaves their refs in the pages' /Annots
// (pdf-lib issue #1267); poppler then prints "Invalid XRef entry". Drop them.
function dropDanglingAnnots(doc) {
  for (const page of doc.getPages()) {
    const annots = page.node.Annots();
    if (!annots) {
      continue;
    }
    for (let idx = annots.size() - 1; idx >= 0; idx--) {
      const ref = annots.get(idx);
      if (ref instanceof PDFRef && doc.context.lookup(ref) === undefined) {
        annots.remove(idx);
      }
    }
  }
}

async function main(argv) {
  const at = argv.indexOf("--font");
  const fontPath = at >= 0 ? argv[at + 1] : null;
  if (at >= 0) argv = [...argv.slice(0, at), ...argv.slice(at + 2)];
  const flags = argv.filter((a) => a.startsWith("--"));
  const args = argv.filter((a) => !a.startsWith("--"));
  const unknown = flags.filter((f) => !["--no-appearances", "--flatten"].includes(f));
  if (args.length !== 3 || unknown.length > 0) {
    console.error(USAGE);
    return 2;
  }
  const [inPath, outPath, valuesPath] = args;
  const updateFieldAppearances = !flags.includes("--no-appearances");

  try {
    const values = JSON.parse(await readFile(valuesPath, "utf8"));
    if (values === null || typeof values !== "object" || Array.isArray(values)) {
      throw new FillError(`${valuesPath}: expected a JSON object {fieldName: value}`);
    }
    const doc = await PDFDocument.load(await readFile(inPath), { updateMetadata: false });
    const form = doc.getForm();
    const filled = {};
    for (const [name, value] of Object.entries(values)) {
      filled[name] = fillField(form, name, value);
    }
    if (fontPath) {
      // as a user filling names outside WinAnsi does: a font embedded (a subset) through
      // fontkit, and every field's appearance drawn in it
      const { default: fontkit } = await import("@pdf-lib/fontkit");
      doc.registerFontkit(fontkit);
      form.updateFieldAppearances(await doc.embedFont(await readFile(fontPath), { subset: true }));
    }
    if (flags.includes("--flatten")) {
      form.flatten({ updateFieldAppearances });
      dropDanglingAnnots(doc);
    }
    await writeFile(outPath, await doc.save({ updateFieldAppearances }));
    process.stdout.write(JSON.stringify({ out: outPath, filled }) + "\n");
    return 0;
  } catch (err) {
    const what = err instanceof FillError ? "" : `${err.name}: `;
    console.error(`pdflib_fill: ${what}${err.message}`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
