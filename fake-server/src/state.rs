//! Everything the server remembers: its clock, the issued token,
//! certifications with their OTPs, recorded requests and pending faults.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::builder::Config;
use crate::certification::{Certification, Identity, InvalidIdentity, RecordSettings, Subject};
use crate::envelope::{ApiError, msg};
use crate::faults::{Action, Fault, FaultQueue};
use crate::random;
use crate::recorded::RecordedRequest;
use crate::tokens::{self, Token};

/// Shared by the handle and the request handlers.
pub(crate) struct ServerState {
    pub(crate) config: Config,
    data: Mutex<Data>,
}

#[derive(Default)]
struct Data {
    clock_offset: Duration,
    token: Option<Token>,
    certifications: HashMap<String, Entry>,
    requests: Vec<RecordedRequest>,
    faults: FaultQueue,
}

struct Entry {
    record: Certification,
    otp: Option<String>,
    /// Present until the OTP is confirmed.
    awaiting: Option<Subject>,
}

impl ServerState {
    pub(crate) fn new(config: Config) -> Self {
        ServerState { config, data: Mutex::new(Data::default()) }
    }

    fn lock(&self) -> MutexGuard<'_, Data> {
        // No code path panics while holding the lock, and the data stays
        // consistent between statements, so a poisoned lock is still usable.
        self.data.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The server's "now" in UNIX seconds: real time plus the test offset.
    pub(crate) fn now(&self) -> i64 {
        now_with(self.lock().clock_offset)
    }

    pub(crate) fn advance_clock(&self, by: Duration) {
        let mut data = self.lock();
        data.clock_offset = data.clock_offset.saturating_add(by);
    }

    /// The token to hand out now, together with "now".
    pub(crate) fn grant_token(&self) -> (Token, i64) {
        let mut data = self.lock();
        let now = now_with(data.clock_offset);
        let ttl = i64::try_from(self.config.token_ttl.as_secs()).unwrap_or(i64::MAX / 2);
        let token = tokens::grant(data.token.as_ref(), now, ttl, random::access_token);
        data.token = Some(token.clone());
        (token, now)
    }

    pub(crate) fn accepts_token(&self, presented: &str) -> bool {
        let data = self.lock();
        let now = now_with(data.clock_offset);
        data.token.as_ref().is_some_and(|token| token.value == presented && token.is_live(now))
    }

    pub(crate) fn revoke_tokens(&self) {
        self.lock().token = None;
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

    /// Stores an unconfirmed record for `subject`; returns its imp_uid and OTP.
    pub(crate) fn open_otp(&self, subject: Subject) -> (String, String) {
        let mut data = self.lock();
        let imp_uid = unused_imp_uid(&data.certifications);
        let otp = random::digits(6);
        let entry =
            Entry { record: self.pending_record(&imp_uid, &subject), otp: Some(otp.clone()), awaiting: Some(subject) };
        data.certifications.insert(imp_uid.clone(), entry);
        (imp_uid, otp)
    }

    /// The record of a request the PG accepted but nobody confirmed yet.
    fn pending_record(&self, imp_uid: &str, subject: &Subject) -> Certification {
        Certification {
            merchant_uid: subject.merchant_uid.clone(),
            pg_tid: Some(random::digits(24)),
            origin: self.config.origin.clone(),
            ..Certification::unconfirmed(imp_uid)
        }
    }

    /// `POST /certifications/otp/confirm/{imp_uid}`: 404 for an unknown
    /// imp_uid, 400 for a missing or wrong OTP or a finished record.
    pub(crate) fn confirm_otp(&self, imp_uid: &str, otp: Option<&str>) -> Result<Certification, ApiError> {
        let mut data = self.lock();
        let now = now_with(data.clock_offset);
        let entry = data.certifications.get_mut(imp_uid).ok_or_else(ApiError::certification_not_found)?;
        if entry.record.certified {
            return Err(ApiError::bad_request(msg::ALREADY_CONFIRMED));
        }
        let otp = otp.ok_or_else(|| ApiError::bad_request(msg::MISSING_OTP))?;
        let (Some(subject), Some(expected)) = (&entry.awaiting, &entry.otp) else {
            return Err(ApiError::bad_request(msg::NO_PENDING_OTP));
        };
        if otp != expected {
            return Err(ApiError::bad_request(msg::WRONG_OTP));
        }
        entry.record = subject.certify(&entry.record, now, &self.record_settings());
        entry.awaiting = None;
        Ok(entry.record.clone())
    }

    pub(crate) fn certification(&self, imp_uid: &str) -> Option<Certification> {
        let data = self.lock();
        data.certifications.get(imp_uid).map(|entry| entry.record.clone())
    }

    pub(crate) fn delete_certification(&self, imp_uid: &str) -> Option<Certification> {
        let mut data = self.lock();
        data.certifications.remove(imp_uid).map(|entry| entry.record)
    }

    pub(crate) fn otp_for(&self, imp_uid: &str) -> Option<String> {
        let data = self.lock();
        data.certifications.get(imp_uid)?.otp.clone()
    }

    /// Stores `record` as is, replacing any record with the same imp_uid.
    pub(crate) fn insert_certification(&self, record: Certification) {
        let entry = Entry { record, otp: None, awaiting: None };
        self.lock().certifications.insert(entry.record.imp_uid.clone(), entry);
    }

    /// A finished record for `identity` under a fresh imp_uid, as if its
    /// OTP had been requested and confirmed now.
    pub(crate) fn insert_certified(&self, identity: &Identity) -> Result<Certification, InvalidIdentity> {
        let subject = identity.validate()?;
        let mut data = self.lock();
        let now = now_with(data.clock_offset);
        let imp_uid = unused_imp_uid(&data.certifications);
        let pending = self.pending_record(&imp_uid, &subject);
        let record = subject.certify(&pending, now, &self.record_settings());
        let entry = Entry { record: record.clone(), otp: None, awaiting: None };
        data.certifications.insert(imp_uid, entry);
        Ok(record)
    }

    fn record_settings(&self) -> RecordSettings<'_> {
        RecordSettings {
            site: &self.config.imp_key,
            origin: self.config.origin.as_deref(),
            foreigner_option: self.config.foreigner_option,
        }
    }
}

pub(crate) fn now_with(offset: Duration) -> i64 {
    // A clock before 1970 is not a test setup worth supporting: it reads as 0.
    let real = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
    i64::try_from(real.saturating_add(offset).as_secs()).unwrap_or(i64::MAX / 2)
}

/// `imp_` and 12 digits, like real certification ids.
fn unused_imp_uid(taken: &HashMap<String, Entry>) -> String {
    loop {
        let imp_uid = format!("imp_{}", random::digits(12));
        if !taken.contains_key(&imp_uid) {
            return imp_uid;
        }
    }
}
