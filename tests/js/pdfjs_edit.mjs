// Fill a PDF's fields and annotate it with pdf.js's annotation editors, and save it, as
// Firefox's viewer does when a person types into the form, types on the page
// (FreeText), draws (Ink), inserts an image (Stamp), highlights text (Highlight) or adds
// a drawn signature (Signature): the fields' values and each editor's serialized object
// (under "pdfjs_internal_editor_N") go into the annotation storage, then saveDocument()
// writes the incremental update with the appearances pdf.js draws.
//
// Usage: node pdfjs_edit.mjs IN.pdf OUT.pdf SPEC.json
//   SPEC.json: {"fields": {field name: value}, "editors": [editor, ...]}, both optional;
//   a text field's value is its text, a check box's or radio group's the export value
//   of the widget to switch on. Coordinates are PDF points on the page (origin bottom left),
//   colours [r, g, b] from 0 to 255, pages from 1. Each editor is one of
//     {"type": "freetext", "page", "rect": [x1, y1, x2, y2], "value", "fontSize"?, "color"?}
//     {"type": "ink", "page", "strokes": [[x, y, x, y, ...], ...], "thickness"?, "color"?,
//      "opacity"?}
//     {"type": "signature", "page", "strokes": [...], "thickness"?}
//     {"type": "stamp", "page", "rect", "image": PATH of a PNG or JPEG}
//     {"type": "highlight", "page", "boxes": [[x1, y1, x2, y2], ...], "color"?, "opacity"?}
//   and is serialized as that editor's serialize() returns it (pdf.js 5.6.205).
// Node has no OffscreenCanvas and no ImageBitmap, which pdf.js's worker uses to turn an
// inserted image into a JPEG (StampAnnotation.createImage): they are stood in for with
// @napi-rs/canvas (pdfjs-dist's own optional dependency, loaded only when an editor is
// saved), the image handed over as its {width, height, data} pixels.
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
const napi = () => require("@napi-rs/canvas");

class OffscreenCanvas {
  #canvas;
  constructor(width, height) {
    this.#canvas = napi().createCanvas(width, height);
  }
  get width() {
    return this.#canvas.width;
  }
  get height() {
    return this.#canvas.height;
  }
  getContext(kind) {
    const context = this.#canvas.getContext(kind);
    const drawImage = context.drawImage.bind(context);
    // A stand-in ImageBitmap ({width, height, data}) is drawn as its pixels, over what
    // is there (pdf.js draws an image with transparency over white).
    context.drawImage = (image, ...args) => {
      if (!(image.data instanceof Uint8ClampedArray)) return drawImage(image, ...args);
      const source = napi().createCanvas(image.width, image.height);
      const pixels = new (napi().ImageData)(image.data, image.width, image.height);
      source.getContext("2d").putImageData(pixels, 0, 0);
      return drawImage(source, ...args);
    };
    return context;
  }
  async convertToBlob({ type = "image/png", quality = 1 } = {}) {
    const bytes = new Uint8Array(
      type === "image/jpeg"
        ? await this.#canvas.encode("jpeg", Math.round(quality * 100))
        : await this.#canvas.encode("png"),
    );
    return { bytes: async () => bytes, arrayBuffer: async () => bytes.buffer };
  }
}
globalThis.OffscreenCanvas = OffscreenCanvas;

// The bitmaps pdf.js hands to its worker are transferred (ImageBitmap is transferable);
// a stand-in is a plain object, copied instead.
const clone = globalThis.structuredClone;
globalThis.structuredClone = (value, options) => {
  const transfer = options?.transfer?.filter((item) => item instanceof ArrayBuffer);
  return clone(value, transfer?.length ? { transfer } : undefined);
};

const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
pdfjs.GlobalWorkerOptions.workerSrc = join(pdfjsRoot, "legacy/build/pdf.worker.mjs");
const { AnnotationEditorType } = pdfjs;

const BLACK = [0, 0, 0];

function bounds(strokes, margin) {
  const xs = strokes.flatMap((s) => s.filter((_, i) => i % 2 === 0));
  const ys = strokes.flatMap((s) => s.filter((_, i) => i % 2 === 1));
  return [
    Math.min(...xs) - margin,
    Math.min(...ys) - margin,
    Math.max(...xs) + margin,
    Math.max(...ys) + margin,
  ];
}

// A stroke as pdf.js's InkDrawOutline serializes it: its first point after four NaNs,
// then each next point as a curve (here a straight one: its control points on the line).
function drawnLine(points) {
  const line = [NaN, NaN, NaN, NaN, points[0], points[1]];
  for (let i = 2; i < points.length; i += 2) {
    line.push(points[i - 2], points[i - 1], points[i], points[i + 1], points[i], points[i + 1]);
  }
  return line;
}

async function pixelsOf(path) {
  const image = await napi().loadImage(await readFile(path));
  const surface = napi().createCanvas(image.width, image.height);
  const context = surface.getContext("2d");
  context.drawImage(image, 0, 0);
  const { data } = context.getImageData(0, 0, image.width, image.height);
  return { width: image.width, height: image.height, data: new Uint8ClampedArray(data) };
}

async function serialized(editor, index) {
  const base = { pageIndex: editor.page - 1, rotation: 0, structTreeParentId: null };
  switch (editor.type) {
    case "freetext":
      return {
        ...base,
        annotationType: AnnotationEditorType.FREETEXT,
        rect: editor.rect,
        color: editor.color ?? BLACK,
        fontSize: editor.fontSize ?? 10,
        value: editor.value,
      };
    case "ink": {
      const thickness = editor.thickness ?? 1;
      return {
        ...base,
        annotationType: AnnotationEditorType.INK,
        rect: bounds(editor.strokes, thickness),
        color: editor.color ?? BLACK,
        opacity: editor.opacity ?? 1,
        thickness,
        paths: { lines: editor.strokes.map(drawnLine), points: editor.strokes },
      };
    }
    case "signature": {
      const thickness = editor.thickness ?? 1;
      return {
        ...base,
        annotationType: AnnotationEditorType.SIGNATURE,
        rect: bounds(editor.strokes, thickness),
        isSignature: true,
        areContours: false,
        color: BLACK,
        thickness,
        lines: editor.strokes.map(drawnLine),
      };
    }
    case "stamp":
      return {
        ...base,
        annotationType: AnnotationEditorType.STAMP,
        rect: editor.rect,
        bitmapId: `image_${index}`,
        isSvg: false,
        bitmap: await pixelsOf(editor.image),
      };
    case "highlight": {
      const quadPoints = editor.boxes.flatMap(([x1, y1, x2, y2]) => [
        x1, y2, x2, y2, x1, y1, x2, y1,
      ]);
      const outlines = editor.boxes.map(([x1, y1, x2, y2]) => [x1, y2, x2, y2, x2, y1, x1, y1]);
      return {
        ...base,
        annotationType: AnnotationEditorType.HIGHLIGHT,
        rect: bounds(outlines, 0),
        color: editor.color ?? [255, 255, 152],
        opacity: editor.opacity ?? 1,
        thickness: 12,
        quadPoints,
        outlines,
      };
    }
    default:
      throw new Error(`unknown editor type: ${editor.type}`);
  }
}

async function main(args) {
  if (args.length !== 3) {
    console.error("usage: node pdfjs_edit.mjs IN.pdf OUT.pdf SPEC.json");
    return 2;
  }
  const [input, output, specFile] = args;
  const { fields = {}, editors = [] } = JSON.parse(await readFile(specFile, "utf8"));
  const data = new Uint8Array(await readFile(input));
  const doc = await pdfjs.getDocument({
    data,
    standardFontDataUrl: assetDir("standard_fonts"),
    cMapUrl: assetDir("cmaps"),
    cMapPacked: true,
    useSystemFonts: false,
    isOffscreenCanvasSupported: editors.length > 0,
  }).promise;
  const storage = doc.annotationStorage;
  const seen = new Set();
  for (let number = 1; number <= doc.numPages; number++) {
    const page = await doc.getPage(number);
    for (const annot of await page.getAnnotations()) {
      if (annot.subtype !== "Widget" || !(annot.fieldName in fields)) continue;
      const wanted = fields[annot.fieldName];
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
  const missing = Object.keys(fields).filter((name) => !seen.has(name));
  if (missing.length) {
    console.error(`no such field: ${missing.join(", ")}`);
    return 1;
  }
  for (const [index, editor] of editors.entries()) {
    if (editor.page < 1 || editor.page > doc.numPages) {
      console.error(`no such page: ${editor.page}`);
      return 1;
    }
    storage.setValue(`pdfjs_internal_editor_${index}`, await serialized(editor, index));
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
