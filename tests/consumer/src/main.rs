//! Uses the client the way a downstream crate does: only through the public
//! API of `iamport-certification` (with its `fake-server` feature).

use iamport_certification::fake_server::FakeServer;
use iamport_certification::types::{Carrier, OtpConfirmation, OtpRequest};
use iamport_certification::{Client, Error};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let server = FakeServer::start().await?;
    let client =
        Client::builder().base_url(server.base_url()).credentials("test_imp_key", "test_imp_secret").build()?;
    let started = client.request_otp(&OtpRequest::new("김철수", "01098765432", "000229", "3", Carrier::Lgt)).await?;
    let otp = server.otp_for(&started.imp_uid).ok_or("no OTP")?;
    let record = client.confirm_otp(&started.imp_uid, &OtpConfirmation::new(otp)).await?;
    assert_eq!(record.certified, Some(true));
    assert_eq!(record.birthday.as_deref(), Some("2000-02-29"));
    let missing: Result<_, Error> = client.get_certification("imp_000000000000").await;
    assert_eq!(missing.unwrap_err().status().map(|s| s.as_u16()), Some(404));
    println!("consumer ok: {}", record.imp_uid);
    Ok(())
}
