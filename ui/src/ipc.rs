//! The one way the UI talks to the shell: `call(&Request)`. The command name
//! and the response type come from the request's `Command` impl, so no
//! command string is written in the UI.

use feltbog_api::{ApiError, Command, ErrorKind};
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = ["window", "__TAURI__", "core"], catch)]
    async fn invoke(cmd: &str, args: JsValue) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(js_namespace = ["window", "__TAURI__", "event"], catch)]
    async fn listen(event: &str, handler: &js_sys::Function) -> Result<JsValue, JsValue>;
}

/// Calls `f` each time the shell emits `event`, for the life of the app.
pub fn on_event(event: &'static str, f: impl Fn() + 'static) {
    let closure = Closure::<dyn Fn(JsValue)>::new(move |_: JsValue| f());
    leptos::task::spawn_local(async move {
        // Without the listener the heartbeat still notices a lock.
        let _ = listen(event, closure.as_ref().unchecked_ref()).await;
        closure.forget();
    });
}

#[derive(Serialize)]
struct Args<'a, T> {
    req: &'a T,
}

/// Invokes the command for `req` and decodes its typed answer or error.
pub async fn call<C: Command>(req: &C) -> Result<C::Response, ApiError> {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    let args = Args { req }.serialize(&serializer).map_err(internal)?;
    match invoke(C::NAME, args).await {
        Ok(value) => serde_wasm_bindgen::from_value(value).map_err(internal),
        Err(err) => Err(serde_wasm_bindgen::from_value::<ApiError>(err.clone())
            .unwrap_or_else(|_| ApiError::new(ErrorKind::Internal, format!("{err:?}")))),
    }
}

fn internal(e: impl std::fmt::Display) -> ApiError {
    ApiError::new(ErrorKind::Internal, e.to_string())
}
