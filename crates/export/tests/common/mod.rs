//! What the export tests share: poppler's tools, which read a PDF back as
//! its reader would.
#![allow(dead_code)]

use std::process::Command;

/// Runs one of poppler's tools and answers its output.
pub fn tool(program: &str, args: &[&str]) -> String {
    let out = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| {
            panic!("{program} (poppler-utils; `cargo xtask test` installs it): {e}")
        });
    assert!(
        out.status.success(),
        "{program}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Every font of the PDF at `p` is embedded.
pub fn assert_fonts_embedded(p: &str) {
    let fonts = tool("pdffonts", &[p]);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty(), "{fonts}");
    for row in rows {
        // Columns: name, type, encoding, emb, sub, uni, object, ID.
        let cols: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(cols[cols.len() - 5], "yes", "not embedded: {row}");
    }
}

/// Pages 1 to `last` of the PDF at `p` as pictures,
/// `target/e2e-screens/<name>-N.png`, for a person to look at.
pub fn page_pictures(p: &str, name: &str, last: u32) {
    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/e2e-screens");
    std::fs::create_dir_all(&out).unwrap();
    let png = out.join(name);
    let last = last.to_string();
    tool(
        "pdftoppm",
        &[
            "-png",
            "-r",
            "70",
            "-f",
            "1",
            "-l",
            &last,
            p,
            png.to_str().unwrap(),
        ],
    );
}
