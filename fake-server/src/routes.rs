//! The API's routes and their handlers.

use std::sync::Arc;

use axum::extract::rejection::PathRejection;
use axum::extract::{FromRequestParts, Path, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Router, middleware};
use serde::Serialize;

use crate::body::Fields;
use crate::certification::Identity;
use crate::envelope::{self, ApiError, msg};
use crate::recorded::presented_token;
use crate::requests;
use crate::state::ServerState;

type AppState = State<Arc<ServerState>>;

pub(crate) fn router(state: Arc<ServerState>) -> Router {
    Router::new()
        .route("/users/getToken", post(get_token))
        .route("/certifications/otp/request", post(request_otp))
        .route("/certifications/otp/confirm/{imp_uid}", post(confirm_otp))
        .route("/certifications/{imp_uid}", get(get_certification).delete(delete_certification))
        .fallback(route_not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(middleware::from_fn_with_state(state.clone(), requests::intercept))
        .with_state(state)
}

/// `AuthAnnotation`.
#[derive(Serialize)]
struct Auth {
    access_token: String,
    now: i64,
    expired_at: i64,
}

/// `CertificationOTPAnnotation`.
#[derive(Serialize)]
struct OtpIssued {
    imp_uid: String,
}

/// Proof that the request carried a live access token; rejects with 401.
struct Authorized;

impl FromRequestParts<Arc<ServerState>> for Authorized {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &Arc<ServerState>) -> Result<Self, Self::Rejection> {
        match presented_token(&parts.headers).1 {
            Some(token) if state.accepts_token(token) => Ok(Authorized),
            _ => Err(ApiError::unauthorized()),
        }
    }
}

async fn get_token(State(state): AppState, fields: Fields) -> Result<Response, ApiError> {
    let (Some(key), Some(secret)) = (fields.text("imp_key"), fields.text("imp_secret")) else {
        return Err(ApiError::bad_request(msg::MISSING_KEY_SECRET));
    };
    if key != state.config.imp_key || secret != state.config.imp_secret {
        return Err(ApiError::new(StatusCode::UNAUTHORIZED, msg::BAD_CREDENTIALS));
    }
    let (token, now) = state.grant_token();
    Ok(envelope::ok(Auth { access_token: token.value, now, expired_at: token.expired_at }))
}

async fn request_otp(State(state): AppState, _: Authorized, fields: Fields) -> Result<Response, ApiError> {
    let text = |name| fields.text(name).unwrap_or_default();
    let is_mvno = fields.flag("is_mvno").map_err(|()| ApiError::bad_request(msg::BAD_IS_MVNO))?;
    // company, pg, channel_key, verification_method and bypass are accepted
    // and ignored: nothing is sent and the PG is always Danal here.
    let identity = Identity {
        merchant_uid: fields.text("merchant_uid"),
        is_mvno: is_mvno.unwrap_or(false),
        ..Identity::new(text("name"), text("phone"), text("birth"), text("gender_digit"), text("carrier"))
    };
    let subject = identity.validate().map_err(|invalid| ApiError::bad_request(invalid.message().to_owned()))?;
    let (imp_uid, otp) = state.open_otp(subject);
    if let Some(hook) = &state.config.on_otp {
        hook(&imp_uid, &otp);
    }
    Ok(envelope::ok(OtpIssued { imp_uid }))
}

async fn confirm_otp(
    State(state): AppState,
    _: Authorized,
    imp_uid: Result<Path<String>, PathRejection>,
    fields: Fields,
) -> Result<Response, ApiError> {
    let Path(imp_uid) = imp_uid.map_err(|_| ApiError::bad_request(msg::BAD_PATH))?;
    let record = state.confirm_otp(&imp_uid, fields.text("otp").as_deref())?;
    Ok(envelope::ok(record))
}

async fn get_certification(
    State(state): AppState,
    _: Authorized,
    imp_uid: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let Path(imp_uid) = imp_uid.map_err(|_| ApiError::bad_request(msg::BAD_PATH))?;
    let record = state.certification(&imp_uid).ok_or_else(ApiError::certification_not_found)?;
    Ok(envelope::ok(record))
}

async fn delete_certification(
    State(state): AppState,
    _: Authorized,
    imp_uid: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let Path(imp_uid) = imp_uid.map_err(|_| ApiError::bad_request(msg::BAD_PATH))?;
    let record = state.delete_certification(&imp_uid).ok_or_else(ApiError::certification_not_found)?;
    Ok(envelope::ok(record))
}

async fn route_not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, msg::ROUTE_NOT_FOUND)
}

async fn method_not_allowed() -> ApiError {
    ApiError::new(StatusCode::METHOD_NOT_ALLOWED, msg::METHOD_NOT_ALLOWED)
}
