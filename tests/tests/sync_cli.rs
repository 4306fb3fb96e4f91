//! Team sync from the command line, the forms scripts rely on, through the
//! real `feltbog-server` binary on loopback: create a team, invite, join,
//! sync both ways, status, conflicts, bad input, and a server that dies and
//! comes back (exit 5, nothing lost). Fictitious data only.

use anyhow::Result;
use feltbog_e2e::server::SyncServer;
use feltbog_e2e::{cli, cli_profile, cli_status};

const PASS: &str = "korrekt hest batteri hæfteklamme";

#[test]
fn cli_profiles_work_as_a_team_through_the_server() -> Result<()> {
    let sdir = std::env::temp_dir().join(format!("feltbog-e2e-server-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&sdir);
    std::fs::create_dir_all(&sdir)?;
    let server = SyncServer::start(&sdir, None)?;
    let code = server.setup_code()?;
    let url = server.url.clone();

    let a = cli_profile(
        "sync-a",
        PASS,
        &[
            &[
                "school",
                "add",
                "--name",
                "Egeby Skole",
                "--kind",
                "folkeskole",
                "--town",
                "Egeby",
            ],
            &[
                "visit",
                "add",
                "--school",
                "Egeby Skole",
                "--date",
                "2026-11-18",
                "--purpose",
                "class-talk",
                "--notes",
                "Klasseoplæg, CLI-MARKØR",
            ],
        ],
    )?;
    // Bad input names the flag and changes nothing.
    let (code2, _, err) = cli_status(
        &a,
        PASS,
        &[
            "team",
            "create",
            "--server",
            "http://sync.egeby.dk",
            "--name",
            "SSP",
            "--setup-code",
            &code,
        ],
    )?;
    assert_eq!(code2, 2, "{err}");
    assert!(
        err.contains("--server") && err.contains("https://"),
        "{err}"
    );
    cli(
        &a,
        PASS,
        &[
            "team",
            "create",
            "--server",
            &url,
            "--name",
            "SSP Egeby",
            "--setup-code",
            &code,
            "--member-name",
            "Anne",
        ],
    )?;
    let status = cli(&a, PASS, &["sync", "status"])?;
    assert!(
        status.contains("SSP Egeby") && status.contains("coordinator"),
        "{status}"
    );

    let invite = cli(&a, PASS, &["team", "invite", "--role", "consultant"])?;
    let invite = invite.trim();
    assert_eq!(invite.len(), 33, "XXXX-… groups of four: {invite}");
    let b = cli_profile("sync-b", PASS, &[])?;
    let first = if invite.starts_with('Z') { "Y" } else { "Z" };
    let mistyped = format!("{first}{}", &invite[1..]);
    let (code3, _, err) = cli_status(
        &b,
        PASS,
        &[
            "team",
            "join",
            "--server",
            &url,
            "--code",
            &mistyped,
            "--member-name",
            "Bo",
        ],
    )?;
    assert_eq!(code3, 2, "{err}");
    assert!(err.contains("--code"), "{err}");
    cli(
        &b,
        PASS,
        &[
            "team",
            "join",
            "--server",
            &url,
            "--code",
            invite,
            "--member-name",
            "Bo",
        ],
    )?;
    // The invite works once.
    let c = cli_profile("sync-c", PASS, &[])?;
    let (code4, _, err) = cli_status(
        &c,
        PASS,
        &[
            "team",
            "join",
            "--server",
            &url,
            "--code",
            invite,
            "--member-name",
            "Cai",
        ],
    )?;
    assert_eq!(code4, 1, "{err}");
    assert!(err.contains("invite"), "{err}");

    let sent = cli(&a, PASS, &["sync"])?;
    assert!(sent.starts_with("sent "), "{sent}");
    let got = cli(&b, PASS, &["sync"])?;
    assert!(
        got.contains("received 5"),
        "the school, the visit, two members, the team's rules: {got}"
    );
    assert!(cli(&b, PASS, &["visit", "list", "--json"])?.contains("CLI-MARKØR"));
    let st: serde_json::Value =
        serde_json::from_str(&cli(&b, PASS, &["sync", "status", "--json"])?)?;
    assert_eq!(st["team"]["name"], "SSP Egeby");
    assert_eq!(st["team"]["role"], "consultant");
    assert_eq!(st["waiting"], 0);
    assert_eq!(cli(&b, PASS, &["conflicts", "--json"])?.trim(), "[]");
    // The member list, once the coordinator has admitted Bo.
    cli(&a, PASS, &["sync"])?;
    cli(&b, PASS, &["sync"])?;
    let members = cli(&b, PASS, &["team", "members"])?;
    assert!(
        members.contains("Anne") && members.contains("coordinator"),
        "{members}"
    );
    assert!(
        members.contains("Bo") && members.contains("(this device)"),
        "{members}"
    );
    let listed: serde_json::Value =
        serde_json::from_str(&cli(&a, PASS, &["team", "members", "--json"])?)?;
    assert_eq!(listed.as_array().map(Vec::len), Some(2), "{listed}");
    let (code6, _, err) = cli_status(&a, PASS, &["team", "remove", "Nobody"])?;
    assert_eq!(code6, 2, "{err}");
    assert!(err.contains("MEMBER"), "{err}");
    assert!(cli(&b, PASS, &["conflicts"])?.contains("no conflicts"));

    // The server dies: writing goes on, sync says so with exit 5.
    let port = server.port;
    server.kill();
    cli(
        &b,
        PASS,
        &[
            "visit",
            "add",
            "--school",
            "Egeby Skole",
            "--date",
            "2026-11-19",
            "--purpose",
            "survey",
            "--notes",
            "skrevet offline",
        ],
    )?;
    let (code5, _, err) = cli_status(&b, PASS, &["sync"])?;
    assert_eq!(code5, 5, "{err}");
    assert!(err.contains("nothing is lost"), "{err}");
    let st: serde_json::Value =
        serde_json::from_str(&cli(&b, PASS, &["sync", "status", "--json"])?)?;
    assert!(st["waiting"].as_u64().unwrap_or(0) >= 1, "{st}");

    // It comes back; the waiting change goes through and reaches A.
    let _server = SyncServer::start(&sdir, Some(port))?;
    cli(&b, PASS, &["sync"])?;
    cli(&a, PASS, &["sync"])?;
    assert!(cli(&a, PASS, &["visit", "list", "--json"])?.contains("skrevet offline"));
    for dir in [a, b, c, sdir] {
        let _ = std::fs::remove_dir_all(dir);
    }
    Ok(())
}
