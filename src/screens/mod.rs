//! What every screen shares: the [`theme`] (colours that carry meaning, and
//! `NO_COLOR`), the drawing [`widgets`] (big digits, the state badge) and the
//! speaker-facing [`stage`] screen, shown by the console's `s` and by
//! `timekeeper stage`. The console's own screen is drawn in
//! `console::screen`, beside the state it draws.

pub mod floor;
pub mod stage;
pub mod theme;
pub mod widgets;
