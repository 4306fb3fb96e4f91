//! `feltbog init` and `feltbog passwd`: the profile itself.

use crate::common::{new_passphrase, passphrase, Result};
use feltbog_core::keys::KdfParams;
use feltbog_core::Profile;

pub fn init(profile: &Profile) -> Result<()> {
    if profile.exists() {
        return Err(feltbog_core::Error::ProfileExists(profile.dir().to_path_buf()).into());
    }
    let pass = new_passphrase(
        "FELTBOG_PASSPHRASE",
        "New passphrase (at least 10 characters): ",
    )?;
    let (_opened, code) = profile.create(&pass, KdfParams::DEFAULT)?;
    eprintln!("Profile created in {}.", profile.dir().display());
    eprintln!("Write down this recovery code and keep it safe. It is shown only this once:");
    println!("{}", code.as_str());
    Ok(())
}

pub fn passwd(profile: &Profile) -> Result<()> {
    let current = passphrase("FELTBOG_PASSPHRASE", "Current passphrase: ")?;
    let new = new_passphrase("FELTBOG_NEW_PASSPHRASE", "New passphrase: ")?;
    profile.change_passphrase(&current, &new)?;
    eprintln!("the passphrase is changed");
    Ok(())
}
