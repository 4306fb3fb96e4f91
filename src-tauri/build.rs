fn main() {
    // The bundled SQLCipher's sqlite3_* symbols must not be exported from the
    // app binary: they would override the system libsqlite3 that WebKitGTK
    // loads into the same process (TOOLCHAIN.md).
    println!("cargo:rustc-link-arg-bins=-Wl,--exclude-libs,ALL");
    tauri_build::build();
}
