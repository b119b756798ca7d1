//! The V2 routes and their handlers. Checks run in the order a client can
//! rely on: credentials (401), then the request's shape (400), then the
//! store (403), then the records (404, 409), then the provider (502).

use std::sync::Arc;

use axum::extract::rejection::PathRejection;
use axum::extract::{FromRequestParts, Path, RawQuery, State as AxumState};
use axum::http::request::Parts;
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Router, middleware};
use serde_json::{Map, Value, json};

use super::auth::Grant;
use super::error::{Kind, V2Error, msg};
use super::input::{Fields, JsonBody, query_pairs, query_value};
use super::list::ListQuery;
use super::requests;
use super::state::State;
use super::verification::SendRequest;
use crate::envelope::json_response;

type AppState = AxumState<Arc<State>>;
type Answer = Result<Response, V2Error>;

pub(crate) fn router(state: Arc<State>) -> Router {
    Router::new()
        .route("/login/api-secret", post(login))
        .route("/token/refresh", post(refresh))
        .route("/identity-verifications", get(list))
        .route("/identity-verifications/{id}", get(get_one))
        .route("/identity-verifications/{id}/send", post(send))
        .route("/identity-verifications/{id}/confirm", post(confirm))
        .route("/identity-verifications/{id}/resend", post(resend))
        .fallback(|| async { V2Error::new(Kind::RouteNotFound, msg::ROUTE_NOT_FOUND) })
        .method_not_allowed_fallback(|| async { V2Error::new(Kind::MethodNotAllowed, msg::METHOD_NOT_ALLOWED) })
        .layer(middleware::from_fn_with_state(state.clone(), requests::intercept))
        .with_state(state)
}

/// Proof that the request carried the API secret or a live access token.
struct Authorized;

impl FromRequestParts<Arc<State>> for Authorized {
    type Rejection = V2Error;

    async fn from_request_parts(parts: &mut Parts, state: &Arc<State>) -> Result<Self, Self::Rejection> {
        state.authorize(&parts.headers).map(|()| Authorized)
    }
}

/// The merchant's id from the path, which must not be blank.
fn verification_id(path: Result<Path<String>, PathRejection>) -> Result<String, V2Error> {
    match path {
        Ok(Path(id)) if !id.trim().is_empty() => Ok(id),
        _ => Err(V2Error::invalid(msg::BLANK_ID)),
    }
}

fn ok(body: Value) -> Response {
    json_response(axum::http::StatusCode::OK, body.to_string())
}

fn tokens(grant: Grant) -> Response {
    ok(json!({ "accessToken": grant.access_token, "refreshToken": grant.refresh_token }))
}

/// An object body that must be there.
fn required_body(body: JsonBody) -> Result<Map<String, Value>, V2Error> {
    body.0.ok_or_else(|| V2Error::invalid(msg::NOT_JSON))
}

/// Login and refresh take no credentials; any sent are ignored.
async fn login(AxumState(state): AppState, body: JsonBody) -> Answer {
    let body = required_body(body)?;
    let secret = Fields::new(&body).required_str("apiSecret")?;
    state.login(secret).map(tokens)
}

async fn refresh(AxumState(state): AppState, body: JsonBody) -> Answer {
    let body = required_body(body)?;
    let token = Fields::new(&body).required_str("refreshToken")?;
    state.refresh(token).map(tokens)
}

/// The conditions come as JSON text in the `requestBody` query parameter
/// or as a JSON body; when both are sent they must agree.
async fn list(AxumState(state): AppState, _: Authorized, RawQuery(query): RawQuery, body: JsonBody) -> Answer {
    let pairs = query_pairs(query.as_deref())?;
    let from_query = match query_value(&pairs, "requestBody") {
        Some(text) => match serde_json::from_str(text) {
            Ok(Value::Object(map)) => Some(map),
            _ => return Err(V2Error::invalid(msg::QUERY_NOT_JSON)),
        },
        None => None,
    };
    let conditions = match (from_query, body.0) {
        (Some(query), Some(body)) if query != body => return Err(V2Error::invalid(msg::QUERY_AND_BODY_DIFFER)),
        (Some(conditions), _) | (None, Some(conditions)) => conditions,
        (None, None) => Map::new(),
    };
    let query = ListQuery::parse(&conditions)?;
    state.check_store(query.store_id())?;
    Ok(ok(state.list(&query)))
}

async fn get_one(
    AxumState(state): AppState,
    _: Authorized,
    id: Result<Path<String>, PathRejection>,
    RawQuery(query): RawQuery,
) -> Answer {
    let id = verification_id(id)?;
    state.check_store(query_value(&query_pairs(query.as_deref())?, "storeId"))?;
    let record = state.identity_verification(&id).ok_or_else(|| V2Error::new(Kind::NotFound, msg::NOT_FOUND))?;
    Ok(ok(record))
}

async fn send(
    AxumState(state): AppState,
    _: Authorized,
    id: Result<Path<String>, PathRejection>,
    body: JsonBody,
) -> Answer {
    let id = verification_id(id)?;
    let request = SendRequest::parse(&required_body(body)?)?;
    state.check_store(request.store_id.as_deref())?;
    let otp = state.send(&id, request)?;
    announce(&state, &id, otp);
    Ok(ok(json!({})))
}

async fn confirm(
    AxumState(state): AppState,
    _: Authorized,
    id: Result<Path<String>, PathRejection>,
    body: JsonBody,
) -> Answer {
    let id = verification_id(id)?;
    let body = required_body(body)?;
    let fields = Fields::new(&body);
    let otp = fields.str("otp")?;
    state.check_store(fields.str("storeId")?)?;
    state.confirm(&id, otp).map(ok)
}

async fn resend(
    AxumState(state): AppState,
    _: Authorized,
    id: Result<Path<String>, PathRejection>,
    RawQuery(query): RawQuery,
) -> Answer {
    let id = verification_id(id)?;
    state.check_store(query_value(&query_pairs(query.as_deref())?, "storeId"))?;
    let otp = state.resend(&id)?;
    announce(&state, &id, otp);
    Ok(ok(json!({})))
}

/// Hands a new password to the test's hook, outside the state's lock.
fn announce(state: &State, id: &str, otp: Option<String>) {
    if let (Some(hook), Some(otp)) = (&state.config.on_otp, otp) {
        hook(id, &otp);
    }
}
