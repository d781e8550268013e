//! A rotation made from the API page's menu, from its question to its
//! result.

use crate::api::worker::Plan;
use crate::contract::{CreatedToken, Token};

/// The rotation of one token.
#[derive(Debug)]
pub struct Rotation {
    /// The token rotated, as read when the rotation began (its revision
    /// guards the later changes).
    pub old: Token,
    /// Its names and steps.
    pub plan: Plan,
    /// How far it went.
    pub phase: RotationPhase,
}

/// How far a rotation went (its question and its result are
/// [`Ask`](super::Ask)s).
#[derive(Debug)]
pub enum RotationPhase {
    /// Step 1 is running.
    Duplicating,
    /// The new token's secret is on the secret screen (step 2).
    Delivering {
        /// The new token's Id.
        new_id: String,
    },
    /// The secret screen was left with the secret saved: the new token and
    /// its secret, taken before the screen wiped its own copy, for step 3.
    Saved(Box<CreatedToken>),
    /// Steps 3 to 5 are running.
    Finishing,
}

impl Rotation {
    /// Whether its secret screen is the one for `id`.
    pub fn delivers(&self, id: &str) -> bool {
        matches!(&self.phase, RotationPhase::Delivering { new_id } if new_id == id)
    }
}
