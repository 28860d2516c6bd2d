// Fill the AcroForm fields of a PDF with pdf.js and save it, as Firefox's viewer does
// when a person types into a form and saves: pdf.js's annotation storage, then
// saveDocument() (an incremental update with the appearances pdf.js draws).
//
// Usage: node pdfjs_fill.mjs IN.pdf OUT.pdf VALUES.json
//   VALUES.json: {field name: value}; a text field's value is its text, a check box's
//   or radio group's is the export value of the widget to switch on.
// Exits 0 having written OUT.pdf; 1 with a message on stderr on any failure, 2 for a
// usage error.

import { readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { createRequire } from "node:module";

for (const name of ["log", "info", "debug"]) {
  console[name] = (...args) => console.error(...args);
}

const require = createRequire(import.meta.url);
const pdfjsRoot = dirname(require.resolve("pdfjs-dist/package.json"));
const assetDir = (name) => join(pdfjsRoot, name) + "/";

const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
pdfjs.GlobalWorkerOptions.workerSrc = join(pdfjsRoot, "legacy/build/pdf.worker.mjs");

async function main(args) {
  if (args.length !== 3) {
    console.error("usage: node pdfjs_fill.mjs IN.pdf OUT.pdf VALUES.json");
    return 2;
  }
  const [input, output, valuesFile] = args;
  const values = JSON.parse(await readFile(valuesFile, "utf8"));
  const data = new Uint8Array(await readFile(input));
  const doc = await pdfjs.getDocument({
    data,
    standardFontDataUrl: assetDir("standard_fonts"),
    cMapUrl: assetDir("cmaps"),
    cMapPacked: true,
    useSystemFonts: false,
  }).promise;
  const storage = doc.annotationStorage;
  const seen = new Set();
  for (let number = 1; number <= doc.numPages; number++) {
    const page = await doc.getPage(number);
    for (const annot of await page.getAnnotations()) {
      if (annot.subtype !== "Widget" || !(annot.fieldName in values)) continue;
      const wanted = values[annot.fieldName];
      seen.add(annot.fieldName);
      if (annot.radioButton) {
        storage.setValue(annot.id, { value: annot.buttonValue === wanted });
      } else if (annot.checkBox) {
        storage.setValue(annot.id, { value: annot.exportValue === wanted });
      } else {
        storage.setValue(annot.id, { value: wanted });
      }
    }
  }
  const missing = Object.keys(values).filter((name) => !seen.has(name));
  if (missing.length) {
    console.error(`no such field: ${missing.join(", ")}`);
    return 1;
  }
  await writeFile(output, await doc.saveDocument());
  await doc.destroy();
  return 0;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  console.error(String(error && error.stack ? error.stack : error));
  process.exitCode = 1;
}
