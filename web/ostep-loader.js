// Starts Threadlab's OSTEP module (the homework import box), after its glue
// `threadlab-ostep.js` (which defines `threadlab_ostep`: web/shrink-wasm.mjs renames its global,
// as the lab module's): the extras module adds both scripts the first time the box is opened
// (crates/web/src/extras.rs).
threadlab_ostep('./threadlab-ostep_bg.wasm');
