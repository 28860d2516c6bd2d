import { readFile, writeFile } from "node:fs/promises";
import pdfLib from "pdf-lib";
import fontkit from "@pdf-lib/fontkit";
const { PDFDocument } = pdfLib;
const [,, inp, out, fontPath, name] = process.argv;
const doc = await PDFDocument.load(await readFile(inp));
doc.registerFontkit(fontkit);
const font = await doc.embedFont(await readFile(fontPath), { subset: true });
const form = doc.getForm();
for (const f of form.getFields()) {
  const n = f.getName();
  if (n === "speaker_name" || n === "signature") f.setText(name);
}
form.updateFieldAppearances(font);
await writeFile(out, await doc.save());
