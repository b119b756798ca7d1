//! The identity-verification state machine: a record is opened by `send`
//! (READY), then `confirm` makes it VERIFIED, or too many wrong one-time
//! passwords make it FAILED. `resend` issues a new password meanwhile.

use std::collections::HashMap;

use serde_json::{Map, Value, json};

use super::builder::Config;
use super::error::{Kind, V2Error, msg};
use super::input::Fields;
use super::record::{Challenge, Channel, Failure, Person, Record, Stage, raw_response};
use crate::calendar::Date;
use crate::random;

const OPERATORS: &[&str] = &["SKT", "KT", "LGU", "SKT_MVNO", "KT_MVNO", "LGU_MVNO"];

/// A validated `SendIdentityVerificationBody`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SendRequest {
    pub(crate) store_id: Option<String>,
    channel_key: String,
    person: Person,
    sms: bool,
    custom_data: Option<String>,
    ip_address: String,
}

impl SendRequest {
    /// Checks the body the way the API does, answering INVALID_REQUEST.
    pub(crate) fn parse(body: &Map<String, Value>) -> Result<SendRequest, V2Error> {
        let fields = Fields::new(body);
        let channel_key = fields.required_str("channelKey")?.to_owned();
        let customer =
            fields.object("customer", "customer.")?.ok_or_else(|| V2Error::invalid("`customer` is required"))?;
        let operator =
            fields.one_of("operator", OPERATORS)?.ok_or_else(|| V2Error::invalid("`operator` is required"))?;
        let method =
            fields.one_of("method", &["SMS", "APP"])?.ok_or_else(|| V2Error::invalid("`method` is required"))?;
        // Passed on to the provider as is; only its shape is checked.
        fields.object("bypass", "bypass.")?;
        let phone = customer.required_str("phoneNumber")?;
        if !phone.bytes().all(|b| b.is_ascii_digit()) {
            return Err(V2Error::invalid("`customer.phoneNumber` must be digits only"));
        }
        let ip_address = customer.required_str("ipAddress")?;
        if ip_address.parse::<std::net::IpAddr>().is_err() {
            return Err(V2Error::invalid("`customer.ipAddress` must be an IPv4 or IPv6 address"));
        }
        let identity = match customer.str("identityNumber")? {
            Some(number) => Some(identity_number(number)?),
            None if method == "SMS" => return Err(V2Error::invalid("`customer.identityNumber` is required for SMS")),
            None => None,
        };
        let person = Person {
            id: customer.str("id")?.map(str::to_owned),
            name: customer.required_str("name")?.trim().to_owned(),
            phone: phone.to_owned(),
            operator: operator.to_owned(),
            identity,
        };
        Ok(SendRequest {
            store_id: fields.str("storeId")?.map(str::to_owned),
            channel_key,
            person,
            sms: method == "SMS",
            custom_data: fields.str("customData")?.map(str::to_owned),
            ip_address: ip_address.to_owned(),
        })
    }
}

/// Seven digits: the birth date as YYMMDD and the digit for sex and century.
fn identity_number(number: &str) -> Result<(Date, u8), V2Error> {
    let invalid = || V2Error::invalid("`customer.identityNumber` must be 7 digits: YYMMDD and the 7th digit (1-8)");
    match number.as_bytes() {
        [birth @ .., digit @ b'1'..=b'8'] if birth.len() == 6 => {
            let digit = digit - b'0';
            Date::parse(&number[..6], digit).map(|date| (date, digit)).ok_or_else(invalid)
        }
        _ => Err(invalid()),
    }
}

/// What a transition needs besides the records.
pub(crate) struct Context<'a> {
    pub(crate) now: i64,
    pub(crate) config: &'a Config,
    pub(crate) provider_down: bool,
}

/// Every record, and the sends each customer IP address made recently.
#[derive(Debug, Default)]
pub(crate) struct Book {
    records: HashMap<String, Record>,
    next_seq: u64,
    sends_by_ip: HashMap<String, Vec<i64>>,
}

impl Book {
    /// `POST /identity-verifications/{id}/send`; returns the SMS password.
    pub(crate) fn send(&mut self, cx: &Context<'_>, id: &str, request: SendRequest) -> Result<Option<String>, V2Error> {
        let keys = &cx.config.channel_keys;
        let index = keys.iter().position(|key| *key == request.channel_key);
        let channel = index.map(|index| Channel::fake(index, &request.channel_key));
        let channel = channel.ok_or_else(|| V2Error::new(Kind::ChannelNotFound, msg::CHANNEL_NOT_FOUND))?;
        let existing = self.records.get(id);
        match existing.map(|record| &record.stage) {
            None | Some(Stage::Ready { challenge: None }) => {}
            Some(Stage::Verified { .. }) => return Err(V2Error::new(Kind::AlreadyVerified, msg::ALREADY_VERIFIED)),
            Some(_) => return Err(V2Error::new(Kind::AlreadySent, msg::ALREADY_SENT)),
        }
        let window = Config::secs(cx.config.send_window);
        let uses = self.sends_by_ip.entry(request.ip_address.clone()).or_default();
        uses.retain(|at| cx.now - at < window);
        if uses.len() >= cx.config.send_limit as usize {
            return Err(V2Error::new(Kind::MaxTransactionCountReached, msg::TOO_MANY_SENDS));
        }
        if cx.provider_down {
            return Err(V2Error::pg(msg::PG_DOWN));
        }
        uses.push(cx.now);
        let (seq, requested_at) = match existing {
            Some(record) => (record.seq, record.requested_at),
            None => (self.take_seq(), cx.now),
        };
        let challenge = new_challenge(cx, request.sms);
        let otp = challenge.otp.clone();
        let record = Record {
            id: id.to_owned(),
            seq,
            channel: Some(channel),
            person: Some(request.person),
            custom_data: request.custom_data,
            requested_at,
            updated_at: cx.now,
            status_changed_at: cx.now,
            pg_tx_id: Some(random::digits(20)),
            stage: Stage::Ready { challenge: Some(challenge) },
        };
        self.records.insert(id.to_owned(), record);
        Ok(otp)
    }

    /// `POST /identity-verifications/{id}/confirm`; returns the response body.
    ///
    /// A wrong or expired password is the provider's verdict, so it comes
    /// back as `PG_PROVIDER`; the record stays READY until the last allowed
    /// wrong password, which makes it FAILED.
    pub(crate) fn confirm(&mut self, cx: &Context<'_>, id: &str, otp: Option<&str>) -> Result<Value, V2Error> {
        let record = sent_record(&mut self.records, id)?;
        let Stage::Ready { challenge: Some(challenge) } = &mut record.stage else {
            return Err(V2Error::new(Kind::NotSent, msg::NOT_SENT));
        };
        if challenge.otp.is_some() && otp.is_none() {
            return Err(V2Error::invalid(msg::MISSING_OTP));
        }
        if cx.provider_down {
            return Err(V2Error::pg(msg::PG_DOWN));
        }
        if let Some(expected) = &challenge.otp {
            if cx.now >= challenge.otp_expires_at {
                return Err(V2Error::pg(msg::PG_OTP_EXPIRED));
            }
            if otp != Some(expected.as_str()) {
                challenge.wrong_attempts += 1;
                let exhausted = challenge.wrong_attempts >= cx.config.max_otp_attempts;
                record.updated_at = cx.now;
                if exhausted {
                    let (pg_code, pg_message) = msg::PG_WRONG_OTP;
                    let failure = Failure { reason: msg::FAILED_REASON, pg_code, pg_message };
                    record.change(Stage::Failed { failure, failed_at: cx.now }, cx.now);
                }
                return Err(V2Error::pg(msg::PG_WRONG_OTP));
            }
        }
        let Some(person) = &record.person else {
            return Err(V2Error::new(Kind::NotSent, msg::NOT_SENT));
        };
        let customer = person.verified(&cx.config.store_id);
        let pg_raw_response = raw_response(record.pg_tx_id.as_deref().unwrap_or(""), &customer);
        record.change(Stage::Verified { customer, verified_at: cx.now, pg_raw_response }, cx.now);
        Ok(json!({ "identityVerification": record.to_json() }))
    }

    /// `POST /identity-verifications/{id}/resend`; returns the new password.
    pub(crate) fn resend(&mut self, cx: &Context<'_>, id: &str) -> Result<Option<String>, V2Error> {
        let record = sent_record(&mut self.records, id)?;
        let Stage::Ready { challenge: Some(challenge) } = &mut record.stage else {
            return Err(V2Error::new(Kind::NotSent, msg::NOT_SENT));
        };
        if cx.provider_down {
            return Err(V2Error::pg(msg::PG_DOWN));
        }
        let wrong_attempts = challenge.wrong_attempts;
        *challenge = Challenge { wrong_attempts, ..new_challenge(cx, challenge.otp.is_some()) };
        let otp = challenge.otp.clone();
        record.updated_at = cx.now;
        Ok(otp)
    }

    pub(crate) fn get(&self, id: &str) -> Option<&Record> {
        self.records.get(id)
    }

    pub(crate) fn records(&self) -> impl Iterator<Item = &Record> {
        self.records.values()
    }

    /// The password a READY record sent through the API is waiting for.
    pub(crate) fn otp_for(&self, id: &str) -> Option<String> {
        match &self.records.get(id)?.stage {
            Stage::Ready { challenge: Some(challenge) } => challenge.otp.clone(),
            _ => None,
        }
    }

    /// Moves a record to the undocumented `CANCELLED` state.
    pub(crate) fn cancel(&mut self, id: &str, now: i64) -> bool {
        let Some(record) = self.records.get_mut(id) else { return false };
        record.change(Stage::Cancelled { cancelled_at: now }, now);
        true
    }

    /// A READY record the browser SDK opened: it exists, but was not sent
    /// through the API, so confirm and resend answer NOT_SENT.
    pub(crate) fn insert_unsent(&mut self, id: &str, now: i64, channel: Channel) {
        let seq = self.take_seq();
        let record = Record {
            id: id.to_owned(),
            seq,
            channel: Some(channel),
            person: None,
            custom_data: None,
            requested_at: now,
            updated_at: now,
            status_changed_at: now,
            pg_tx_id: None,
            stage: Stage::Ready { challenge: None },
        };
        self.records.insert(id.to_owned(), record);
    }

    fn take_seq(&mut self) -> u64 {
        self.next_seq += 1;
        self.next_seq
    }
}

fn new_challenge(cx: &Context<'_>, sms: bool) -> Challenge {
    Challenge {
        otp: sms.then(|| random::digits(6)),
        otp_expires_at: cx.now.saturating_add(Config::secs(cx.config.otp_ttl)),
        wrong_attempts: 0,
    }
}

/// A record that confirm and resend may act on: present and not verified.
fn sent_record<'a>(records: &'a mut HashMap<String, Record>, id: &str) -> Result<&'a mut Record, V2Error> {
    let record = records.get_mut(id).ok_or_else(|| V2Error::new(Kind::NotFound, msg::NOT_FOUND))?;
    match record.stage {
        Stage::Verified { .. } => Err(V2Error::new(Kind::AlreadyVerified, msg::ALREADY_VERIFIED)),
        _ => Ok(record),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(method: &str, identity_number: Option<&str>) -> Map<String, Value> {
        let mut customer = json!({"name": "홍길동", "phoneNumber": "01012345678", "ipAddress": "::1"});
        if let Some(number) = identity_number {
            customer["identityNumber"] = json!(number);
        }
        let body = json!({"channelKey": "k", "customer": customer, "operator": "LGU", "method": method});
        body.as_object().cloned().unwrap()
    }

    #[test]
    fn identity_numbers() {
        let cases = [
            ("9001011", Some(("1990-01-01", 1))),
            ("0402298", Some(("2004-02-29", 8))),
            ("8512316", Some(("1985-12-31", 6))),
            ("0002291", None), // 1900 was not a leap year
            ("9001019", None),
            ("9001010", None),
            ("900101", None),
            ("90010111", None),
            ("a가12341", None),
            ("900101-1", None),
        ];
        for (number, expected) in cases {
            let got = identity_number(number).ok().map(|(date, digit)| (date.iso(), digit));
            assert_eq!(got, expected.map(|(iso, digit)| (iso.to_owned(), digit)), "{number}");
        }
    }

    #[test]
    fn sms_needs_the_identity_number_and_app_does_not() {
        assert!(SendRequest::parse(&body("SMS", None)).is_err());
        assert!(SendRequest::parse(&body("APP", None)).is_ok_and(|request| !request.sms));
        let request = SendRequest::parse(&body("SMS", Some("9001011"))).unwrap();
        assert_eq!((request.sms, request.person.operator.as_str()), (true, "LGU"));
    }

    #[test]
    fn the_last_allowed_wrong_password_fails_the_record() {
        let config = Config { max_otp_attempts: 2, channel_keys: vec!["k".to_owned()], ..Config::default() };
        let cx = Context { now: 1_000, config: &config, provider_down: false };
        let mut book = Book::default();
        let request = SendRequest::parse(&body("SMS", Some("9001011"))).unwrap();
        let otp = book.send(&cx, "iv", request).unwrap().unwrap();
        let wrong = if otp == "000000" { "111111" } else { "000000" };
        for expected in ["READY", "FAILED"] {
            assert_eq!(book.confirm(&cx, "iv", Some(wrong)).unwrap_err().kind, Kind::PgProvider);
            assert_eq!(book.get("iv").unwrap().status(), expected);
        }
        assert_eq!(book.confirm(&cx, "iv", Some(&otp)).unwrap_err().kind, Kind::NotSent);
    }
}
