//! The three token header forms, their precedence, and 401 answers.

use iamport_fake_server::{AuthHeader, Identity};

use crate::support::{self, Auth, Body};

#[tokio::test]
async fn all_three_header_forms_are_accepted_and_recorded() {
    let (server, client) = support::start().await;
    let token = client.token().await;
    let record =
        server.insert_certified(&Identity::new("김철수", "01098765432", "850505", "1", "KT")).expect("valid identity");
    let path = format!("/certifications/{}", record.imp_uid);
    for auth in [Auth::Bearer(&token), Auth::Raw(&token), Auth::ImpHeader(&token)] {
        let reply = client.send("GET", &path, auth, Body::None).await;
        assert_eq!(reply.status, 200, "{auth:?}: {}", reply.text);
        assert_eq!(reply.json()["response"]["imp_uid"], record.imp_uid.as_str());
    }
    let forms: Vec<_> = server.requests().iter().map(|r| r.auth).collect();
    assert_eq!(forms, [AuthHeader::None, AuthHeader::Bearer, AuthHeader::Raw, AuthHeader::ImpTokenHeader]);
    let last = server.requests().pop().expect("recorded");
    assert_eq!((last.method.as_str(), last.path.as_str()), ("GET", path.as_str()));
    assert_eq!(last.content_type, None);
}

#[tokio::test]
async fn missing_or_unknown_tokens_get_401_envelopes() {
    let (_server, client) = support::start().await;
    let token = client.token().await;
    let path = "/certifications/imp_123456789012";
    let cases = [
        Auth::None,
        Auth::Bearer("0000000000000000000000000000000000000000"),
        Auth::Raw("nonsense"),
        Auth::ImpHeader(""),
        Auth::Raw(""),
    ];
    for auth in cases {
        for method in ["GET", "DELETE"] {
            let reply = client.send(method, path, auth, Body::None).await;
            assert_eq!(reply.status, 401, "{method} {auth:?}");
            assert_eq!(reply.error_message(), "Unauthorized");
        }
    }
    let otp = client.send("POST", "/certifications/otp/request", Auth::None, Body::Json(support::otp_request())).await;
    assert_eq!(otp.status, 401);
    // The same path with a good token reaches the handler (404: no record).
    assert_eq!(client.get(path, &token).await.status, 404);
}

#[tokio::test]
async fn authorization_wins_over_the_legacy_header() {
    let (_server, client) = support::start().await;
    let token = client.token().await;
    let base = client.http_base();
    let path = "/certifications/imp_123456789012";

    let http = support::http();
    let bad_authorization = http
        .get(format!("{base}{path}"))
        .header("Authorization", "Bearer wrong")
        .header("X-ImpTokenHeader", &token)
        .send()
        .await
        .expect("sent");
    assert_eq!(bad_authorization.status().as_u16(), 401);

    let good_authorization = http
        .get(format!("{base}{path}"))
        .header("Authorization", &token)
        .header("X-ImpTokenHeader", "wrong")
        .send()
        .await
        .expect("sent");
    assert_eq!(good_authorization.status().as_u16(), 404);
}
