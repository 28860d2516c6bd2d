// Read the AcroForm fields, widget annotations and page text of a PDF with pdf.js,
// the way a browser's viewer would see them.
//
// Usage: node pdfjs_fields.mjs FILE.pdf
//
// Prints one JSON object on stdout:
//   {
//     "fields": {name: [{value, exportValues, type, page, rect, ...}, ...]},
//     "annotations": [[widget, ...] for each page],
//     "text": [text of each page]
//   }
// and exits 0. On any failure it prints a message on stderr and exits 1
// (2 for a usage error); stdout then stays empty.

import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { createRequire } from "node:module";

// pdf.js logs through console; keep stdout for the JSON alone.
for (const name of ["log", "info", "debug"]) {
  console[name] = (...args) => console.error(...args);
}

const require = createRequire(import.meta.url);
const pdfjsRoot = dirname(require.resolve("pdfjs-dist/package.json"));
// pdf.js wants these as directory "URLs" with a trailing slash; in Node they are file paths.
const assetDir = (name) => join(pdfjsRoot, name) + "/";

const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
pdfjs.GlobalWorkerOptions.workerSrc = join(pdfjsRoot, "legacy/build/pdf.worker.mjs");

// Keys of getFieldObjects() entries that are copied to the output.
const FIELD_KEYS = [
  "id", "name", "type", "value", "defaultValue", "exportValues", "editable",
  "hidden", "multiline", "password", "charLimit", "comb", "items",
  "multipleSelection", "page", "rect", "kidIds",
];
// Keys of widget annotations that are copied to the output.
const WIDGET_KEYS = [
  "id", "fieldName", "fieldType", "fieldValue", "defaultFieldValue",
  "buttonValue", "checkBox", "radioButton", "pushButton", "exportValue",
  "hasAppearance", "readOnly", "hidden", "options", "multiSelect", "combo",
  "multiLine", "password", "maxLen", "comb", "rect",
];

function pick(obj, keys) {
  const out = {};
  for (const key of keys) {
    if (obj[key] !== undefined) {
      out[key] = obj[key];
    }
  }
  return out;
}

// Typed arrays (rects, colours) become plain arrays in the JSON.
function jsonReplacer(_key, value) {
  if (ArrayBuffer.isView(value)) {
    return Array.from(value);
  }
  if (value instanceof Map) {
    return Object.fromEntries(value);
  }
  return value;
}

function pageText(content) {
  let text = "";
  for (const item of content.items) {
    if (typeof item.str !== "string") {
      continue; // marked-content markers
    }
    text += item.str;
    if (item.hasEOL) {
      text += "\n";
    }
  }
  return text;
}

async function main(argv) {
  if (argv.length !== 1) {
    console.error("usage: node pdfjs_fields.mjs FILE.pdf");
    return 2;
  }
  const file = argv[0];
  let data;
  try {
    data = new Uint8Array(await readFile(file));
  } catch (err) {
    console.error(`pdfjs_fields: cannot read ${file}: ${err.message}`);
    return 1;
  }

  const task = pdfjs.getDocument({
    data,
    disableFontFace: true,
    useSystemFonts: false,
    standardFontDataUrl: assetDir("standard_fonts"),
    cMapUrl: assetDir("cmaps"),
    cMapPacked: true,
    wasmUrl: assetDir("wasm"),
    iccUrl: assetDir("iccs"),
    verbosity: pdfjs.VerbosityLevel.ERRORS,
    isEvalSupported: false,
    stopAtErrors: false,
  });
  let doc;
  try {
    doc = await task.promise;
  } catch (err) {
    console.error(`pdfjs_fields: cannot open ${file}: ${err.name}: ${err.message}`);
    await task.destroy();
    return 1;
  }

  try {
    const rawFields = (await doc.getFieldObjects()) ?? {};
    const fields = {};
    for (const [name, entries] of Object.entries(rawFields)) {
      fields[name] = entries.map((entry) => pick(entry, FIELD_KEYS));
    }

    const annotations = [];
    const text = [];
    for (let pageNumber = 1; pageNumber <= doc.numPages; pageNumber++) {
      const page = await doc.getPage(pageNumber);
      const annots = await page.getAnnotations({ intent: "display" });
      annotations.push(
        annots
          .filter((a) => a.subtype === "Widget")
          .map((a) => ({ ...pick(a, WIDGET_KEYS), pageIndex: pageNumber - 1 })),
      );
      text.push(pageText(await page.getTextContent()));
      page.cleanup();
    }

    process.stdout.write(
      JSON.stringify({ fields, annotations, text }, jsonReplacer) + "\n",
    );
    return 0;
  } catch (err) {
    console.error(`pdfjs_fields: error reading ${file}: ${err.name}: ${err.message}`);
    return 1;
  } finally {
    await doc.destroy();
  }
}

process.exitCode = await main(process.argv.slice(2));
