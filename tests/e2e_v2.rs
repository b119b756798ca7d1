//! End-to-end tests of the V2 client (`iamport_certification::v2`) against
//! the fake PortOne V2 server, over real HTTP on 127.0.0.1: the whole flow,
//! every documented error of send, confirm and get as its own variant, the
//! open unions, the credentials each operation carries, the JSON query
//! parameter, and redaction.

use std::time::Duration;

use iamport_certification::Error;
use iamport_certification::v2::Client;
use iamport_certification::v2::types::{
    ConfirmIdentityVerificationBody, ConfirmIdentityVerificationError, GetIdentityVerificationError,
    GetIdentityVerificationParams, GetIdentityVerificationsBody, GetIdentityVerificationsParams, IdentityVerification,
    IdentityVerificationFilterInput, IdentityVerificationMethod, IdentityVerificationOperator, LoginViaApiSecretBody,
    SendIdentityVerificationBody, SendIdentityVerificationBodyCustomer, SendIdentityVerificationError,
};
use iamport_fake_server::v2::{AuthScheme, FakeServer};

const SECRET: &str = FakeServer::DEFAULT_API_SECRET;
const NAME: &str = "홍길동";
const PHONE: &str = "01012345678";
const IDENTITY_NUMBER: &str = "9001011";

fn client(server: &FakeServer) -> Client {
    Client::builder().base_url(server.base_url()).api_secret(SECRET).timeout(Duration::from_secs(5)).build().unwrap()
}

fn send_body() -> SendIdentityVerificationBody {
    let customer = SendIdentityVerificationBodyCustomer {
        identity_number: Some(IDENTITY_NUMBER.into()),
        ..SendIdentityVerificationBodyCustomer::new(NAME, PHONE, "203.0.113.7")
    };
    SendIdentityVerificationBody::new(
        FakeServer::DEFAULT_CHANNEL_KEY,
        customer,
        IdentityVerificationOperator::Skt,
        IdentityVerificationMethod::Sms,
    )
}

fn confirm_body(otp: &str) -> ConfirmIdentityVerificationBody {
    ConfirmIdentityVerificationBody { store_id: None, otp: Some(otp.into()) }
}

#[tokio::test]
async fn send_confirm_get_and_list() {
    let server = FakeServer::start().await.unwrap();
    let client = client(&server);
    client.send_identity_verification("iv-1", &send_body()).await.unwrap();
    let otp = server.otp_for("iv-1").expect("the server sent a password");
    let confirmed = client.confirm_identity_verification("iv-1", &confirm_body(&otp)).await.unwrap();
    assert_eq!(confirmed.identity_verification.verified_customer.name, NAME);

    let record = client.get_identity_verification("iv-1", &GetIdentityVerificationParams::default()).await.unwrap();
    let IdentityVerification::VerifiedIdentityVerification(verified) = &record else { panic!("{record:?}") };
    assert_eq!(verified.id, "iv-1");
    // `format: date-time` and `date` arrive as dates: the birth date from the identity number 900101-1.
    assert!(verified.verified_at >= verified.requested_at, "{} {}", verified.verified_at, verified.requested_at);
    let born = iamport_certification::Date::from_ymd_opt(1990, 1, 1);
    assert_eq!(verified.verified_customer.birth_date, born);
    // Personal data stays out of `Debug`.
    let shown = format!("{record:?} {confirmed:?}");
    for personal in [NAME, PHONE, &otp] {
        assert!(!shown.contains(personal), "{personal} in {shown}");
    }

    client.send_identity_verification("iv-2", &send_body()).await.unwrap();
    let filter = IdentityVerificationFilterInput {
        identity_verification_id: Some("iv-2".into()),
        ..IdentityVerificationFilterInput::default()
    };
    let conditions = GetIdentityVerificationsBody { filter: Some(filter), ..GetIdentityVerificationsBody::default() };
    let params = GetIdentityVerificationsParams { request_body: Some(conditions) };
    let page = client.get_identity_verifications(&params, None).await.unwrap();
    assert_eq!(page.items.len(), 1, "{page:?}");
    assert!(matches!(&page.items[0], IdentityVerification::ReadyIdentityVerification(r) if r.id == "iv-2"));
    // The conditions travelled as JSON text in the `requestBody` query parameter.
    let list = server.requests().into_iter().rfind(|r| r.path == "/identity-verifications").expect("a list request");
    assert!(list.query.as_deref().is_some_and(|q| q.starts_with("requestBody=%7B")), "{:?}", list.query);
}

#[tokio::test]
async fn documented_errors_are_variants_to_match_on() {
    let server = FakeServer::start().await.unwrap();
    let client = client(&server);
    client.send_identity_verification("iv-1", &send_body()).await.unwrap();
    let again = client.send_identity_verification("iv-1", &send_body()).await.unwrap_err();
    assert!(
        matches!(
            &again,
            Error::Response { error: SendIdentityVerificationError::IdentityVerificationAlreadySentError(_), .. }
        ),
        "{again:?}"
    );
    assert_eq!(again.to_string(), "HTTP 409 Conflict: IDENTITY_VERIFICATION_ALREADY_SENT");

    let unknown_channel = SendIdentityVerificationBody { channel_key: "nope".into(), ..send_body() };
    let err = client.send_identity_verification("iv-2", &unknown_channel).await.unwrap_err();
    assert!(matches!(err, Error::Response { error: SendIdentityVerificationError::ChannelNotFoundError(_), .. }));

    let err = client.confirm_identity_verification("missing", &confirm_body("000000")).await.unwrap_err();
    assert!(matches!(
        err,
        Error::Response { error: ConfirmIdentityVerificationError::IdentityVerificationNotFoundError(_), .. }
    ));
    let otp = server.otp_for("iv-1").unwrap();
    client.confirm_identity_verification("iv-1", &confirm_body(&otp)).await.unwrap();
    let err = client.confirm_identity_verification("iv-1", &confirm_body(&otp)).await.unwrap_err();
    assert!(matches!(
        err,
        Error::Response { error: ConfirmIdentityVerificationError::IdentityVerificationAlreadyVerifiedError(_), .. }
    ));

    let wrong_store = GetIdentityVerificationParams { store_id: Some("store-other".into()) };
    let err = client.get_identity_verification("iv-1", &wrong_store).await.unwrap_err();
    assert!(matches!(err, Error::Response { error: GetIdentityVerificationError::ForbiddenError(_), .. }), "{err:?}");
    let err = client.get_identity_verification("missing", &GetIdentityVerificationParams::default()).await.unwrap_err();
    assert!(matches!(
        err,
        Error::Response { error: GetIdentityVerificationError::IdentityVerificationNotFoundError(_), .. }
    ));
}

#[tokio::test]
async fn unknown_error_types_and_record_states_are_kept() {
    let server = FakeServer::start().await.unwrap();
    let client = client(&server);
    client.send_identity_verification("iv-1", &send_body()).await.unwrap();
    assert!(server.cancel("iv-1"));
    let record = client.get_identity_verification("iv-1", &GetIdentityVerificationParams::default()).await.unwrap();
    let IdentityVerification::Unknown(member) = &record else { panic!("{record:?}") };
    assert_eq!(member.tag(), FakeServer::UNDOCUMENTED_STATUS);
    let page = client.get_identity_verifications(&GetIdentityVerificationsParams::default(), None).await.unwrap();
    assert_eq!(page.items.len(), 1, "one new record state does not lose the page");

    server.undocumented_error_types(true);
    let err = client.send_identity_verification("iv-1", &send_body()).await.unwrap_err();
    let Error::Response { error: SendIdentityVerificationError::Unknown(member), .. } = &err else { panic!("{err:?}") };
    assert_eq!(member.tag(), FakeServer::UNDOCUMENTED_ERROR_TYPE);
    assert!(err.to_string().ends_with(FakeServer::UNDOCUMENTED_ERROR_TYPE), "{err}");
}

#[tokio::test]
async fn each_operation_carries_the_credentials_its_security_asks_for() {
    let server = FakeServer::start().await.unwrap();
    let client = client(&server);
    client.get_identity_verifications(&GetIdentityVerificationsParams::default(), None).await.unwrap();
    // Login has no security: it is sent without the secret the client holds.
    let tokens = client.login_via_api_secret(&LoginViaApiSecretBody::new(SECRET)).await.unwrap();
    let schemes: Vec<AuthScheme> = server.requests().iter().map(|r| r.auth).collect();
    assert_eq!(schemes, [AuthScheme::PortOne, AuthScheme::None]);
    assert!(!format!("{tokens:?}").contains(&tokens.access_token), "tokens are redacted");

    // Logging in gives bearer tokens, which win over the secret where both are accepted.
    let bearer = Client::builder().base_url(server.base_url()).credentials(SECRET).api_secret(SECRET).build().unwrap();
    server.clear_requests();
    bearer.get_identity_verifications(&GetIdentityVerificationsParams::default(), None).await.unwrap();
    let schemes: Vec<AuthScheme> = server.requests().iter().map(|r| r.auth).collect();
    assert_eq!(schemes, [AuthScheme::None, AuthScheme::Bearer], "login without credentials, then the token");

    // Without credentials the client says so before sending anything.
    let anonymous = Client::builder().base_url(server.base_url()).build().unwrap();
    server.clear_requests();
    let err = anonymous.get_identity_verification("iv-1", &GetIdentityVerificationParams::default()).await.unwrap_err();
    assert!(matches!(&err, Error::Config(message) if message.contains("needs credentials")), "{err:?}");
    assert_eq!(server.request_count(), 0);
}

#[tokio::test]
async fn tokens_from_the_login_are_cached_and_refreshed_once() {
    let server = FakeServer::start().await.unwrap();
    let client = Client::builder().base_url(server.base_url()).credentials(SECRET).build().unwrap();
    let everything = GetIdentityVerificationsParams::default();
    let list = || client.get_identity_verifications(&everything, None);
    list().await.unwrap();
    list().await.unwrap();
    assert_eq!((server.login_requests(), server.refresh_requests()), (1, 0), "one login, then the cached token");

    // The server's clock passes the token's `exp`: the next call is refused once, refreshes, and succeeds.
    server.advance_clock(FakeServer::DEFAULT_ACCESS_TOKEN_TTL + Duration::from_secs(1));
    list().await.unwrap();
    assert_eq!((server.login_requests(), server.refresh_requests()), (1, 1));

    // Concurrent calls that meet an expired token share one refresh.
    server.advance_clock(FakeServer::DEFAULT_ACCESS_TOKEN_TTL + Duration::from_secs(1));
    let calls: Vec<_> = (0..8).map(|_| list()).collect();
    for result in join_all(calls).await {
        result.unwrap();
    }
    assert_eq!((server.login_requests(), server.refresh_requests()), (1, 2), "one refresh for eight callers");

    // When the refresh token is gone too, the client logs in again.
    server.revoke_tokens();
    list().await.unwrap();
    assert_eq!(server.login_requests(), 2);
}

/// Polls all `futures` together and returns their outputs.
async fn join_all<F: std::future::Future>(futures: Vec<F>) -> Vec<F::Output> {
    let mut pending: Vec<_> = futures.into_iter().map(Box::pin).enumerate().collect();
    let mut done: Vec<(usize, F::Output)> = Vec::new();
    std::future::poll_fn(|cx| {
        pending.retain_mut(|(i, fut)| match fut.as_mut().poll(cx) {
            std::task::Poll::Ready(output) => {
                done.push((*i, output));
                false
            }
            std::task::Poll::Pending => true,
        });
        if pending.is_empty() { std::task::Poll::Ready(()) } else { std::task::Poll::Pending }
    })
    .await;
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, output)| output).collect()
}

#[tokio::test]
async fn the_store_is_given_once_and_a_call_can_override_it() {
    let server = FakeServer::start().await.unwrap();
    let other_store =
        Client::builder().base_url(server.base_url()).api_secret(SECRET).store_id("store-other").build().unwrap();
    // The client's store goes into the body of send and the query of get; the server refuses a foreign one.
    let err = other_store.send_identity_verification("iv-1", &send_body()).await.unwrap_err();
    assert!(matches!(err, Error::Response { error: SendIdentityVerificationError::ForbiddenError(_), .. }), "{err:?}");
    let ours = SendIdentityVerificationBody { store_id: Some(FakeServer::DEFAULT_STORE_ID.into()), ..send_body() };
    other_store.send_identity_verification("iv-1", &ours).await.expect("the call's own storeId wins");
    let err =
        other_store.get_identity_verification("iv-1", &GetIdentityVerificationParams::default()).await.unwrap_err();
    assert!(matches!(err, Error::Response { error: GetIdentityVerificationError::ForbiddenError(_), .. }), "{err:?}");
    let get = server.requests().into_iter().rfind(|r| r.method == "GET").expect("a get");
    assert_eq!(get.query.as_deref(), Some("storeId=store-other"));

    let our_store = Client::builder()
        .base_url(server.base_url())
        .api_secret(SECRET)
        .store_id(FakeServer::DEFAULT_STORE_ID)
        .build()
        .unwrap();
    our_store.get_identity_verification("iv-1", &GetIdentityVerificationParams::default()).await.unwrap();
}

/// The body the vendor sends for an error `type`, with the extra fields
/// some types carry.
fn error_body(error_type: &str) -> String {
    let mut body = serde_json::json!({"type": error_type, "message": "described by the server"});
    if error_type == "PG_PROVIDER" {
        body["pgCode"] = "P001".into();
        body["pgMessage"] = "the provider said no".into();
    }
    body.to_string()
}

/// Every documented error `type` of send, confirm and get, at its status,
/// decodes into the variant of that type (the variant's kind is the type).
#[tokio::test]
async fn every_documented_error_type_is_its_own_variant() {
    use iamport_certification::ErrorKind;
    use iamport_fake_server::v2::Fault;
    const SEND: &[(&str, u16)] = &[
        ("INVALID_REQUEST", 400),
        ("MAX_TRANSACTION_COUNT_REACHED", 400),
        ("UNAUTHORIZED", 401),
        ("FORBIDDEN", 403),
        ("CHANNEL_NOT_FOUND", 404),
        ("IDENTITY_VERIFICATION_NOT_FOUND", 404),
        ("IDENTITY_VERIFICATION_ALREADY_SENT", 409),
        ("IDENTITY_VERIFICATION_ALREADY_VERIFIED", 409),
        ("PG_PROVIDER", 502),
    ];
    const CONFIRM: &[(&str, u16)] = &[
        ("INVALID_REQUEST", 400),
        ("UNAUTHORIZED", 401),
        ("FORBIDDEN", 403),
        ("IDENTITY_VERIFICATION_NOT_FOUND", 404),
        ("IDENTITY_VERIFICATION_NOT_SENT", 404),
        ("IDENTITY_VERIFICATION_ALREADY_VERIFIED", 409),
        ("PG_PROVIDER", 502),
    ];
    const GET: &[(&str, u16)] = &[
        ("INVALID_REQUEST", 400),
        ("UNAUTHORIZED", 401),
        ("FORBIDDEN", 403),
        ("IDENTITY_VERIFICATION_NOT_FOUND", 404),
    ];
    let server = FakeServer::start().await.unwrap();
    let client = client(&server);
    for (error_type, status) in SEND {
        server.inject(Fault::respond(*status, error_body(error_type)));
        let err = client.send_identity_verification("iv-1", &send_body()).await.unwrap_err();
        let Error::Response { status: got, error } = &err else { panic!("{error_type}: {err:?}") };
        assert_eq!((got.as_u16(), error.kind()), (*status, *error_type));
        assert!(!matches!(error, SendIdentityVerificationError::Unknown(_)), "{error_type} is documented: {error:?}");
    }
    for (error_type, status) in CONFIRM {
        server.inject(Fault::respond(*status, error_body(error_type)));
        let err = client.confirm_identity_verification("iv-1", &confirm_body("000000")).await.unwrap_err();
        let Error::Response { status: got, error } = &err else { panic!("{error_type}: {err:?}") };
        assert_eq!((got.as_u16(), error.kind()), (*status, *error_type));
        assert!(!matches!(error, ConfirmIdentityVerificationError::Unknown(_)), "{error_type}: {error:?}");
    }
    for (error_type, status) in GET {
        server.inject(Fault::respond(*status, error_body(error_type)));
        let err =
            client.get_identity_verification("iv-1", &GetIdentityVerificationParams::default()).await.unwrap_err();
        let Error::Response { status: got, error } = &err else { panic!("{error_type}: {err:?}") };
        assert_eq!((got.as_u16(), error.kind()), (*status, *error_type));
        assert!(!matches!(error, GetIdentityVerificationError::Unknown(_)), "{error_type}: {error:?}");
    }
    // An undocumented status with a documented body is still the status error, body kept.
    server.inject(Fault::respond(418, error_body("FORBIDDEN")));
    let err = client.get_identity_verification("iv-1", &GetIdentityVerificationParams::default()).await.unwrap_err();
    assert!(matches!(err, Error::Status { .. }), "{err:?}");
}

/// Every personal or secret field of the V2 client prints as `<redacted>`:
/// in requests, in records received over HTTP, and in the token responses.
#[tokio::test]
async fn personal_data_and_secrets_never_print() {
    use iamport_certification::v2::types::{RefreshTokenBody, RefreshTokenResponse};
    let server = FakeServer::start().await.unwrap();
    let client = client(&server);
    let body = send_body();
    client.send_identity_verification("iv-1", &body).await.unwrap();
    let otp = server.otp_for("iv-1").unwrap();
    let confirm = confirm_body(&otp);
    let confirmed = client.confirm_identity_verification("iv-1", &confirm).await.unwrap();
    let record = client.get_identity_verification("iv-1", &GetIdentityVerificationParams::default()).await.unwrap();
    let IdentityVerification::VerifiedIdentityVerification(verified) = &record else { panic!("{record:?}") };
    let customer = &verified.verified_customer;
    let login = LoginViaApiSecretBody::new(SECRET);
    let tokens = client.login_via_api_secret(&login).await.unwrap();
    let refresh = RefreshTokenBody::new(tokens.refresh_token.clone());
    let refreshed: RefreshTokenResponse =
        serde_json::from_value(serde_json::json!({"accessToken": "access-t0ken", "refreshToken": "refresh-t0ken"}))
            .unwrap();
    let shown = format!("{body:?} {confirm:?} {confirmed:?} {record:?} {login:?} {tokens:?} {refresh:?} {refreshed:?}");
    let mut secrets: Vec<String> = vec![
        NAME.into(),
        PHONE.into(),
        IDENTITY_NUMBER.into(),
        "203.0.113.7".into(),
        otp,
        SECRET.into(),
        tokens.access_token.clone(),
        tokens.refresh_token.clone(),
        "access-t0ken".into(),
        "refresh-t0ken".into(),
        verified.pg_raw_response.clone(),
    ];
    secrets.extend(customer.ci.clone());
    secrets.extend(customer.di.clone());
    secrets.extend(customer.birth_date.map(|d| d.to_string()));
    for secret in secrets.iter().filter(|s| s.len() > 3) {
        assert!(!shown.contains(secret.as_str()), "`{secret}` printed in:\n{shown}");
    }
    assert!(shown.matches("<redacted>").count() >= 15, "{shown}");
}
