//! Historical worlds from Correlates of War (COW) data: readers for the COW
//! files the user supplies, and the assembly of a scenario for one year.
//!
//! One file per COW file ([`nmc`], [`alliances`], [`contiguity`], [`states`],
//! [`majors`]), a small CSV reader ([`csv`]) they share, [`cow`] to pick the
//! states, borders and alliances of a year, and [`render()`] to write them as a
//! scenario file whose every line can be traced to its source. No COW data is
//! shipped: the importer reads files the user gives it. Two small tables of our
//! own are: [`capitals`] (each state's capital city, for the map) and [`names`]
//! (the names historians give well-known alliances, by COW id). The command is
//! `deterrence import-cow`; the choices it makes are in the README (Historical worlds).

pub mod alliances;
pub mod capitals;
pub mod contiguity;
pub mod cow;
pub mod csv;
mod error;
pub mod majors;
pub mod names;
pub mod nmc;
pub mod render;
pub mod states;

pub use cow::{Imported, Region, Request, Selection, Sources, assemble};
pub use error::ImportError;
pub use render::render;
