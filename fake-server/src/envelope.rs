//! The response envelope `{"code", "message", "response"}` and the error
//! texts the server answers with, kept in one place.

use std::borrow::Cow;

use axum::http::{HeaderValue, StatusCode, header::CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// Every response of the server carries this content type, errors included.
pub(crate) const JSON_CONTENT_TYPE: &str = "application/json; charset=utf-8";

/// `code` of every error envelope; the real API sends `-1` for "not found".
pub(crate) const ERROR_CODE: i64 = -1;

/// Message texts. Korean where the real API's wording is known or likely.
pub(crate) mod msg {
    pub(crate) const MISSING_KEY_SECRET: &str = "imp_key, imp_secret 파라메터가 누락되었습니다.";
    pub(crate) const BAD_CREDENTIALS: &str = "imp_key, imp_secret 인증에 실패하였습니다.";
    pub(crate) const UNAUTHORIZED: &str = "Unauthorized";
    pub(crate) const CERTIFICATION_NOT_FOUND: &str = "인증결과가 존재하지 않습니다.";
    pub(crate) const ROUTE_NOT_FOUND: &str = "Not Found";
    pub(crate) const METHOD_NOT_ALLOWED: &str = "Method Not Allowed";
    pub(crate) const UNSUPPORTED_CONTENT_TYPE: &str =
        "지원하지 않는 Content-Type입니다. application/json 또는 application/x-www-form-urlencoded 로 요청해주세요.";
    pub(crate) const MALFORMED_BODY: &str = "요청 본문을 해석할 수 없습니다.";
    pub(crate) const BAD_PATH: &str = "요청 경로가 올바르지 않습니다.";
    pub(crate) const MISSING_OTP: &str = "otp 파라메터가 누락되었습니다.";
    pub(crate) const WRONG_OTP: &str = "인증번호가 일치하지 않습니다.";
    pub(crate) const ALREADY_CONFIRMED: &str = "이미 인증이 완료된 건입니다.";
    pub(crate) const NO_PENDING_OTP: &str = "인증번호 요청 내역이 없습니다.";
    pub(crate) const BAD_CARRIER: &str = "carrier 는 SKT, KT, LGT 중 하나여야 합니다.";
    pub(crate) const BAD_GENDER_DIGIT: &str = "gender_digit 는 1~8 중 하나의 숫자여야 합니다.";
    pub(crate) const BAD_BIRTH: &str = "birth 는 YYMMDD 또는 YYYYMMDD 형식의 올바른 날짜여야 합니다.";
    pub(crate) const BAD_PHONE: &str = "phone 형식이 올바르지 않습니다.";
    pub(crate) const BAD_IS_MVNO: &str = "is_mvno 는 true 또는 false 여야 합니다.";

    /// The real API's wording for a missing getToken parameter, applied to any field.
    pub(crate) fn missing(field: &str) -> String {
        format!("{field} 파라메터가 누락되었습니다.")
    }
}

#[derive(Serialize)]
struct Envelope<'a, T> {
    code: i64,
    message: Option<&'a str>,
    response: Option<T>,
}

/// A JSON response with the server's content type and a raw body.
pub(crate) fn json_response(status: StatusCode, body: String) -> Response {
    let mut response = (status, body).into_response();
    response.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static(JSON_CONTENT_TYPE));
    response
}

/// HTTP 200 with `{"code":0,"message":null,"response":…}`.
pub(crate) fn ok<T: Serialize>(response: T) -> Response {
    envelope_response(StatusCode::OK, 0, None, Some(response))
}

/// An envelope with `response: null`, as every error body is.
pub(crate) fn error_body(code: i64, message: &str) -> String {
    envelope_body::<()>(code, Some(message), None)
}

fn envelope_response<T: Serialize>(
    status: StatusCode,
    code: i64,
    message: Option<&str>,
    response: Option<T>,
) -> Response {
    json_response(status, envelope_body(code, message, response))
}

fn envelope_body<T: Serialize>(code: i64, message: Option<&str>, response: Option<T>) -> String {
    let envelope = Envelope { code, message, response };
    // Serializing plain structs of strings, numbers and options cannot fail;
    // the fallback keeps the server answering with an envelope regardless.
    serde_json::to_string(&envelope)
        .unwrap_or_else(|_| r#"{"code":-1,"message":"serialization failed","response":null}"#.to_owned())
}

/// An error answered as an envelope with `code: -1` and `response: null`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ApiError {
    status: StatusCode,
    message: Cow<'static, str>,
}

impl ApiError {
    pub(crate) fn new(status: StatusCode, message: impl Into<Cow<'static, str>>) -> Self {
        ApiError { status, message: message.into() }
    }

    pub(crate) fn bad_request(message: impl Into<Cow<'static, str>>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, message)
    }

    pub(crate) fn unauthorized() -> Self {
        Self::new(StatusCode::UNAUTHORIZED, msg::UNAUTHORIZED)
    }

    pub(crate) fn certification_not_found() -> Self {
        Self::new(StatusCode::NOT_FOUND, msg::CERTIFICATION_NOT_FOUND)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        json_response(self.status, error_body(ERROR_CODE, &self.message))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_envelope_has_null_response() {
        assert_eq!(
            error_body(-1, "인증결과가 존재하지 않습니다."),
            r#"{"code":-1,"message":"인증결과가 존재하지 않습니다.","response":null}"#
        );
    }

    #[test]
    fn success_envelope_has_null_message() {
        let body = envelope_body(0, None, Some(serde_json::json!({"imp_uid": "imp_1"})));
        assert_eq!(body, r#"{"code":0,"message":null,"response":{"imp_uid":"imp_1"}}"#);
    }
}
