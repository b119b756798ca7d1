//! Runs the fake I'mport server by hand: prints its base URL, serves on
//! 127.0.0.1:$PORT (ephemeral when unset or 0) until Ctrl-C, and prints each
//! issued OTP with its imp_uid to stderr (never any other personal data).

use std::process::ExitCode;

use iamport_fake_server::FakeServer;

#[tokio::main]
async fn main() -> ExitCode {
    let port = match std::env::var("PORT") {
        Ok(text) => match text.trim().parse::<u16>() {
            Ok(port) => port,
            Err(_) => {
                eprintln!("PORT must be a number from 0 to 65535, got {text:?}");
                return ExitCode::FAILURE;
            }
        },
        Err(_) => 0,
    };
    let started =
        FakeServer::builder().port(port).on_otp(|imp_uid, otp| eprintln!("OTP for {imp_uid}: {otp}")).start().await;
    let server = match started {
        Ok(server) => server,
        Err(err) => {
            eprintln!("cannot listen on 127.0.0.1:{port}: {err}");
            return ExitCode::FAILURE;
        }
    };
    println!("{}", server.base_url());
    eprintln!("imp_key={} imp_secret={}; Ctrl-C stops", FakeServer::DEFAULT_IMP_KEY, FakeServer::DEFAULT_IMP_SECRET);
    if let Err(err) = tokio::signal::ctrl_c().await {
        eprintln!("cannot wait for Ctrl-C: {err}");
    }
    server.shutdown().await;
    ExitCode::SUCCESS
}
