#![allow(missing_docs, dead_code)]
use crate::api::client::Client;
use crate::api::error::ApiError;
use crate::contract::{CreatedToken, Token};
pub(crate) trait ClientStub {
    async fn reset(&self, id: &str) -> Result<CreatedToken, ApiError>;
    async fn set_enabled(&self, id: &str, e: bool) -> Result<Token, ApiError>;
    async fn delete(&self, id: &str) -> Result<(), ApiError>;
}
impl ClientStub for Client {
    async fn reset(&self, _: &str) -> Result<CreatedToken, ApiError> {
        unimplemented!()
    }
    async fn set_enabled(&self, _: &str, _: bool) -> Result<Token, ApiError> {
        unimplemented!()
    }
    async fn delete(&self, _: &str) -> Result<(), ApiError> {
        unimplemented!()
    }
}
