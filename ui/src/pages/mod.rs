//! One module per screen.

pub mod about;
pub mod activities;
pub mod backup;
pub mod cafes;
pub mod calendar;
pub mod cases;
pub mod compliance;
pub mod desk;
pub mod follow_ups;
pub mod owner;
pub mod retention;
pub mod school_merge;
pub mod schools;
pub mod search;
pub mod settings;
pub mod setup;
pub mod summary;
pub mod survey;
pub mod team;
pub mod unlock;
pub mod visit_form;
pub mod visits;
