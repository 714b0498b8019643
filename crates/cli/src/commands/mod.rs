//! One module per group of commands.

pub mod export;
pub mod import;
pub mod items;
pub mod schema;
pub mod serve;
pub mod tables;
