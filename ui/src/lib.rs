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
mod state;
mod zoom;

use wasm_bindgen::prelude::wasm_bindgen;

#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
