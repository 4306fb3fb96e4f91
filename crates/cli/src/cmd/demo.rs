//! `feltbog demo load`: the fictitious demo municipality ("Egeby").

use crate::common::Result;
use clap::Subcommand;
use feltbog_core::Session;

#[derive(Subcommand)]
pub enum DemoCmd {
    /// Load the fictitious demo municipality into an empty profile
    Load,
}

pub fn run(s: &mut Session, cmd: DemoCmd) -> Result<()> {
    match cmd {
        DemoCmd::Load => {
            s.load_demo()?;
            eprintln!("the fictitious demo municipality is loaded");
            Ok(())
        }
    }
}
