//! TEMPORARY STUB, replaced by the sandbox branch.
#![allow(missing_docs, dead_code)]
use crate::model::account::AccountType;
use std::net::SocketAddr;
pub struct DemoAccount {
    pub account_type: AccountType,
    pub account_sid: String,
    pub auth_token: String,
    pub company_name: String,
    pub role: String,
}
pub fn demo_account(t: AccountType) -> DemoAccount {
    DemoAccount {
        account_type: t,
        account_sid: "X".into(),
        auth_token: "Y".into(),
        company_name: "Z".into(),
        role: "admin".into(),
    }
}
#[derive(Clone)]
pub struct SandboxHandle {
    addr: SocketAddr,
}
impl SandboxHandle {
    pub async fn start(addr: SocketAddr) -> std::io::Result<SandboxHandle> {
        Ok(SandboxHandle { addr })
    }
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }
    pub fn shutdown(&self) {}
}
pub async fn run_standalone(_addr: SocketAddr) -> std::io::Result<()> {
    Ok(())
}
