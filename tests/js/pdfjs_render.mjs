// Render the pages of a PDF to PNG with pdf.js (the renderer of Firefox's viewer),
// drawing form widgets from their appearance streams as a viewer would.
//
// Usage: node pdfjs_render.mjs FILE.pdf OUT_PREFIX [--scale=S] [--page=N]
//
// Writes OUT_PREFIX-<page>.png (pages counted from 1; default scale 1.0 = 72 dpi)
// and prints {"pages": [png paths]} on stdout. On any failure it prints a
// message on stderr and exits 1 (2 for a usage error).
// Needs @napi-rs/canvas, which npm installs with pdfjs-dist (optional dependency).

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

const USAGE = "usage: node pdfjs_render.mjs FILE.pdf OUT_PREFIX [--scale=S] [--page=N]";

function parseArgs(argv) {
  const opts = { scale: 1.0, page: null, args: [] };
  for (const arg of argv) {
    const m = /^--(scale|page)=(.+)$/.exec(arg);
    if (m) {
      opts[m[1]] = Number(m[2]);
      if (!Number.isFinite(opts[m[1]]) || opts[m[1]] <= 0) {
        return null;
      }
    } else if (arg.startsWith("--")) {
      return null;
    } else {
      opts.args.push(arg);
    }
  }
  return opts.args.length === 2 ? opts : null;
}

async function main(argv) {
  const opts = parseArgs(argv);
  if (!opts) {
    console.error(USAGE);
    return 2;
  }
  const [file, prefix] = opts.args;
  let task;
  let doc;
  try {
    task = pdfjs.getDocument({
      data: new Uint8Array(await readFile(file)),
      disableFontFace: true,
      useSystemFonts: false,
      standardFontDataUrl: assetDir("standard_fonts"),
      cMapUrl: assetDir("cmaps"),
      cMapPacked: true,
      wasmUrl: assetDir("wasm"),
      iccUrl: assetDir("iccs"),
      verbosity: pdfjs.VerbosityLevel.ERRORS,
      isEvalSupported: false,
    });
    doc = await task.promise;
    const first = opts.page ?? 1;
    const last = opts.page ?? doc.numPages;
    if (last > doc.numPages) {
      throw new Error(`page ${last} out of range (document has ${doc.numPages})`);
    }
    const pages = [];
    for (let n = first; n <= last; n++) {
      const page = await doc.getPage(n);
      const viewport = page.getViewport({ scale: opts.scale });
      const { canvas, context } = doc.canvasFactory.create(
        Math.ceil(viewport.width), Math.ceil(viewport.height),
      );
      context.fillStyle = "#ffffff";
      context.fillRect(0, 0, canvas.width, canvas.height);
      await page.render({
        canvas,
        canvasContext: context,
        viewport,
        annotationMode: pdfjs.AnnotationMode.ENABLE,
      }).promise;
      const out = `${prefix}-${n}.png`;
      await writeFile(out, canvas.toBuffer("image/png"));
      pages.push(out);
      page.cleanup();
    }
    process.stdout.write(JSON.stringify({ pages }) + "\n");
    return 0;
  } catch (err) {
    console.error(`pdfjs_render: ${file}: ${err.name}: ${err.message}`);
    return 1;
  } finally {
    if (doc) {
      await doc.destroy();
    } else if (task) {
      await task.destroy();
    }
  }
}

process.exitCode = await main(process.argv.slice(2));
