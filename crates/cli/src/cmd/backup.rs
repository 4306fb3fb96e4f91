//! `feltbog backup` and `feltbog restore`: the whole profile in one
//! encrypted file, and back into an empty data folder on a new machine.

use crate::common::{new_passphrase, passphrase, said, Result};
use feltbog_api::profile::RestoreKey;
use feltbog_core::{Profile, Session};
use std::path::Path;

pub fn backup(s: &mut Session, out: &Path) -> Result<()> {
    let done = s.backup(out)?;
    eprintln!(
        "backup written to {} ({:.1} MB); it opens with today's passphrase or recovery code",
        done.path,
        done.bytes as f64 / 1e6
    );
    Ok(())
}

pub fn restore(profile: &Profile, file: &Path, recovery_code: bool) -> Result<()> {
    let with = if recovery_code {
        RestoreKey::RecoveryCode {
            code: passphrase("FELTBOG_RECOVERY_CODE", "Recovery code: ")?
                .as_str()
                .into(),
            new_passphrase: {
                let p = new_passphrase("FELTBOG_NEW_PASSPHRASE", "New passphrase: ")?;
                p.as_str().into()
            },
            repeated: Default::default(),
        }
    } else {
        RestoreKey::Passphrase {
            passphrase: passphrase("FELTBOG_PASSPHRASE", "Passphrase of the backup: ")?
                .as_str()
                .into(),
        }
    };
    let (opened, new_code) = profile.restore(file, &with)?;
    let made = opened.session.restored_from()?.unwrap_or_default();
    eprintln!(
        "restored into {} from the backup made {made}",
        profile.dir().display()
    );
    said(&opened);
    if let Some(code) = new_code {
        eprintln!("The recovery code is renewed. Write down the new one; it is shown only once:");
        println!("{}", code.as_str());
    }
    Ok(())
}
