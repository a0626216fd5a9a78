// Starts Threadlab's lab module (the sweep and the comparison), after its glue
// `threadlab-lab.js` (which defines `threadlab_lab`: web/shrink-wasm.mjs renames its global so
// that it and the extras module's `wasm_bindgen` can both be on the page): the extras module
// adds both scripts the first time an experiment is opened (crates/web/src/extras.rs).
threadlab_lab('./threadlab-lab_bg.wasm');
