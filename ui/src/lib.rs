//! Feltbog's user interface: Leptos 0.8 client-side pages compiled to wasm32
//! and shown in the Tauri webview.
//!
//! - [`ipc`]: the one typed `call` into the desktop shell.
//! - [`i18n`]: every text the user sees, Danish first, from one catalogue.
//! - [`app`]: the gate (first start, unlock, open) and the layout.
//! - [`state`]: what pages and the layout share: the gate, the page, [`state::Ui`].
//! - `pages/`: one file per screen; `components/`: shared pieces.
#![forbid(unsafe_code)]

mod app;
mod components;
pub mod i18n;
mod ipc;
mod lazy_pages;
mod pages;
mod sidebar;
mod state;
mod zoom;

use wasm_bindgen::prelude::wasm_bindgen;

/// Starts the UI with the text catalogue `ui/start.js` read from the file
/// beside the wasm (`catalogue.tsv`; not compiled in, see
/// `feltbog_api::catalogue::install`).
#[wasm_bindgen]
pub fn start(catalogue: String) {
    console_error_panic_hook::set_once();
    #[cfg(target_arch = "wasm32")]
    if let Err(e) = feltbog_api::catalogue::install(catalogue) {
        // Cannot happen with the catalogue the build copies beside the
        // wasm (its tests parse it); the screens then show their keys.
        web_sys::console::error_1(&format!("feltbog: catalogue.tsv: {e}").into());
    }
    // Natively (the UI's unit tests) the catalogue is compiled in.
    #[cfg(not(target_arch = "wasm32"))]
    drop(catalogue);
    leptos::mount::mount_to_body(app::App);
}
