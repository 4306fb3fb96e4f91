//! Team sync from the command line, the forms scripts rely on, through the
//! real `feltbog-server` binary on loopback: create a team, invite, join,
//! sync both ways, status, conflicts and schools of one name that met,
//! bad input, a server that dies and comes back (exit 5, nothing lost),
//! and a copied profile caught (exit 6) that leaves and joins again with a
//! code read from standard input. Fictitious data only.

use anyhow::Result;
use feltbog_e2e::server::SyncServer;
use feltbog_e2e::{cli, cli_profile, cli_status, cli_stdin, school_add};

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
            &school_add("Egeby Skole", "Egeby"),
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
    // Bo made the same school before joining: two of one name will meet.
    let b = cli_profile("sync-b", PASS, &[&school_add("Egeby Skole", "Egeby")])?;
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

    // Until the coordinator's device has admitted Bo, his changes wait.
    cli(&b, PASS, &["sync"])?;
    let st = cli(&b, PASS, &["sync", "status"])?;
    assert!(
        st.contains("sent once a coordinator's device has admitted"),
        "{st}"
    );
    let waiting = cli(&a, PASS, &["team", "members"])?;
    assert!(
        waiting.contains("Bo") && waiting.contains("waiting"),
        "{waiting}"
    );
    let sent = cli(&a, PASS, &["sync"])?;
    assert!(sent.starts_with("sent "), "{sent}");
    let got = cli(&b, PASS, &["sync"])?;
    assert!(
        got.contains("received 7"),
        "the school, the visit, two members, the team's rules, the two epochs: {got}"
    );
    assert!(cli(&b, PASS, &["visit", "list", "--json"])?.contains("CLI-MARKØR"));
    let st: serde_json::Value =
        serde_json::from_str(&cli(&b, PASS, &["sync", "status", "--json"])?)?;
    assert_eq!(st["team"]["name"], "SSP Egeby");
    assert_eq!(st["team"]["role"], "consultant");
    assert_eq!(st["waiting"], 0);
    // The two "Egeby Skole" met: listed, and merged as the app does.
    let names: serde_json::Value = serde_json::from_str(&cli(&b, PASS, &["conflicts", "--json"])?)?;
    assert_eq!(names[0]["kind"], "name", "{names}");
    assert_eq!(names[0]["name"], "Egeby Skole");
    assert_eq!(names[0]["ids"].as_array().map(Vec::len), Some(2));
    assert!(cli(&b, PASS, &["conflicts"])?.contains("school merge"));
    let (code7, _, err) = cli_status(&b, PASS, &["school", "merge", "Vestby Skole"])?;
    assert_eq!(code7, 2, "{err}");
    assert!(err.contains("NAME"), "{err}");
    cli(&b, PASS, &["school", "merge", "egeby skole"])?;
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

    // Bo's profile is copied to a second laptop and both are used: the one
    // that syncs second is caught (exit 6), sends nothing, and leaves and
    // joins again with a new code read from standard input.
    let copy = sdir.join("bo-kopi");
    std::fs::create_dir_all(&copy)?;
    for e in std::fs::read_dir(&b)? {
        let e = e?;
        std::fs::copy(e.path(), copy.join(e.file_name()))?;
    }
    let note = |n: &'static str| {
        [
            "visit",
            "add",
            "--school",
            "Egeby Skole",
            "--date",
            "2026-11-20",
            "--purpose",
            "survey",
            "--notes",
            n,
        ]
    };
    cli(&copy, PASS, &note("fra kopien"))?;
    cli(&copy, PASS, &["sync"])?;
    cli(&b, PASS, &note("fra originalen"))?;
    let (code8, _, err) = cli_status(&b, PASS, &["sync"])?;
    assert_eq!(code8, 6, "{err}");
    assert!(
        err.contains("misbehaved") && err.contains("team leave"),
        "{err}"
    );
    assert!(cli(&b, PASS, &["sync", "status"])?.contains("ALARM"));
    let (code9, _, err) = cli_status(&b, PASS, &["team", "leave"])?;
    assert_eq!(code9, 2, "{err}");
    assert!(err.contains("--yes"), "{err}");
    cli(&b, PASS, &["team", "leave", "--yes"])?;
    let again = cli(&a, PASS, &["team", "invite"])?;
    cli_stdin(
        &b,
        PASS,
        &[
            "team",
            "join",
            "--server",
            &url,
            "--code",
            "-",
            "--member-name",
            "Bo",
        ],
        &format!("{}\n", again.trim()),
    )?;
    cli(&a, PASS, &["sync"])?;
    let out = cli(&b, PASS, &["sync"])?;
    assert!(!out.contains("refused"), "{out}");
    cli(&a, PASS, &["sync"])?;
    let seen = cli(&a, PASS, &["visit", "list", "--json"])?;
    assert!(
        seen.contains("fra kopien") && seen.contains("fra originalen"),
        "{seen}"
    );

    // Two "Bo" on the list now (the old device, still used by the copy):
    // the coordinator removes the old one by its id, and a colleague who
    // joins after the removal reads everything.
    let (code10, _, err) = cli_status(&a, PASS, &["team", "remove", "Bo"])?;
    assert_eq!(code10, 2, "{err}");
    assert!(err.contains("device id"), "{err}");
    let mine: serde_json::Value =
        serde_json::from_str(&cli(&b, PASS, &["team", "members", "--json"])?)?;
    let new_bo = mine
        .as_array()
        .and_then(|l| l.iter().find(|m| m["this_device"] == true))
        .and_then(|m| m["device"].as_str())
        .unwrap_or_default()
        .to_string();
    let all: serde_json::Value =
        serde_json::from_str(&cli(&a, PASS, &["team", "members", "--json"])?)?;
    let old_bo = all
        .as_array()
        .and_then(|l| {
            l.iter()
                .find(|m| m["name"] == "Bo" && m["device"] != new_bo.as_str())
        })
        .and_then(|m| m["device"].as_str())
        .unwrap_or_default()
        .to_string();
    cli(&a, PASS, &["team", "remove", &old_bo])?;
    let (code11, _, err) = cli_status(&copy, PASS, &["sync"])?;
    assert_eq!(code11, 1, "the removed device is refused: {err}");
    let e = cli_profile("sync-e", PASS, &[])?;
    let code_e = cli(&a, PASS, &["team", "invite"])?;
    cli(
        &e,
        PASS,
        &[
            "team",
            "join",
            "--server",
            &url,
            "--code",
            code_e.trim(),
            "--member-name",
            "Eva",
        ],
    )?;
    cli(&a, PASS, &["sync"])?;
    let out = cli(&e, PASS, &["sync"])?;
    assert!(!out.contains("refused"), "{out}");
    let seen = cli(&e, PASS, &["visit", "list", "--json"])?;
    assert!(
        [
            "CLI-MARKØR",
            "skrevet offline",
            "fra kopien",
            "fra originalen"
        ]
        .iter()
        .all(|n| seen.contains(n)),
        "{seen}"
    );
    for dir in [a, b, c, e, sdir] {
        let _ = std::fs::remove_dir_all(dir);
    }
    Ok(())
}
