//! Runs a fake server by hand: prints its base URL, serves on
//! 127.0.0.1:$PORT (ephemeral when unset or 0) until Ctrl-C, and prints each
//! issued OTP with its id to stderr (never any other personal data).
//!
//! `iamport-fake-server` serves the I'mport (PortOne V1) API;
//! `iamport-fake-server v2` serves the PortOne V2 identity-verification API.

use std::process::ExitCode;

use iamport_fake_server::{FakeServer, v2};

#[tokio::main]
async fn main() -> ExitCode {
    let v2 = match std::env::args().nth(1).as_deref() {
        None | Some("v1") => false,
        Some("v2") => true,
        Some(other) => {
            eprintln!("usage: iamport-fake-server [v1|v2], got {other:?}");
            return ExitCode::FAILURE;
        }
    };
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
    let result = if v2 { serve_v2(port).await } else { serve_v1(port).await };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("cannot listen on 127.0.0.1:{port}: {err}");
            ExitCode::FAILURE
        }
    }
}

async fn serve_v1(port: u16) -> std::io::Result<()> {
    let server =
        FakeServer::builder().port(port).on_otp(|imp_uid, otp| eprintln!("OTP for {imp_uid}: {otp}")).start().await?;
    println!("{}", server.base_url());
    eprintln!("imp_key={} imp_secret={}; Ctrl-C stops", FakeServer::DEFAULT_IMP_KEY, FakeServer::DEFAULT_IMP_SECRET);
    wait_for_ctrl_c().await;
    server.shutdown().await;
    Ok(())
}

async fn serve_v2(port: u16) -> std::io::Result<()> {
    let server =
        v2::FakeServer::builder().port(port).on_otp(|id, otp| eprintln!("OTP for {id}: {otp}")).start().await?;
    println!("{}", server.base_url());
    eprintln!(
        "Authorization: PortOne {}; storeId={} channelKey={}; Ctrl-C stops",
        v2::FakeServer::DEFAULT_API_SECRET,
        v2::FakeServer::DEFAULT_STORE_ID,
        v2::FakeServer::DEFAULT_CHANNEL_KEY
    );
    wait_for_ctrl_c().await;
    server.shutdown().await;
    Ok(())
}

async fn wait_for_ctrl_c() {
    if let Err(err) = tokio::signal::ctrl_c().await {
        eprintln!("cannot wait for Ctrl-C: {err}");
    }
}
