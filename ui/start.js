// Loads the wasm UI. A separate file (not an inline script) so the CSP can
// forbid inline scripts. The mark is when the UI has been fetched, compiled
// and mounted: `cargo xtask bench` reads it (tests/tests/startup.rs).
import init from "./ui.js";
init({ module_or_path: "./ui_bg.wasm" }).then(() => performance.mark("feltbog-ui-ready"));
