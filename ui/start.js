// Loads the wasm UI. A separate file (not an inline script) so the CSP can
// forbid inline scripts. The text catalogue is a file beside the wasm, read
// while the wasm compiles, not compiled into it (it would be 135 KB of the
// module that loads before the unlock screen). The mark is when the UI has
// been fetched, compiled and mounted: `cargo xtask bench` reads it
// (tests/tests/startup.rs).
import init, { start } from "./ui.js";

const catalogue = fetch("./catalogue.tsv")
  .then((r) => (r.ok ? r.text() : Promise.reject(new Error(`HTTP ${r.status}`))))
  .then((text) =>
    // The shell answers a missing file with the index page.
    text.trimStart().startsWith("<") ? Promise.reject(new Error("not the catalogue")) : text,
  )
  .catch((e) => {
    // Cannot happen in a built app (the build copies the file); the
    // screens then show their keys rather than nothing.
    console.error(`feltbog: catalogue.tsv could not be read: ${e}`);
    return "";
  });

Promise.all([init({ module_or_path: "./ui_bg.wasm" }), catalogue])
  .then(([, texts]) => {
    start(texts);
    performance.mark("feltbog-ui-ready");
  })
  .catch((e) => console.error(`feltbog: the UI did not start: ${e}`));
