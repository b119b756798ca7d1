//! The client in production: what `tracing` sees (every span, field and
//! event, from every crate, searched for the personal data the calls
//! carried), a `reqwest-middleware` stack under the token flow, and the
//! token cache as `access_token()` shows it — for the V1 and the V2
//! client alike.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use iamport_certification::types::{Carrier, OtpConfirmation, OtpRequest};
use iamport_certification::v2::types::{
    ConfirmIdentityVerificationBody, GetIdentityVerificationParams, SendIdentityVerificationBody,
    SendIdentityVerificationBodyCustomer,
};
use iamport_certification::{Client, Error, RetryPolicy};
use iamport_fake_server::{FakeServer, Fault, Identity};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

const KEY: &str = "imp_key_for_production_tests";
const SECRET: &str = "imp-secret-0d6e4b2a9c";
const NAME: &str = "이서연";
const PHONE: &str = "010-5555-0123";
const BIRTH: &str = "1988-11-30";

/// Every form in which the personal values and secrets of these tests may appear.
const PERSONAL: &[&str] =
    &[SECRET, NAME, PHONE, "01055550123", "5555-0123", "55550123", BIRTH, "19881130", "881130", "9001011"];

/// One line per span (its name, target and fields), recorded field and event.
/// It keeps the stack of entered spans, so that `Span::current()` works.
#[derive(Clone, Default)]
struct Recorder {
    lines: Arc<Mutex<Vec<(String, String)>>>,
    next: Arc<AtomicU64>,
    spans: Arc<Mutex<HashMap<u64, &'static Metadata<'static>>>>,
    entered: Arc<Mutex<Vec<Id>>>,
}

/// Writes fields as `name=value` pairs.
struct Fields<'a>(&'a mut String);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.push_str(&format!(" {}={value:?}", field.name()));
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.push_str(&format!(" {}={value}", field.name()));
    }
}

impl Recorder {
    fn push(&self, target: &str, line: String) {
        self.lines.lock().unwrap().push((target.to_owned(), line));
    }

    /// Everything recorded, one string per line, with its target.
    fn lines(&self) -> Vec<(String, String)> {
        self.lines.lock().unwrap().clone()
    }

    /// The lines of this crate's runtime.
    fn ours(&self) -> Vec<String> {
        self.lines().into_iter().filter(|(target, _)| target == "codegen_runtime").map(|(_, line)| line).collect()
    }
}

impl Subscriber for Recorder {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let mut line = format!("span {}:", span.metadata().name());
        span.record(&mut Fields(&mut line));
        self.push(span.metadata().target(), line);
        let id = self.next.fetch_add(1, Ordering::Relaxed) + 1;
        self.spans.lock().unwrap().insert(id, span.metadata());
        Id::from_u64(id)
    }

    fn record(&self, _: &Id, values: &Record<'_>) {
        let mut line = "record:".to_owned();
        values.record(&mut Fields(&mut line));
        // Recorded fields belong to a span of ours or of a dependency; keep them all, under ours.
        self.push("codegen_runtime", line);
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut line = format!("event {}:", event.metadata().level());
        event.record(&mut Fields(&mut line));
        self.push(event.metadata().target(), line);
    }

    fn enter(&self, id: &Id) {
        self.entered.lock().unwrap().push(id.clone());
    }

    fn exit(&self, id: &Id) {
        let mut entered = self.entered.lock().unwrap();
        if let Some(at) = entered.iter().rposition(|e| e == id) {
            entered.remove(at);
        }
    }

    fn current_span(&self) -> tracing_core::span::Current {
        let entered = self.entered.lock().unwrap();
        match entered.last() {
            Some(id) => match self.spans.lock().unwrap().get(&id.into_u64()) {
                Some(metadata) => tracing_core::span::Current::new(id.clone(), metadata),
                None => tracing_core::span::Current::none(),
            },
            None => tracing_core::span::Current::none(),
        }
    }
}

/// Asserts that no recorded line, from any crate, shows one of `values`
/// or of [`PERSONAL`].
#[track_caller]
fn assert_clean(recorder: &Recorder, values: &[&str]) {
    let lines = recorder.lines();
    assert!(lines.len() > 10, "too little was recorded to prove anything: {lines:?}");
    for (target, line) in &lines {
        for value in PERSONAL.iter().chain(values) {
            assert!(!line.contains(value), "{target} recorded {value:?}: {line}");
        }
    }
}

fn person() -> OtpRequest {
    OtpRequest::new(NAME, PHONE, BIRTH, "4", Carrier::Kt)
}

fn identity() -> Identity {
    Identity::new(NAME, PHONE, "881130", "4", "KT")
}

#[tokio::test]
async fn v1_traces_show_operations_and_never_personal_data() {
    let recorder = Recorder::default();
    let _guard = tracing::subscriber::set_default(recorder.clone());
    let server = FakeServer::builder().credentials(KEY, SECRET).start().await.unwrap();
    let policy = RetryPolicy::default().initial_backoff(Duration::from_millis(5));
    let client = Client::builder().base_url(server.base_url()).credentials(KEY, SECRET).retry(policy).build().unwrap();

    let started = client.request_otp(&person()).await.unwrap();
    let imp_uid = started.imp_uid.clone();
    let otp = server.otp_for(&imp_uid).unwrap();
    let record = client.confirm_otp(&imp_uid, &OtpConfirmation::new(otp.clone())).await.unwrap();
    // A retry, a refreshed token, and server messages that repeat what was sent.
    server.inject(Fault::error(503, -1, "점검 중입니다.").on_path("/certifications"));
    client.get_certification(&imp_uid).await.unwrap();
    server.revoke_tokens();
    client.get_certification(&imp_uid).await.unwrap();
    let echo = format!("{NAME}님의 정보({PHONE}, {BIRTH})가 일치하지 않습니다");
    server.inject(Fault::error(400, -1, &echo).on_path("/certifications/otp/request"));
    let err = client.request_otp(&person()).await.unwrap_err();
    assert!(matches!(err, Error::Status { .. }), "{err:?}");
    client.delete_certification(&imp_uid).await.unwrap();

    let token = client.access_token().await.unwrap();
    let secrets =
        [token.expose(), &otp, record.unique_key.as_deref().unwrap(), record.unique_in_site.as_deref().unwrap()];
    assert_clean(&recorder, &secrets);

    let ours = recorder.ours();
    let text = ours.join("\n");
    for expected in [
        "span call: operation=requestOTP http.request.method=POST http.route=/certifications/otp/request",
        "span call: operation=confirmOTP http.request.method=POST http.route=/certifications/otp/confirm/{imp_uid}",
        "span call: operation=getCertification http.request.method=GET http.route=/certifications/{imp_uid}",
        "span call: operation=getToken http.request.method=POST http.route=/users/getToken",
        "span call: operation=deleteCertification http.request.method=DELETE http.route=/certifications/{imp_uid}",
        "message=token fetched",
        "message=token reused",
        "message=retrying attempt=1 reason=503",
        "message=the server refused the token: renewing it",
        "record: http.response.status_code=503",
        "record: attempts=2",
        "record: error.kind=status",
        "record: error.code=-1",
    ] {
        assert!(text.contains(expected), "no `{expected}` in:\n{text}");
    }
    // Paths are named by their template: the filled-in one never shows.
    assert!(!text.contains(&format!("/certifications/{imp_uid}")), "{text}");
    // The messages say what went wrong, without what was sent.
    assert_eq!(err.message(), Some("<redacted>님의 정보(<redacted>, <redacted>)가 일치하지 않습니다"));
}

#[tokio::test]
async fn v2_traces_show_operations_and_never_personal_data() {
    use iamport_fake_server::v2::FakeServer;

    let recorder = Recorder::default();
    let _guard = tracing::subscriber::set_default(recorder.clone());
    let server = FakeServer::start().await.unwrap();
    let client = iamport_certification::v2::Client::builder()
        .base_url(server.base_url())
        .api_secret(FakeServer::DEFAULT_API_SECRET)
        .retry(RetryPolicy::default().initial_backoff(Duration::from_millis(5)))
        .build()
        .unwrap();
    let customer = SendIdentityVerificationBodyCustomer {
        identity_number: Some("9001011".into()),
        ..SendIdentityVerificationBodyCustomer::new(NAME, "01055550123", "203.0.113.7")
    };
    let body = SendIdentityVerificationBody::new(
        FakeServer::DEFAULT_CHANNEL_KEY,
        customer,
        iamport_certification::v2::types::IdentityVerificationOperator::Kt,
        iamport_certification::v2::types::IdentityVerificationMethod::Sms,
    );
    client.send_identity_verification("iv-personal-7", &body).await.unwrap();
    let otp = server.otp_for("iv-personal-7").unwrap();
    let confirm = ConfirmIdentityVerificationBody { store_id: None, otp: Some(otp.clone()) };
    let confirmed = client.confirm_identity_verification("iv-personal-7", &confirm).await.unwrap();
    server.inject(iamport_fake_server::Fault::respond(503, "busy").content_type("text/plain").on_path("/identity"));
    client.get_identity_verification("iv-personal-7", &GetIdentityVerificationParams::default()).await.unwrap();

    let verified = &confirmed.identity_verification.verified_customer;
    let mut secrets = vec![otp.as_str(), FakeServer::DEFAULT_API_SECRET, "203.0.113.7"];
    secrets.extend(verified.ci.as_deref());
    secrets.extend(verified.di.as_deref());
    assert_clean(&recorder, &secrets);
    let text = recorder.ours().join("\n");
    for expected in [
        "operation=sendIdentityVerification http.request.method=POST http.route=/identity-verifications/{identityVerificationId}/send",
        "operation=getIdentityVerification http.request.method=GET http.route=/identity-verifications/{identityVerificationId}",
        "message=retrying attempt=1 reason=503",
    ] {
        assert!(text.contains(expected), "no `{expected}` in:\n{text}");
    }
    assert!(!text.contains("iv-personal-7"), "{text}");
}

#[tokio::test]
async fn access_token_is_the_cached_token_and_get_token_bypasses_the_cache() {
    let server = FakeServer::start().await.unwrap();
    let client = Client::builder()
        .base_url(server.base_url())
        .credentials(FakeServer::DEFAULT_IMP_KEY, FakeServer::DEFAULT_IMP_SECRET)
        .build()
        .unwrap();
    let imp_uid = server.insert_certified(&identity()).unwrap().imp_uid;
    let first = client.access_token().await.unwrap();
    client.get_certification(&imp_uid).await.unwrap();
    assert_eq!(client.access_token().await.unwrap(), first);
    assert_eq!(server.token_requests(), 1, "one token for access_token() and the call");

    let credentials =
        iamport_certification::types::TokenRequest::new(FakeServer::DEFAULT_IMP_KEY, FakeServer::DEFAULT_IMP_SECRET);
    let direct = client.get_token(&credentials).await.unwrap();
    assert_eq!(server.token_requests(), 2, "get_token always asks the server");
    assert_eq!(direct.access_token, first.expose(), "the server hands out its live token again");
    client.get_certification(&imp_uid).await.unwrap();
    assert_eq!(server.token_requests(), 2, "and the client's own cache was not touched");
}

/// A middleware of the test's own: counts requests and checks that each
/// carries the token the client added before the stack saw it.
struct Counting {
    seen: Arc<AtomicUsize>,
    with_token: Arc<AtomicUsize>,
}

#[async_trait::async_trait]
impl codegen_runtime::reqwest_middleware::Middleware for Counting {
    async fn handle(
        &self,
        request: codegen_runtime::reqwest::Request,
        extensions: &mut http::Extensions,
        next: codegen_runtime::reqwest_middleware::Next<'_>,
    ) -> codegen_runtime::reqwest_middleware::Result<codegen_runtime::reqwest::Response> {
        self.seen.fetch_add(1, Ordering::SeqCst);
        if request.headers().get("authorization").is_some_and(|v| v.as_bytes().starts_with(b"Bearer ")) {
            self.with_token.fetch_add(1, Ordering::SeqCst);
        }
        next.run(request, extensions).await
    }
}

#[tokio::test]
async fn a_middleware_stack_sees_every_request_under_the_token_flow() {
    // With the default `rustls-ring`, a reqwest client of one's own needs a provider (README, "TLS").
    let _ = rustls::crypto::ring::default_provider().install_default();
    let server = FakeServer::start().await.unwrap();
    let (seen, with_token) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let http = codegen_runtime::reqwest_middleware::ClientBuilder::new(codegen_runtime::reqwest::Client::new())
        .with(Counting { seen: seen.clone(), with_token: with_token.clone() })
        .build();
    let client = Client::builder()
        .base_url(server.base_url())
        .credentials(FakeServer::DEFAULT_IMP_KEY, FakeServer::DEFAULT_IMP_SECRET)
        .http_client(http)
        .build()
        .unwrap();
    let imp_uid = server.insert_certified(&identity()).unwrap().imp_uid;
    client.get_certification(&imp_uid).await.unwrap();
    server.revoke_tokens();
    client.get_certification(&imp_uid).await.unwrap();
    // getToken, GET, GET refused (401), getToken, GET.
    assert_eq!(seen.load(Ordering::SeqCst), 5);
    assert_eq!(with_token.load(Ordering::SeqCst), 3);
    assert_eq!(server.token_requests(), 2);
    // Errors keep their meaning through the stack, and stay redacted.
    let err = client.get_certification("imp_000000000000").await.unwrap_err();
    assert!(matches!(&err, Error::Status { status, .. } if status.as_u16() == 404), "{err:?}");
}
