//! Per-call overhead of the generated client: `get_certification` against a
//! loopback server, beside the same request written by hand with reqwest
//! (bearer header, envelope decoded into the same type). Both talk to the
//! same fake server over the same kind of connection pool.
//!
//! `cargo bench -p codegen-bench --bench client`

use std::sync::LazyLock;

use divan::Bencher;
use iamport_certification::types::Certification;
use iamport_certification::{Client, types::TokenRequest};
use iamport_fake_server::{FakeServer, Identity};
use tokio::runtime::Runtime;

fn main() {
    divan::main();
}

struct Setup {
    runtime: Runtime,
    _server: FakeServer,
    base: String,
    imp_uid: String,
    token: String,
    generated: Client,
    http: codegen_runtime::reqwest::Client,
}

static SETUP: LazyLock<Setup> = LazyLock::new(|| {
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
    let (server, generated, imp_uid, token) = runtime.block_on(async {
        let server = FakeServer::start().await.expect("fake server starts");
        let record = server
            .insert_certified(&Identity::new("홍길동", "01012345678", "900101", "1", "SKT"))
            .expect("valid identity");
        let generated = Client::builder()
            .base_url(server.base_url())
            .credentials("test_imp_key", "test_imp_secret")
            .build()
            .expect("client builds");
        let token = generated.get_token(&TokenRequest::new("test_imp_key", "test_imp_secret")).await.expect("token");
        // Warm the generated client's token cache.
        generated.get_certification(&record.imp_uid).await.expect("record");
        (server, generated, record.imp_uid, token.access_token)
    });
    let base = server.base_url();
    Setup { runtime, _server: server, base, imp_uid, token, generated, http: codegen_runtime::reqwest::Client::new() }
});

/// The envelope, as a hand-written client would declare it.
#[derive(serde::Deserialize)]
struct Envelope {
    code: i64,
    response: Option<Certification>,
}

#[divan::bench(sample_count = 200)]
fn generated_method(bencher: Bencher) {
    let s = &*SETUP;
    bencher.bench(|| s.runtime.block_on(s.generated.get_certification(&s.imp_uid)).expect("call succeeds"));
}

#[divan::bench(sample_count = 200)]
fn hand_written_reqwest(bencher: Bencher) {
    let s = &*SETUP;
    let url = format!("{}/certifications/{}", s.base, s.imp_uid);
    bencher.bench(|| {
        s.runtime
            .block_on(async {
                let response = s.http.get(&url).header("Authorization", format!("Bearer {}", s.token)).send().await?;
                let bytes = response.bytes().await?;
                let envelope: Envelope = serde_json::from_slice(&bytes).expect("envelope decodes");
                assert_eq!(envelope.code, 0);
                Ok::<_, codegen_runtime::reqwest::Error>(envelope.response.expect("a record"))
            })
            .expect("call succeeds")
    });
}
