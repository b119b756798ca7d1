//! The PortOne V2 identity-verification flow against the in-process fake V2
//! server: send → confirm with the SMS password → get → list, then one
//! documented error matched on its typed variant. Personal data in the
//! typed results prints as `<redacted>`.
//!
//! ```sh
//! cargo run --example v2_flow
//! ```

use std::time::Duration;

use iamport_certification::Error;
use iamport_certification::v2::Client;
use iamport_certification::v2::types::{
    ConfirmIdentityVerificationBody, GetIdentityVerificationParams, GetIdentityVerificationsParams,
    IdentityVerification, IdentityVerificationMethod, IdentityVerificationOperator, SendIdentityVerificationBody,
    SendIdentityVerificationBodyCustomer, SendIdentityVerificationError,
};
use iamport_fake_server::v2::FakeServer;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let server = FakeServer::start().await?;
    println!("fake PortOne V2 server on {}\n", server.base_url());

    // `Authorization: PortOne <API secret>` on every call that needs credentials: no login.
    let client = Client::builder()
        .base_url(server.base_url())
        .api_secret(FakeServer::DEFAULT_API_SECRET)
        .timeout(Duration::from_secs(5))
        .build()?;

    let customer = SendIdentityVerificationBodyCustomer {
        identity_number: Some("9001011".into()),
        ..SendIdentityVerificationBodyCustomer::new("홍길동", "01012345678", "203.0.113.7")
    };
    let request = SendIdentityVerificationBody::new(
        FakeServer::DEFAULT_CHANNEL_KEY,
        customer,
        IdentityVerificationOperator::Skt,
        IdentityVerificationMethod::Sms,
    );
    println!("1. send: {request:#?}");
    client.send_identity_verification("order-1", &request).await?;

    let otp = server.otp_for("order-1").ok_or("the fake server sent no password")?;
    let confirm = ConfirmIdentityVerificationBody { store_id: None, otp: Some(otp) };
    let confirmed = client.confirm_identity_verification("order-1", &confirm).await?;
    println!("\n2. confirmed: {:#?}", confirmed.identity_verification.verified_customer);

    let record = client.get_identity_verification("order-1", &GetIdentityVerificationParams::default()).await?;
    match &record {
        IdentityVerification::VerifiedIdentityVerification(verified) => {
            println!("\n3. get: `{}` is verified (at {})", verified.id, verified.verified_at);
        }
        other => println!("\n3. get: not verified yet: {other:?}"),
    }

    let page = client.get_identity_verifications(&GetIdentityVerificationsParams::default(), None).await?;
    println!("\n4. list: {} record(s), {} in all", page.items.len(), page.page.total_count);

    // A documented error is a typed variant, matched without touching JSON.
    match client.send_identity_verification("order-1", &request).await {
        Err(Error::Response {
            status,
            error: SendIdentityVerificationError::IdentityVerificationAlreadyVerifiedError(_),
        }) => {
            println!("\n5. sending again: HTTP {status}, already verified (a documented error, typed)");
        }
        Err(other) => println!("\n5. sending again failed otherwise: {other}"),
        Ok(_) => println!("\n5. sending again succeeded?"),
    }
    Ok(())
}
