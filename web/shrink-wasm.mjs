// Trunk post-build hook (Trunk.toml): two things that make the wasm smaller and that the page
// cannot observe (docs/PERFORMANCE.md, "What the first load costs"), and (3, below) the hashes
// of the pages' inline scripts in their Content-Security-Policy (docs/RELIABILITY.md).
//
// 1. Short import and export names. wasm-bindgen names every function the wasm imports from
//    its JS glue after the Rust item and a hash (`__wbg_lastChild_d03af7c29f69e2ad`), all in
//    the module "./threadlab-web_bg.js": 176 names, about 3 KB of the gzipped wasm. They
//    become `a`, `b`, … in the wasm's import section and, identically, in the glue's import
//    object; the long export names the glue reads as `wasm.NAME` become `$0`, `$1`, …. Every
//    assumption about the glue is checked (each import found exactly once): if wasm-bindgen
//    writes its glue differently one day, the build stops here instead of producing a page
//    that cannot load.
// 2. No panic locations. Every place that may panic (an index, an `unwrap`, a `RefCell`
//    borrow) has a `core::panic::Location` record in the data: the source file's path, line
//    and column (~600 records and 100 paths, about 3.7 KB gzipped). They are read only when
//    the app panics (a bug: the page stops), by Yew's panic hook, which writes the message and
//    the place to the developer console. Each record is set to an empty path at line 0,
//    column 0 and the paths are zeroed, as nightly Rust's `-Zlocation-detail=none` does: the
//    console then says "panicked at :0:0" before the message. To see the places, build with
//    THREADLAB_KEEP_PANIC_LOCATIONS=1 in the environment.
//
// The app's module is done so (the modules loaded on demand keep their own glue as it is); then
// the integrity hashes of index.html are updated. Release builds only.
//
// Before that, in every build: each glue of a module loaded on demand into the page (Trunk's
// `data-type="worker"`, wasm-bindgen's no-modules target) declares the global
// `let wasm_bindgen`, and a second declaration of one global is an error. The page loads two
// such modules and more (extras, lab, OSTEP), so the lab's and the OSTEP module's glue get
// names of their own, `threadlab_lab` and `threadlab_ostep` (their `web/*-loader.js` call them;
// crates/web/src/extras.rs).

import { readFileSync, writeFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';

const dir = process.env.TRUNK_STAGING_DIR;
const html = 'index.html';
if (!dir) fail('TRUNK_STAGING_DIR is not set (run by Trunk as a post_build hook)');
for (const [file, global] of [['threadlab-lab.js', 'threadlab_lab'], ['threadlab-ostep.js', 'threadlab_ostep']]) {
  const path = join(dir, file);
  if (!existsSync(path)) fail(`${file} is not in the site`);
  const glue = readFileSync(path, 'utf8');
  const declared = glue.match(/\bwasm_bindgen\b(?!_)/g) || [];
  if (!glue.startsWith('let wasm_bindgen = ') || declared.length !== 1) {
    fail(`${file} does not declare \`let wasm_bindgen\` once, at its start`);
  }
  writeFileSync(path, glue.replace(/^let wasm_bindgen = /, `let ${global} = `));
}
// 3. The Content-Security-Policy of each page (a `<meta http-equiv>` in index.html and
//    embed-demo.html) allows the page's own inline scripts and `<style>` elements by their
//    hashes, computed here from the final page: the placeholders `INLINE_SCRIPT_HASHES` and
//    `INLINE_STYLE_HASHES` become `'sha256-…'` sources (Trunk writes the inline module script
//    that starts the app, with the build's file names in it, so its hash is known only now).
//    A page whose CSP still holds a placeholder blocks its inline scripts: the site fails
//    visibly rather than running without its policy, so a missing tag or placeholder stops
//    the build. Every build does this (the last step of release builds, after the renaming).
for (const file of ['embed-demo.html']) writeFileSync(join(dir, file), withCspHashes(file, readFileSync(join(dir, file), 'utf8')));
// Development builds (`trunk serve`, `cargo xtask serve`) keep their names and panic places.
if (process.env.TRUNK_PROFILE !== 'release') {
  writeFileSync(join(dir, html), withCspHashes(html, readFileSync(join(dir, html), 'utf8')));
  process.exit(0);
}

/** `page` with its CSP's placeholders replaced by the hashes of its inline scripts and styles. */
function withCspHashes(file, page) {
  const meta = page.match(/<meta http-equiv="Content-Security-Policy" content="[^"]*">/g) || [];
  if (meta.length !== 1) fail(`${file} should have one <meta http-equiv="Content-Security-Policy">, found ${meta.length}`);
  // Comments hold neither scripts nor styles (they may name them).
  const code = page.replace(/<!--[\s\S]*?-->/g, '');
  const first = code.search(/<script|<style/);
  if (first >= 0 && code.indexOf(meta[0]) > first) fail(`${file}: the CSP <meta> must come before any script or style`);
  const hashes = (re) =>
    [...code.matchAll(re)].map((m) => `'sha256-${createHash('sha256').update(m[1], 'utf8').digest('base64')}'`);
  const scripts = hashes(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g);
  const styles = hashes(/<style[^>]*>([\s\S]*?)<\/style>/g);
  let csp = meta[0];
  for (const [holder, list] of [['INLINE_SCRIPT_HASHES', scripts], ['INLINE_STYLE_HASHES', styles]]) {
    const found = csp.split(holder).length - 1;
    if (found > 1 || (found === 0 && list.length > 0)) fail(`${file}: the CSP should hold ${holder} once (found ${found}; ${list.length} inline)`);
    csp = csp.replace(holder, () => list.join(' '));
  }
  console.log(`shrink-wasm: ${file}: CSP with ${scripts.length} inline script and ${styles.length} inline style hashes`);
  return page.replace(meta[0], () => csp.replace(/  +/g, ' '));
}

function fail(why) {
  console.error(`shrink-wasm: ${why}`);
  process.exit(1);
}

// The module being shrunk (each `NAME_bg.wasm` of the site, with its glue `NAME.js`).
let wasmFile;
let jsFile;
let wasm;
let js;

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

function renameImports() {
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
  return { entries, modules, fields, section };
}

// 2. The panic locations, in the data section of the renamed module.
function blankLocations(buf) {
  let at = 8;
  let data = null;
  while (at < buf.length) {
    const [size, content] = readLeb(buf, at + 1);
    if (buf[at] === 11) data = { content, end: content + size };
    at = content + size;
  }
  if (!data) return { records: 0, paths: 0 };
  // The active segments: (memory address, offset in the file, length).
  const segments = [];
  let [n, q] = readLeb(buf, data.content);
  for (let i = 0; i < n; i++) {
    let flags;
    [flags, q] = readLeb(buf, q);
    if (flags === 2) q = readLeb(buf, q)[1];
    let address = null;
    if (flags === 0 || flags === 2) {
      if (buf[q] !== 0x41) fail('a data segment whose offset is not an i32.const');
      let value = 0;
      let shift = 0;
      let byte;
      q++;
      do {
        byte = buf[q++];
        value |= (byte & 0x7f) << shift;
        shift += 7;
      } while (byte & 0x80);
      if (shift < 32 && byte & 0x40) value |= -1 << shift;
      if (buf[q++] !== 0x0b) fail('a data segment offset that is not a single i32.const');
      address = value >>> 0;
    }
    const [length, bytes] = readLeb(buf, q);
    if (address !== null) segments.push({ address, offset: bytes, length });
    q = bytes + length;
  }
  const fileOffset = (address, length) => {
    for (const s of segments) {
      if (address >= s.address && address + length <= s.address + s.length) return s.offset + address - s.address;
    }
    return -1;
  };
  const isPath = (at, length) => {
    if (buf.toString('latin1', at + length - 3, at + length) !== '.rs') return false;
    for (let i = at; i < at + length; i++) if (buf[i] < 0x20 || buf[i] > 0x7e) return false;
    return true;
  };
  // A record: 4-aligned (path address, path length, line, column), the path printable and
  // ending in ".rs".
  const records = [];
  const paths = new Map();
  for (const s of segments) {
    for (let a = s.address + ((4 - (s.address % 4)) % 4); a + 16 <= s.address + s.length; a += 4) {
      const o = s.offset + a - s.address;
      const ptr = buf.readUInt32LE(o);
      const len = buf.readUInt32LE(o + 4);
      const line = buf.readUInt32LE(o + 8);
      const col = buf.readUInt32LE(o + 12);
      if (len < 4 || len > 300 || line < 1 || line >= 100000 || col < 1 || col >= 1000) continue;
      const path = fileOffset(ptr, len);
      if (path < 0 || !isPath(path, len)) continue;
      records.push(o);
      paths.set(path, len);
    }
  }
  // An empty path (at the first segment's address, which exists), line 0, column 0.
  const empty = segments.length ? segments[0].address : 0;
  for (const o of records) {
    buf.writeUInt32LE(empty, o);
    buf.writeUInt32LE(0, o + 4);
    buf.writeUInt32LE(0, o + 8);
    buf.writeUInt32LE(0, o + 12);
  }
  for (const [at, length] of paths) buf.fill(0, at, at + length);
  return { records: records.length, paths: paths.size };
}

// The exports: renamed only where the glue reads every use of the name as `wasm.NAME`.
function renameExports(buf) {
  let at = 8;
  let section = null;
  while (at < buf.length) {
    const [size, content] = readLeb(buf, at + 1);
    if (buf[at] === 7) section = { start: at, content, end: content + size };
    at = content + size;
  }
  if (!section) return { buf, renamed: 0 };
  const parts = [];
  let [n, q] = readLeb(buf, section.content);
  let renamed = 0;
  for (let i = 0; i < n; i++) {
    const [length, start] = readLeb(buf, q);
    let exported = buf.toString('utf8', start, start + length);
    const [, after] = readLeb(buf, start + length + 1);
    const rest = buf.subarray(start + length, after);
    const uses = (re) => (js.match(re) || []).length;
    const word = exported.replace(/\$/g, '\\$');
    const viaWasm = new RegExp(`\\bwasm\\.${word}\\b`, 'g');
    if (exported.length > 8 && /^[A-Za-z_$][\w$]*$/.test(exported) && uses(viaWasm) > 0 && uses(new RegExp(`\\.${word}\\b`, 'g')) === uses(viaWasm) && uses(new RegExp(`['"\`]${word}['"\`]`, 'g')) === 0) {
      const short = `$${renamed++}`;
      if (uses(new RegExp(`\\bwasm\\.\\${short}\\b`, 'g')) > 0) fail(`${short} is already read from wasm`);
      js = js.replace(viaWasm, () => `wasm.${short}`);
      exported = short;
    }
    parts.push(name(exported), rest);
    q = after;
  }
  if (q !== section.end) fail('the export section was not read to its end');
  const body = Buffer.concat([leb(n), ...parts]);
  return {
    buf: Buffer.concat([buf.subarray(0, section.start), Buffer.from([7]), leb(body.length), body, buf.subarray(section.end)]),
    renamed,
  };
}

function shrinkModule(file) {
  wasmFile = file;
  jsFile = wasmFile.replace(/_bg\.wasm$/, '.js');
  wasm = readFileSync(join(dir, wasmFile));
  js = readFileSync(join(dir, jsFile), 'utf8');
  const { entries, modules, fields, section } = renameImports();
  const renamed = [leb(entries.length)];
  for (const e of entries) {
    renamed.push(name(modules.get(e.module)), name(fields.get(`${e.module}\u0000${e.field}`)), e.desc);
  }
  const body = Buffer.concat(renamed);
  const withImports = Buffer.concat([
    wasm.subarray(0, section.start),
    Buffer.from([2]),
    leb(body.length),
    body,
    wasm.subarray(section.end),
  ]);
  const exportsRenamed = renameExports(withImports);
  const out = exportsRenamed.buf;
  const blanked = process.env.THREADLAB_KEEP_PANIC_LOCATIONS ? { records: 0, paths: 0 } : blankLocations(out);

  // index.html refers to both files with their integrity hashes (sha384): keep them true.
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
  console.log(
    `shrink-wasm: ${entries.length} imports and ${exportsRenamed.renamed} exports renamed, ` +
      `${blanked.records} panic locations and ` +
      `${blanked.paths} paths blanked; ${wasmFile} ${wasm.length} -> ${out.length} B`,
  );
}

const integrity = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
let page = readFileSync(join(dir, html), 'utf8');
// The app's module only: the worker's and others' load on demand, with their own glue.
const modulesOfSite = readdirSync(dir).filter((f) => f.startsWith('threadlab-web-') && f.endsWith('_bg.wasm'));
if (modulesOfSite.length === 0) fail(`no *_bg.wasm in ${dir}`);
for (const file of modulesOfSite) shrinkModule(file);
writeFileSync(join(dir, html), withCspHashes(html, page));
