//! The whole certification flow against the in-process fake I'mport server:
//! token → OTP request → confirm → get → delete. Personal data in the typed
//! results prints as `<redacted>`.
//!
//! ```sh
//! cargo run --example flow
//! ```

use std::time::Duration;

use iamport_certification::types::{Carrier, OtpConfirmation, OtpRequest};
use iamport_certification::{Client, Error};
use iamport_fake_server::FakeServer;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let server = FakeServer::start().await?;
    println!("fake I'mport server on {}\n", server.base_url());

    let client = Client::builder()
        .base_url(server.base_url())
        .credentials("test_imp_key", "test_imp_secret")
        .timeout(Duration::from_secs(5))
        .build()?;

    // The client fetches, caches and renews its token by itself; `access_token()` shows the one it
    // sends (fetched now, and cached for the calls below). `get_token(..)` would call the API
    // directly, bypassing that cache.
    let token = client.access_token().await?;
    println!("1. token: {token:?} (a Secret: it never prints)\n");

    let mut person = OtpRequest::new("홍길동", "010-1234-5678", "1990-01-01", "1", Carrier::Skt);
    person.company = Some("example.com".into());
    println!("2. requesting an OTP for {person:#?}");
    let started = client.request_otp(&person).await?;
    println!("   started: {started:#?}\n");

    // A real person would read the code from their SMS.
    let otp = server.otp_for(&started.imp_uid).ok_or("the fake server has no OTP")?;
    let certified = client.confirm_otp(&started.imp_uid, &OtpConfirmation::new(otp)).await?;
    println!("3. confirmed: {certified:#?}\n");

    let fetched = client.get_certification(&started.imp_uid).await?;
    println!("4. fetched again: certified = {:?}, carrier = {:?}\n", fetched.certified, fetched.carrier);

    let deleted = client.delete_certification(&started.imp_uid).await?;
    println!("5. deleted: {}", deleted.imp_uid);
    match client.get_certification(&started.imp_uid).await {
        Err(err @ Error::Status { .. }) => println!("   and now it is gone: {err}"),
        other => println!("   unexpected: {other:?}"),
    }

    let rejected = client.request_otp(&OtpRequest::new("홍길동", "010-1234-5678", "1990-13", "9", Carrier::Kt)).await;
    println!("\n6. invalid input is rejected before sending: {}", rejected.unwrap_err());
    println!("   getToken calls made by the client: {} (one token, reused by every call)", server.token_requests());
    Ok(())
}
