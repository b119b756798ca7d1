//! Everything the V2 server remembers, behind one lock: its clock, tokens,
//! records, recorded requests, pending faults and the test switches.

use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use axum::http::HeaderMap;
use serde_json::Value;

use super::auth::{self, AuthScheme, Grant, Tokens};
use super::builder::Config;
use super::error::{Kind, V2Error, msg};
use super::list::ListQuery;
use super::record::Channel;
use super::recorded::RecordedRequest;
use super::verification::{Book, Context, SendRequest};
use crate::faults::{Action, Fault, FaultQueue};
use crate::state::now_with;

/// Shared by the handle and the request handlers.
pub(crate) struct State {
    pub(crate) config: Config,
    data: Mutex<Data>,
}

#[derive(Default)]
struct Data {
    clock_offset: Duration,
    tokens: Tokens,
    book: Book,
    requests: Vec<RecordedRequest>,
    faults: FaultQueue,
    provider_down: bool,
    undocumented_errors: bool,
}

impl State {
    pub(crate) fn new(config: Config) -> State {
        State { config, data: Mutex::new(Data::default()) }
    }

    fn lock(&self) -> MutexGuard<'_, Data> {
        // No code path panics while holding the lock, and the data stays
        // consistent between statements, so a poisoned lock is still usable.
        self.data.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn now(&self) -> i64 {
        now_with(self.lock().clock_offset)
    }

    pub(crate) fn advance_clock(&self, by: Duration) {
        let mut data = self.lock();
        data.clock_offset = data.clock_offset.saturating_add(by);
    }

    fn grant(&self, data: &mut Data) -> Grant {
        let now = now_with(data.clock_offset);
        let access = Config::secs(self.config.access_token_ttl);
        let refresh = Config::secs(self.config.refresh_token_ttl);
        data.tokens.issue(&self.config.store_id, now, access, refresh)
    }

    /// `POST /login/api-secret`.
    pub(crate) fn login(&self, api_secret: &str) -> Result<Grant, V2Error> {
        if api_secret != self.config.api_secret {
            return Err(V2Error::unauthorized(msg::WRONG_SECRET));
        }
        let mut data = self.lock();
        Ok(self.grant(&mut data))
    }

    /// `POST /token/refresh`: the refresh token is used up.
    pub(crate) fn refresh(&self, refresh_token: &str) -> Result<Grant, V2Error> {
        let mut data = self.lock();
        let now = now_with(data.clock_offset);
        data.tokens.redeem_refresh(refresh_token, now).map_err(V2Error::unauthorized)?;
        Ok(self.grant(&mut data))
    }

    /// Accepts the API secret or a live access token.
    pub(crate) fn authorize(&self, headers: &HeaderMap) -> Result<(), V2Error> {
        match auth::credential(headers) {
            (AuthScheme::PortOne, Some(secret)) if secret == self.config.api_secret => Ok(()),
            (AuthScheme::PortOne, _) => Err(V2Error::unauthorized(msg::WRONG_SECRET)),
            (AuthScheme::Bearer, Some(token)) => {
                let data = self.lock();
                data.tokens.check_access(token, now_with(data.clock_offset)).map_err(V2Error::unauthorized)
            }
            (AuthScheme::None, _) => Err(V2Error::unauthorized(msg::MISSING_CREDENTIALS)),
            _ => Err(V2Error::unauthorized(msg::UNKNOWN_SCHEME)),
        }
    }

    /// A `storeId` the credentials may act for: absent, or the configured one.
    pub(crate) fn check_store(&self, store_id: Option<&str>) -> Result<(), V2Error> {
        match store_id {
            None => Ok(()),
            Some(id) if id.trim().is_empty() => Err(V2Error::invalid("`storeId` must not be blank")),
            Some(id) if id == self.config.store_id => Ok(()),
            Some(_) => Err(V2Error::new(Kind::Forbidden, msg::OTHER_STORE)),
        }
    }

    fn with_book<T>(&self, act: impl FnOnce(&mut Book, &Context<'_>) -> T) -> T {
        let mut data = self.lock();
        let cx = Context { now: now_with(data.clock_offset), config: &self.config, provider_down: data.provider_down };
        act(&mut data.book, &cx)
    }

    pub(crate) fn send(&self, id: &str, request: SendRequest) -> Result<Option<String>, V2Error> {
        self.with_book(|book, cx| book.send(cx, id, request))
    }

    pub(crate) fn confirm(&self, id: &str, otp: Option<&str>) -> Result<Value, V2Error> {
        self.with_book(|book, cx| book.confirm(cx, id, otp))
    }

    pub(crate) fn resend(&self, id: &str) -> Result<Option<String>, V2Error> {
        self.with_book(|book, cx| book.resend(cx, id))
    }

    pub(crate) fn identity_verification(&self, id: &str) -> Option<Value> {
        self.lock().book.get(id).map(|record| record.to_json())
    }

    pub(crate) fn list(&self, query: &ListQuery) -> Value {
        self.with_book(|book, cx| query.run(book.records(), cx.now))
    }

    pub(crate) fn otp_for(&self, id: &str) -> Option<String> {
        self.lock().book.otp_for(id)
    }

    pub(crate) fn cancel(&self, id: &str) -> bool {
        self.with_book(|book, cx| book.cancel(id, cx.now))
    }

    pub(crate) fn insert_unsent(&self, id: &str) {
        let channel = Channel::fake(0, self.config.channel_keys.first().map_or("", String::as_str));
        self.with_book(|book, cx| book.insert_unsent(id, cx.now, channel));
    }

    pub(crate) fn revoke_tokens(&self) {
        self.lock().tokens.revoke();
    }

    pub(crate) fn set_provider_down(&self, down: bool) {
        self.lock().provider_down = down;
    }

    pub(crate) fn set_undocumented_errors(&self, on: bool) {
        self.lock().undocumented_errors = on;
    }

    pub(crate) fn undocumented_errors(&self) -> bool {
        self.lock().undocumented_errors
    }

    pub(crate) fn record(&self, request: RecordedRequest) {
        self.lock().requests.push(request);
    }

    pub(crate) fn requests(&self) -> Vec<RecordedRequest> {
        self.lock().requests.clone()
    }

    pub(crate) fn count_requests(&self, filter: impl Fn(&RecordedRequest) -> bool) -> usize {
        self.lock().requests.iter().filter(|r| filter(r)).count()
    }

    pub(crate) fn clear_requests(&self) {
        self.lock().requests.clear();
    }

    pub(crate) fn inject(&self, fault: Fault) {
        self.lock().faults.push(fault);
    }

    pub(crate) fn take_fault(&self, path: &str) -> Option<Action> {
        self.lock().faults.take(path)
    }

    pub(crate) fn clear_faults(&self) {
        self.lock().faults.clear();
    }

    pub(crate) fn pending_faults(&self) -> usize {
        self.lock().faults.len()
    }
}
