// Starts Threadlab's extras module (the form's thread list, the embed panel), after its glue
// `threadlab-extras.js` (which defines `wasm_bindgen`): the app adds both scripts the first
// time one of those panels is shown (crates/web/src/extras.rs).
wasm_bindgen('./threadlab-extras_bg.wasm');
