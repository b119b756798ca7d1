//! End-to-end tests of the fake server over real HTTP on 127.0.0.1.

mod auth;
mod certifications;
mod faults;
mod otp;
mod support;
mod tokens;
