//! Zoom for those who need larger text: Ctrl and + or − (or the mouse
//! wheel with Ctrl) in steps of 20 %, Ctrl and 0 back to 100 %. The zoom is
//! the webview's own (the page reflows as at a smaller window), set by the
//! shell, and remembered outside the encrypted profile (it says nothing
//! about anyone), so the unlock screen opens at it too.

use crate::ipc::call;
use feltbog_api::commands::SetZoom;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

const KEY: &str = "feltbog.zoom";
const STEP: u16 = 20;
const MIN: u16 = 60;
const MAX: u16 = 300;
/// One wheel gesture is many events (a trackpad sends dozens): one step
/// per this many milliseconds.
const WHEEL_EVERY_MS: f64 = 150.0;

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

fn remembered() -> u16 {
    storage()
        .and_then(|s| s.get_item(KEY).ok().flatten())
        .and_then(|z| z.parse::<u16>().ok())
        .map_or(100, |z| z.clamp(MIN, MAX))
}

/// Sets `percent` and remembers what the shell set.
fn apply(percent: u16) {
    spawn_local(async move {
        if let Ok(set) = call(&SetZoom { percent }).await {
            if let Some(s) = storage() {
                let _ = s.set_item(KEY, &set.to_string());
            }
        }
    });
}

/// The zoom after a key, if the key is one of the zoom keys.
fn after_key(now: u16, key: &str) -> Option<u16> {
    match key {
        "+" | "=" => Some(now.saturating_add(STEP)),
        "-" => Some(now.saturating_sub(STEP)),
        "0" => Some(100),
        _ => None,
    }
}

/// Sets the remembered zoom, and listens for the zoom keys and Ctrl+wheel
/// for the life of the app.
pub fn start() {
    let zoom = StoredValue::new(remembered());
    if zoom.get_value() != 100 {
        apply(zoom.get_value());
    }
    let set = move |next: u16| {
        let next = next.clamp(MIN, MAX);
        if next != zoom.get_value() {
            zoom.set_value(next);
            apply(next);
        }
    };
    let _ = window_event_listener(leptos::ev::keydown, move |ev| {
        if !(ev.ctrl_key() || ev.meta_key()) {
            return;
        }
        if let Some(next) = after_key(zoom.get_value(), &ev.key()) {
            ev.prevent_default();
            set(next);
        }
    });
    // Not passive (a window's wheel listener is passive unless it says so),
    // or the page would scroll as well as zoom.
    let last = StoredValue::new(0.0_f64);
    let on_wheel = Closure::<dyn Fn(web_sys::WheelEvent)>::new(move |ev: web_sys::WheelEvent| {
        if !ev.ctrl_key() {
            return;
        }
        ev.prevent_default();
        let (dy, at) = (ev.delta_y(), ev.time_stamp());
        if dy == 0.0 || at - last.get_value() < WHEEL_EVERY_MS {
            return;
        }
        last.set_value(at);
        let now = zoom.get_value();
        set(if dy < 0.0 {
            now.saturating_add(STEP)
        } else {
            now.saturating_sub(STEP)
        });
    });
    let options = web_sys::AddEventListenerOptions::new();
    options.set_passive(false);
    if let Some(w) = web_sys::window() {
        let _ = w.add_event_listener_with_callback_and_add_event_listener_options(
            "wheel",
            on_wheel.as_ref().unchecked_ref(),
            &options,
        );
    }
    on_wheel.forget();
}
