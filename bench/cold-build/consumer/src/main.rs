//! The same call as the floor's, through the generated client.

#[tokio::main]
async fn main() {
    let client = iamport_certification::Client::builder()
        .base_url("http://127.0.0.1:9")
        .credentials("key", "secret")
        .build()
        .expect("the client builds");
    if let Err(error) = client.get_token(&iamport_certification::types::TokenRequest::new("key", "secret")).await {
        eprintln!("{error}");
    }
}
