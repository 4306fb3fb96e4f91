//! The end-to-end tests' hooks, compiled only with the `test-hooks`
//! feature (which only `cargo xtask test` turns on): a fixed "today" from
//! `FELTBOG_TEST_TODAY`, so no test depends on the day it runs; a read
//! made to fail (`FELTBOG_TEST_FAIL_READ=list_schools`), so a test can see
//! the page say so instead of showing an empty list; and the background
//! sync's interval (`FELTBOG_TEST_SYNC_EVERY_SECS`), so a test can show a
//! state that the next minute's sync would end (a member waiting to be
//! admitted). Without the feature all are the ordinary behaviour, and
//! nothing reads the variables.

use feltbog_api::ApiError;
use feltbog_core::session::Clock;

/// "Today" for the app: the tests' fixed day.
#[cfg(feature = "test-hooks")]
pub fn clock() -> Clock {
    Clock::from_test_env()
}

/// "Today" for the app: the machine's date.
#[cfg(not(feature = "test-hooks"))]
pub fn clock() -> Clock {
    Clock::System
}

/// Fails the command `name` when the tests ask for it.
pub fn fail_read(name: &str) -> Result<(), ApiError> {
    #[cfg(feature = "test-hooks")]
    if std::env::var("FELTBOG_TEST_FAIL_READ").is_ok_and(|v| v == name) {
        return Err(ApiError::new(
            feltbog_api::ErrorKind::Io,
            "file error: the end-to-end test made this read fail",
        ));
    }
    let _ = name;
    Ok(())
}

/// How often the background sync runs while unlocked.
pub fn sync_every() -> std::time::Duration {
    #[cfg(feature = "test-hooks")]
    if let Some(secs) = std::env::var("FELTBOG_TEST_SYNC_EVERY_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
    {
        return std::time::Duration::from_secs(secs);
    }
    crate::sync::EVERY
}
