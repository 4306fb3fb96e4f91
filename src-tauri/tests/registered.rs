//! Every command the api declares is registered in the Tauri handler: each is
//! invoked through Tauri's mock runtime and must not come back "not found".

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic

use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, mock_context, noop_assets, INVOKE_KEY};
use tauri::webview::InvokeRequest;

fn invoke(webview: &tauri::WebviewWindow<tauri::test::MockRuntime>, cmd: &str) -> String {
    let req = InvokeRequest {
        cmd: cmd.into(),
        callback: CallbackFn(0),
        error: CallbackFn(1),
        url: "tauri://localhost".parse().unwrap(),
        body: InvokeBody::Json(serde_json::json!({ "req": {} })),
        headers: Default::default(),
        invoke_key: INVOKE_KEY.to_string(),
    };
    match get_ipc_response(webview, req) {
        Ok(_) => "ok".into(),
        Err(e) => e.to_string(),
    }
}

#[test]
fn every_api_command_is_registered() {
    let dir = tempfile::tempdir().unwrap();
    // A key file marks a profile as there, so the commands that show a
    // file dialog refuse before showing one (the restore's open dialog is
    // only for an empty folder; the others need an unlocked profile): the
    // mock runtime would wait on a dialog for ever.
    std::fs::write(dir.path().join("keys.json"), "{}").unwrap();
    let app = feltbog_desk::builder(mock_builder(), dir.path().into())
        .build(mock_context(noop_assets()))
        .unwrap();
    let webview = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();

    // The check can fail: an unknown name is reported as not found.
    assert!(invoke(&webview, "no_such_command").contains("not found"));
    for name in feltbog_api::COMMANDS {
        let answer = invoke(&webview, name);
        assert!(
            !answer.contains("not found"),
            "{name} is not registered: {answer}"
        );
    }
}
