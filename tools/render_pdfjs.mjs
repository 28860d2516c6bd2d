// Render every page of a PDF with pdf.js and its own standard fonts (Liberation, Foxit),
// as Firefox does without system fonts: node tools/render_pdfjs.mjs FILE PREFIX SCALE
// writes PREFIX-1.png, PREFIX-2.png ... (tools/standard_reach.py).
import fs from "fs";
import { createCanvas } from "../tests/js/node_modules/@napi-rs/canvas/index.js";
import * as pdfjs from "../tests/js/node_modules/pdfjs-dist/legacy/build/pdf.mjs";

const [, , source, prefix, scale] = process.argv;
const fonts = new URL("../tests/js/node_modules/pdfjs-dist/standard_fonts/", import.meta.url);
const doc = await pdfjs.getDocument({
  data: new Uint8Array(fs.readFileSync(source)),
  standardFontDataUrl: fonts.pathname,
  useSystemFonts: false,
}).promise;
for (let i = 1; i <= doc.numPages; i++) {
  const page = await doc.getPage(i);
  const viewport = page.getViewport({ scale: Number(scale) });
  const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
  const context = canvas.getContext("2d");
  context.fillStyle = "white";
  context.fillRect(0, 0, canvas.width, canvas.height);
  await page.render({ canvasContext: context, viewport }).promise;
  fs.writeFileSync(`${prefix}-${i}.png`, await canvas.encode("png"));
}
