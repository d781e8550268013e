//! Response builders, so every answer uses the contract's JSON and envelope.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::contract::{ErrorBody, FieldError};

/// A JSON body with a status.
pub(crate) fn json<T: Serialize>(status: StatusCode, body: &T) -> Response {
    (status, Json(body)).into_response()
}

/// The error envelope without field errors.
pub(crate) fn error(status: StatusCode, message: impl Into<String>) -> Response {
    json(status, &ErrorBody::new(message))
}

/// The error envelope with field errors.
pub(crate) fn fields(
    status: StatusCode,
    message: impl Into<String>,
    errors: Vec<FieldError>,
) -> Response {
    json(
        status,
        &ErrorBody {
            errors,
            ..ErrorBody::new(message)
        },
    )
}

/// One field error.
pub(crate) fn field(name: crate::model::validate::Field, message: impl Into<String>) -> FieldError {
    FieldError {
        field: name.wire().into(),
        message: message.into(),
    }
}
