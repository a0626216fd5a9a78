#!/bin/sh
# What each part of the web app's first-load wasm costs (docs/PERFORMANCE.md, "What the first
# load costs"). From the workspace root, after `cargo xtask dist` (which installs wasm-bindgen
# and wasm-opt): builds the wasm as the site does, but with function names kept, and prints the
# marginal gzip cost of each part (docs/measure/wasm_parts.py; needs python3 and node).
set -e
OUT=target/wasm-parts
WASM_OPT=${WASM_OPT:-target/tools/binaryen/node_modules/binaryen/bin/wasm-opt}
cargo build --quiet --profile web-release --target wasm32-unknown-unknown -p threadlab-web --bin threadlab-web
rm -rf "$OUT" && mkdir -p "$OUT"
wasm-bindgen --target web --no-typescript --out-dir "$OUT" --out-name threadlab-web-named \
  target/wasm32-unknown-unknown/web-release/threadlab-web.wasm
# The options of index.html's data-wasm-opt-params, plus -g (names kept).
PARAMS=$(sed -n 's/.*data-wasm-opt-params="\([^"]*\)".*/\1/p' index.html)
# shellcheck disable=SC2086
"$WASM_OPT" -Oz $PARAMS -g "$OUT/threadlab-web-named_bg.wasm" -o "$OUT/named_bg.wasm"
mv "$OUT/named_bg.wasm" "$OUT/threadlab-web-named_bg.wasm"
# Pages for the hook's CSP step (it fills their placeholders and stops if a page lacks one).
for page in index.html embed-demo.html; do
  echo '<!doctype html><meta http-equiv="Content-Security-Policy" content="script-src INLINE_SCRIPT_HASHES">' > "$OUT/$page"
done
# The hook renames the lab's and the OSTEP module's glue globals and stops if they are missing.
for m in lab ostep; do echo 'let wasm_bindgen = 0;' > "$OUT/threadlab-$m.js"; done
TRUNK_STAGING_DIR="$OUT" TRUNK_PROFILE=release node web/shrink-wasm.mjs
python3 docs/measure/wasm_parts.py "$OUT/threadlab-web-named_bg.wasm" crates/sim/presets crates/web/src/i18n.rs
