// Trunk post-build hook (Trunk.toml): gives the wasm's imports short names.
//
// wasm-bindgen names every function the wasm imports from its JS glue after the Rust item and
// a hash (`__wbg_lastChild_d03af7c29f69e2ad`), all in the module "./threadlab-web_bg.js": 176
// names, about 4 KB of the gzipped wasm (docs/PERFORMANCE.md). This renames them `a`, `b`, …
// in the wasm's import section and, identically, in the glue's import object, then updates
// the integrity hashes of index.html. Nothing else changes. Every assumption about the glue is
// checked (each name found exactly once): if wasm-bindgen writes its glue differently one day,
// the build stops here instead of producing a page that cannot load.

import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';

const dir = process.env.TRUNK_STAGING_DIR;
const html = 'index.html';
if (!dir) fail('TRUNK_STAGING_DIR is not set (run by Trunk as a post_build hook)');

function fail(why) {
  console.error(`minify-imports: ${why}`);
  process.exit(1);
}

// The app's module (the worker's and others' load on demand, with their own glue).
const wasmFile = readdirSync(dir).find((f) => f.startsWith('threadlab-web-') && f.endsWith('_bg.wasm'));
if (!wasmFile) fail(`no *_bg.wasm in ${dir}`);
const jsFile = wasmFile.replace(/_bg\.wasm$/, '.js');
const wasm = readFileSync(join(dir, wasmFile));
let js = readFileSync(join(dir, jsFile), 'utf8');

function readLeb(buf, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = buf[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (byte < 0x80) return [value, at];
  }
}

function leb(n) {
  const out = [];
  do {
    let byte = n & 0x7f;
    n = Math.floor(n / 128);
    if (n > 0) byte |= 0x80;
    out.push(byte);
  } while (n > 0);
  return Buffer.from(out);
}

function name(s) {
  const bytes = Buffer.from(s, 'utf8');
  return Buffer.concat([leb(bytes.length), bytes]);
}

// Short names: a … z, A … Z, then two characters.
const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
function shortName(i) {
  return i < LETTERS.length ? LETTERS[i] : LETTERS[Math.floor(i / LETTERS.length) - 1] + LETTERS[i % LETTERS.length];
}

// The import section: entries of (module, field, description), the description copied as is.
let at = 8;
let section = null;
while (at < wasm.length) {
  const id = wasm[at];
  const [size, content] = readLeb(wasm, at + 1);
  if (id === 2) section = { start: at, content, end: content + size };
  at = content + size;
}
if (!section) fail(`${wasmFile} has no import section`);

const entries = [];
let [count, p] = readLeb(wasm, section.content);
for (let i = 0; i < count; i++) {
  const [ml, m0] = readLeb(wasm, p);
  const module = wasm.toString('utf8', m0, m0 + ml);
  const [fl, f0] = readLeb(wasm, m0 + ml);
  const field = wasm.toString('utf8', f0, f0 + fl);
  let d = f0 + fl;
  const kind = wasm[d++];
  if (kind === 0) {
    d = readLeb(wasm, d)[1];
  } else if (kind === 1) {
    d += 1;
    const [flags, q] = readLeb(wasm, d);
    d = readLeb(wasm, q)[1];
    if (flags & 1) d = readLeb(wasm, d)[1];
  } else if (kind === 2) {
    const [flags, q] = readLeb(wasm, d);
    d = readLeb(wasm, q)[1];
    if (flags & 1) d = readLeb(wasm, d)[1];
  } else if (kind === 3) {
    d += 2;
  } else {
    fail(`import kind ${kind} of ${module}.${field} is not known`);
  }
  entries.push({ module, field, desc: wasm.subarray(f0 + fl, d) });
  p = d;
}
if (p !== section.end) fail('the import section was not read to its end');

// Rename in the glue first: each old name exactly once, as a key of the import object.
function replaceOnce(from, to) {
  const found = js.split(from).length - 1;
  if (found !== 1) fail(`${JSON.stringify(from)} is in ${jsFile} ${found} times, expected once`);
  js = js.replace(from, () => to);
}
function renameKey(field, short) {
  const key = new RegExp(`(\\s)${field.replace(/\$/g, '\\$')}:`, 'g');
  const found = (js.match(key) || []).length;
  if (found !== 1) fail(`the key ${field} is in ${jsFile} ${found} times, expected once`);
  js = js.replace(key, (_, space) => `${space}${short}:`);
}
const modules = new Map();
const fields = new Map();
for (const e of entries) {
  if (!modules.has(e.module)) {
    const short = shortName(modules.size);
    modules.set(e.module, short);
    replaceOnce(`${JSON.stringify(e.module)}: import`, `${JSON.stringify(short)}: import`);
  }
  const key = `${e.module}\u0000${e.field}`;
  if (fields.has(key)) fail(`${e.module}.${e.field} is imported twice`);
  const short = shortName(fields.size);
  fields.set(key, short);
  if (!/^[A-Za-z_$][\w$]*$/.test(e.field)) fail(`import ${JSON.stringify(e.field)} is not a plain name`);
  renameKey(e.field, short);
}

const renamed = [leb(entries.length)];
for (const e of entries) {
  renamed.push(name(modules.get(e.module)), name(fields.get(`${e.module}\u0000${e.field}`)), e.desc);
}
const body = Buffer.concat(renamed);
const out = Buffer.concat([
  wasm.subarray(0, section.start),
  Buffer.from([2]),
  leb(body.length),
  body,
  wasm.subarray(section.end),
]);

// index.html refers to both files with their integrity hashes (sha384): keep them true.
const integrity = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
let page = readFileSync(join(dir, html), 'utf8');
for (const [before, after] of [
  [integrity(wasm), integrity(out)],
  [integrity(readFileSync(join(dir, jsFile))), integrity(Buffer.from(js, 'utf8'))],
]) {
  const found = page.split(before).length - 1;
  if (found > 1) fail(`an integrity hash is in ${html} ${found} times`);
  page = page.replace(before, () => after);
}

writeFileSync(join(dir, wasmFile), out);
writeFileSync(join(dir, jsFile), js);
writeFileSync(join(dir, html), page);
console.log(
  `minify-imports: ${entries.length} imports renamed; ${wasmFile} ${wasm.length} -> ${out.length} B, ` +
    `${jsFile} ${Buffer.byteLength(readFileSync(join(dir, jsFile)))} B`,
);
