//! A desktop's notification service, played by the tests: a private D-Bus
//! session bus (`dbus-daemon`, as a desktop session starts one) with a
//! server of the freedesktop Desktop Notifications Specification on it,
//! which records what the app shows and can click a notification the way
//! GNOME's or KDE's would (the `ActionInvoked` signal with the action
//! `default`). The app is started with the bus's address, so its
//! notifications reach this server and nothing else.

use anyhow::{bail, Context, Result};
use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use zbus::zvariant::OwnedValue;

const PATH: &str = "/org/freedesktop/Notifications";
const INTERFACE: &str = "org.freedesktop.Notifications";

/// A notification as the app sent it.
#[derive(Debug, Clone)]
pub struct Shown {
    pub id: u32,
    pub app_name: String,
    pub summary: String,
    pub body: String,
    pub actions: Vec<String>,
}

#[derive(Default)]
struct Service {
    shown: Arc<Mutex<Vec<Shown>>>,
}

#[zbus::interface(name = "org.freedesktop.Notifications")]
impl Service {
    #[allow(clippy::too_many_arguments)] // the specification's signature
    fn notify(
        &mut self,
        app_name: String,
        _replaces_id: u32,
        _app_icon: String,
        summary: String,
        body: String,
        actions: Vec<String>,
        _hints: HashMap<String, OwnedValue>,
        _expire_timeout: i32,
    ) -> u32 {
        let mut shown = self.shown.lock().unwrap();
        let id = u32::try_from(shown.len()).unwrap() + 1;
        shown.push(Shown {
            id,
            app_name,
            summary,
            body,
            actions,
        });
        id
    }

    fn get_capabilities(&self) -> Vec<String> {
        vec!["body".into(), "actions".into()]
    }

    fn get_server_information(&self) -> (String, String, String, String) {
        (
            "feltbog-e2e".into(),
            "Feltbog".into(),
            "1".into(),
            "1.2".into(),
        )
    }

    fn close_notification(&self, _id: u32) {}
}

/// The bus and the server on it; both end when this is dropped.
pub struct NotificationServer {
    daemon: Child,
    address: String,
    connection: zbus::blocking::Connection,
    shown: Arc<Mutex<Vec<Shown>>>,
}

impl NotificationServer {
    /// Starts a session bus of its own and the server on it.
    pub fn start() -> Result<NotificationServer> {
        let mut daemon = Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--nopidfile", "--print-address=1"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .context("could not start dbus-daemon: run `cargo xtask setup`")?;
        let mut address = String::new();
        let stdout = daemon.stdout.take().context("dbus-daemon's output")?;
        BufReader::new(stdout).read_line(&mut address)?;
        let address = address.trim().to_string();
        if address.is_empty() {
            let _ = daemon.kill();
            bail!("dbus-daemon printed no address");
        }
        let shown = Arc::new(Mutex::new(Vec::new()));
        let connection = zbus::blocking::connection::Builder::address(address.as_str())?
            .name("org.freedesktop.Notifications")?
            .serve_at(
                PATH,
                Service {
                    shown: shown.clone(),
                },
            )?
            .build()
            .context("could not serve notifications on the test's bus")?;
        Ok(NotificationServer {
            daemon,
            address,
            connection,
            shown,
        })
    }

    /// The environment that sends the app's notifications here.
    pub fn env(&self) -> [(&str, &str); 1] {
        [("DBUS_SESSION_BUS_ADDRESS", self.address.as_str())]
    }

    /// Every notification shown so far.
    pub fn shown(&self) -> Vec<Shown> {
        self.shown.lock().unwrap().clone()
    }

    /// Waits up to `patience` for the `n`th notification.
    pub fn wait_for(&self, n: usize, patience: Duration) -> Result<Shown> {
        let started = Instant::now();
        loop {
            if let Some(s) = self.shown().get(n - 1) {
                return Ok(s.clone());
            }
            if started.elapsed() > patience {
                bail!("notification {n} never came ({} shown)", self.shown().len());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Clicks notification `id` as a desktop does: `ActionInvoked` with
    /// the action `default`.
    pub fn click(&self, id: u32) -> Result<()> {
        self.connection.emit_signal(
            None::<zbus::names::BusName<'_>>,
            PATH,
            INTERFACE,
            "ActionInvoked",
            &(id, "default"),
        )?;
        Ok(())
    }
}

impl Drop for NotificationServer {
    fn drop(&mut self) {
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
    }
}
