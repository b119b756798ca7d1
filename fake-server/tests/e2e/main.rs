//! End-to-end tests of the fake server over real HTTP on 127.0.0.1.

mod auth;
mod certifications;
mod faults;
mod otp;
mod support;
mod tokens;
mod v2_auth;
mod v2_errors;
mod v2_flow;
mod v2_list;
mod v2_support;
