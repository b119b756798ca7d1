//! Reading responses: a generated record, whose `Deserialize` the runtime's
//! `record_impls!` writes from a field table, beside the same struct with
//! serde's derived `Deserialize`, from the same bytes. One certification (17
//! fields, three of them keys the struct does not know), and a list of 1,000.
//!
//! `cargo bench -p codegen-bench --bench decode`

use divan::Bencher;
use iamport_certification::types::{Certification, CertifiedCarrier};
use serde::Deserialize;

fn main() {
    divan::main();
}

/// `Certification` as serde's derive reads it: the peer.
#[allow(dead_code)]
#[derive(Deserialize)]
struct Derived {
    imp_uid: String,
    merchant_uid: Option<String>,
    pg_tid: Option<String>,
    pg_provider: Option<String>,
    name: Option<String>,
    gender: Option<String>,
    birth: Option<i64>,
    birthday: Option<String>,
    foreigner: Option<bool>,
    phone: Option<String>,
    carrier: Option<CertifiedCarrier>,
    certified: Option<bool>,
    certified_at: Option<i64>,
    unique_key: Option<String>,
    unique_in_site: Option<String>,
    origin: Option<String>,
    foreigner_v2: Option<bool>,
}

/// One certification as the API sends it, with `n` as its number.
fn one(n: usize) -> String {
    format!(
        r#"{{"imp_uid":"imp_{n:012}","merchant_uid":"order-{n}","pg_tid":"tid{n}","pg_provider":"danal","name":"홍길동","gender":"male","birth":631152000,"birthday":"1990-01-01","foreigner":false,"phone":"01012345678","carrier":"SKT","certified":true,"certified_at":1700000000,"unique_key":"mb4aV1ReOtm+nE0Y2Gc8b9vGhCf0+z2/MOuO1k0H6a3U0Jt0TaoBxyHNo8kq1oYnU4xNn2p3uW6K1C+M4xYpSQ==","unique_in_site":"MC0GCCqGSIb3DQIJAyEA","origin":"https://example.com/certify","foreigner_v2":false,"pg_id":"danal.A010002002","channel":"pc","extra":{{"kept":[1,2,3]}}}}"#
    )
}

fn list(n: usize) -> String {
    format!("[{}]", (0..n).map(one).collect::<Vec<_>>().join(","))
}

#[divan::bench]
fn one_record_table(bencher: Bencher) {
    let text = one(1);
    bencher.bench(|| serde_json::from_str::<Certification>(divan::black_box(&text)).expect("reads"));
}

#[divan::bench]
fn one_derived(bencher: Bencher) {
    let text = one(1);
    bencher.bench(|| serde_json::from_str::<Derived>(divan::black_box(&text)).expect("reads"));
}

#[divan::bench]
fn list_1000_record_table(bencher: Bencher) {
    let text = list(1000);
    bencher.bench(|| serde_json::from_str::<Vec<Certification>>(divan::black_box(&text)).expect("reads"));
}

#[divan::bench]
fn list_1000_derived(bencher: Bencher) {
    let text = list(1000);
    bencher.bench(|| serde_json::from_str::<Vec<Derived>>(divan::black_box(&text)).expect("reads"));
}
