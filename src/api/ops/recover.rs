//! What a change that ended in an error did, told from the token as it is
//! now. A claim about the token's state is made only from a fresh read:
//! after a lost answer, what was asked is not evidence of what happened.

use crate::api::client::Guard;
use crate::api::error::ApiError;
use crate::contract::Token;

use super::{Ops, TokenOp, TokenOpDone};

/// What became of `op` on `token` (as read), whose last try ended in
/// `error`: done after all, when the token now shows the change as asked
/// (the answer, not the change, was lost), or why not.
pub(super) async fn after(
    ops: &Ops<'_>,
    id: &str,
    op: &TokenOp,
    guard: &Guard,
    error: ApiError,
) -> Result<TokenOpDone, ApiError> {
    let lost = error.is_transient() || matches!(error, ApiError::BadBody { .. });
    let precondition = matches!(error, ApiError::PreconditionFailed { .. });
    let gone = matches!(error, ApiError::NotFound { .. });
    if !(lost || precondition || gone) {
        return Err(error);
    }
    let now = match ops.read(id).await {
        Ok(now) => now,
        // Nothing more is known than before the read.
        Err(_) if lost => return Err(unknown(error, guard, false)),
        Err(_) => return Err(ApiError::Changed { current: None }),
    };
    if precondition || gone {
        return match (now, op) {
            // What was asked already holds (another admin asked the same):
            // nothing of theirs is undone by saying so.
            (None, TokenOp::Delete) => Ok(TokenOpDone::Deleted),
            (Some(now), TokenOp::SetEnabled(on)) if now.is_enabled() == *on => {
                Ok(TokenOpDone::Updated(now))
            }
            (Some(now), TokenOp::Update(req)) if now.to_request() == **req => {
                Ok(TokenOpDone::Updated(now))
            }
            (now, _) => Err(ApiError::Changed {
                current: now.map(Box::new),
            }),
        };
    }
    judge(op, guard, error, now)
}

/// The outcome of a change whose answer was lost, from the token now
/// (`None`: it is gone).
fn judge(
    op: &TokenOp,
    guard: &Guard,
    error: ApiError,
    now: Option<Token>,
) -> Result<TokenOpDone, ApiError> {
    let Some(now) = now else {
        return match op {
            // Gone, as asked (by this delete or another: the same end).
            TokenOp::Delete => Ok(TokenOpDone::Deleted),
            _ => Err(ApiError::Changed { current: None }),
        };
    };
    // Without a revision nothing tells an untouched token from a changed one.
    let untouched = !guard.revision.is_empty() && now.revision == guard.revision;
    match op {
        TokenOp::SetEnabled(on) if now.is_enabled() == *on => Ok(TokenOpDone::Updated(now)),
        TokenOp::Update(req) if now.to_request() == **req => Ok(TokenOpDone::Updated(now)),
        // The change never reached the server: nothing changed.
        _ if untouched => Err(error),
        // Still there: whatever else happened, it was not deleted.
        TokenOp::Delete => Err(error),
        // A new revision: the secret may be new, and only the lost answer
        // (replayed with the key) holds it.
        TokenOp::Reset => Err(unknown(error, guard, true)),
        _ => Err(ApiError::Changed {
            current: Some(Box::new(now)),
        }),
    }
}

fn unknown(error: ApiError, guard: &Guard, changed: bool) -> ApiError {
    ApiError::OutcomeUnknown {
        error: Box::new(error),
        key: guard.key.clone(),
        changed,
    }
}
