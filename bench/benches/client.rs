//! Per-call overhead of the generated client: `get_certification` against a
//! loopback server, beside the same request written by hand with reqwest
//! (bearer header, envelope decoded into the same type). Both talk to the
//! same fake server over the same kind of connection pool.
//!
//! `cargo bench -p codegen-bench --bench client`
//!
//! With `--features tracing` the runtime emits its spans and events, to a
//! subscriber that enables everything and reads every field into a string
//! (a logger without the I/O).

use std::sync::LazyLock;
use std::time::Duration;

use divan::Bencher;
use iamport_certification::types::Certification;
use iamport_certification::{Client, types::TokenRequest};
use iamport_fake_server::{FakeServer, Identity};
use tokio::runtime::Runtime;

fn main() {
    divan::main();
    interleaved::report();
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
    // A reqwest client of one's own needs a crypto provider beside the default `rustls-ring` (README, "TLS").
    let _ = rustls::crypto::ring::default_provider().install_default();
    #[cfg(feature = "tracing")]
    tracing::subscriber::set_global_default(reading::Reading::default()).expect("the only subscriber");
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
    // Configured as the generated client's own: a hand-written client on a good day has timeouts too.
    let http = codegen_runtime::reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .connect_timeout(Duration::from_secs(10))
        .build()
        .expect("reqwest client builds");
    Setup { runtime, _server: server, base, imp_uid, token, generated, http }
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
    bencher.bench(|| hand_written(s));
}

/// The call written by hand with reqwest.
fn hand_written(s: &Setup) -> Certification {
    let url = format!("{}/certifications/{}", s.base, s.imp_uid);
    s.runtime
        .block_on(async {
            let response = s.http.get(&url).header("Authorization", format!("Bearer {}", s.token)).send().await?;
            let bytes = response.bytes().await?;
            let envelope: Envelope = serde_json::from_slice(&bytes).expect("envelope decodes");
            assert_eq!(envelope.code, 0);
            Ok::<_, codegen_runtime::reqwest::Error>(envelope.response.expect("a record"))
        })
        .expect("call succeeds")
}

/// The two calls one after the other in each iteration (in turns, which
/// one goes first), each timed on its own: drift in the machine's speed (a 2-core VM here) then hits both
/// alike, which consecutive benches do not guarantee. Reported after
/// divan's table as medians and their ratio.
mod interleaved {
    use std::sync::Mutex;
    use std::time::{Duration, Instant};

    use super::{Bencher, SETUP, hand_written};

    static TIMES: Mutex<(Vec<Duration>, Vec<Duration>)> = Mutex::new((Vec::new(), Vec::new()));

    #[divan::bench(sample_count = 1000)]
    fn both_in_turn(bencher: Bencher) {
        let s = &*SETUP;
        let mut generated_first = false;
        bencher.bench_local(|| {
            // Which goes first alternates, so that neither pays more often for going first.
            generated_first = !generated_first;
            let generated = || {
                let started = Instant::now();
                s.runtime.block_on(s.generated.get_certification(&s.imp_uid)).expect("call succeeds");
                started.elapsed()
            };
            let hand = || {
                let started = Instant::now();
                hand_written(s);
                started.elapsed()
            };
            let (g, h) = if generated_first {
                let g = generated();
                (g, hand())
            } else {
                let h = hand();
                (generated(), h)
            };
            let mut times = TIMES.lock().unwrap();
            times.0.push(g);
            times.1.push(h);
        });
    }

    fn median(times: &mut [Duration]) -> Duration {
        times.sort();
        times.get(times.len() / 2).copied().unwrap_or_default()
    }

    pub(super) fn report() {
        let mut times = TIMES.lock().unwrap();
        if times.0.is_empty() {
            return;
        }
        let n = times.0.len();
        let (generated, hand) = (median(&mut times.0), median(&mut times.1));
        let ratio = generated.as_secs_f64() / hand.as_secs_f64();
        println!(
            "interleaved, {n} pairs: generated method median {generated:?}, hand-written {hand:?}, ratio {ratio:.3}"
        );
    }
}

/// A subscriber that enables every span and event and formats every field.
#[cfg(feature = "tracing")]
mod reading {
    use std::fmt::Write;
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicU64, Ordering};

    use tracing::field::{Field, Visit};
    use tracing::span::{Attributes, Id, Record};
    use tracing::{Event, Metadata, Subscriber};

    #[derive(Default)]
    pub struct Reading {
        next: AtomicU64,
        text: Mutex<String>,
    }

    struct Fields<'a>(&'a mut String);

    impl Visit for Fields<'_> {
        fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
            let _ = write!(self.0, " {}={value:?}", field.name());
        }
    }

    impl Reading {
        fn read(&self, visit: impl FnOnce(&mut Fields<'_>)) {
            let mut text = self.text.lock().unwrap();
            text.clear();
            visit(&mut Fields(&mut text));
            std::hint::black_box(text.len());
        }
    }

    impl Subscriber for Reading {
        fn enabled(&self, _: &Metadata<'_>) -> bool {
            true
        }

        fn new_span(&self, span: &Attributes<'_>) -> Id {
            self.read(|fields| span.record(fields));
            Id::from_u64(self.next.fetch_add(1, Ordering::Relaxed) + 1)
        }

        fn record(&self, _: &Id, values: &Record<'_>) {
            self.read(|fields| values.record(fields));
        }

        fn record_follows_from(&self, _: &Id, _: &Id) {}

        fn event(&self, event: &Event<'_>) {
            self.read(|fields| event.record(fields));
        }

        fn enter(&self, _: &Id) {}

        fn exit(&self, _: &Id) {}

        fn current_span(&self) -> tracing_core::span::Current {
            tracing_core::span::Current::none()
        }
    }
}
