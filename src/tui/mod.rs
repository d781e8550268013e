//! The wizard: state, the one `update`, key mapping, geometry, views, the
//! event loop and the effects it carries out.

pub mod backend;
pub mod drafts;
pub mod effects;
pub mod geometry;
pub mod hints;
pub mod keymap;
pub mod keys;
pub mod middle;
pub mod run;
pub mod state;
pub mod step;
pub mod summary;
pub mod terminal;
pub mod theme;
pub mod update;
pub mod view;
