//! Identity-verification records as the server keeps them, and their JSON
//! form (`IdentityVerification`, discriminated by `status`).

use serde::Serialize;
use serde_json::Value;

use super::time;
use crate::calendar::Date;
use crate::random;

/// The person as the send request described them, validated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Person {
    pub(crate) id: Option<String>,
    pub(crate) name: String,
    pub(crate) phone: String,
    pub(crate) operator: String,
    /// From `identityNumber`: the birth date and the 7th digit.
    pub(crate) identity: Option<(Date, u8)>,
}

impl Person {
    fn birth_parts(&self) -> Option<(String, String, String)> {
        let iso = self.identity?.0.iso();
        Some((iso[..4].to_owned(), iso[5..7].to_owned(), iso[8..].to_owned()))
    }

    fn requested(&self) -> RequestedCustomer {
        let birth = self.birth_parts();
        RequestedCustomer {
            id: self.id.clone(),
            name: Some(self.name.clone()),
            phone_number: Some(self.phone.clone()),
            birth_year: birth.as_ref().map(|parts| parts.0.clone()),
            birth_month: birth.as_ref().map(|parts| parts.1.clone()),
            birth_day: birth.map(|parts| parts.2),
        }
    }

    /// The person as the carrier reports them. CI and DI are derived from
    /// the person alone (DI also from `site`), so they are stable.
    pub(crate) fn verified(&self, site: &str) -> VerifiedCustomer {
        let birth_date = self.identity.map(|(date, _)| date.iso());
        let person = format!("{}|{}|{}", self.name, birth_date.as_deref().unwrap_or(""), self.phone);
        VerifiedCustomer {
            id: self.id.clone(),
            name: self.name.clone(),
            operator: Some(self.operator.clone()),
            phone_number: Some(self.phone.clone()),
            gender: self.identity.map(|(_, digit)| if digit % 2 == 1 { "MALE" } else { "FEMALE" }),
            is_foreigner: self.identity.map(|(_, digit)| digit >= 5),
            birth_date,
            ci: Some(random::derived_base64(&format!("ci|{person}"), 64)),
            di: Some(random::derived_base64(&format!("di|{site}|{person}"), 48)),
        }
    }
}

/// `IdentityVerificationRequestedCustomer`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct RequestedCustomer {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) phone_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) birth_year: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) birth_month: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) birth_day: Option<String>,
}

/// `IdentityVerificationVerifiedCustomer`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct VerifiedCustomer {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) id: Option<String>,
    pub(crate) name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) operator: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) phone_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) birth_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) gender: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) is_foreigner: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) ci: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) di: Option<String>,
}

/// `IdentityVerificationFailure`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Failure {
    pub(crate) reason: &'static str,
    pub(crate) pg_code: &'static str,
    pub(crate) pg_message: &'static str,
}

/// `SelectedChannel`: every channel of the fake is a Danal test channel.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Channel {
    #[serde(rename = "type")]
    pub(crate) channel_type: &'static str,
    pub(crate) id: String,
    pub(crate) key: String,
    pub(crate) name: &'static str,
    pub(crate) pg_provider: &'static str,
    pub(crate) pg_merchant_id: &'static str,
}

impl Channel {
    /// The `index`-th configured channel, under `key`.
    pub(crate) fn fake(index: usize, key: &str) -> Channel {
        Channel {
            channel_type: "TEST",
            id: format!("channel-id-fake-{index}"),
            key: key.to_owned(),
            name: "fake Danal test channel",
            pg_provider: "DANAL",
            pg_merchant_id: "fake-danal-merchant",
        }
    }
}

/// The one SMS or app challenge a sent record waits on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Challenge {
    /// `None` for the APP method.
    pub(crate) otp: Option<String>,
    pub(crate) otp_expires_at: i64,
    pub(crate) wrong_attempts: u32,
}

/// Where a record is in its life.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Stage {
    /// `READY`; `challenge` is `None` when the record was not sent through
    /// the API (opened by the browser SDK).
    Ready {
        challenge: Option<Challenge>,
    },
    Verified {
        customer: VerifiedCustomer,
        verified_at: i64,
        pg_raw_response: String,
    },
    Failed {
        failure: Failure,
        failed_at: i64,
    },
    /// A state the documents do not list (a newer API's); switched on by tests.
    Cancelled {
        cancelled_at: i64,
    },
}

/// One identity verification.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Record {
    pub(crate) id: String,
    /// Insertion order, the tie-breaker when sorting.
    pub(crate) seq: u64,
    pub(crate) channel: Option<Channel>,
    pub(crate) person: Option<Person>,
    pub(crate) custom_data: Option<String>,
    pub(crate) requested_at: i64,
    pub(crate) updated_at: i64,
    pub(crate) status_changed_at: i64,
    pub(crate) pg_tx_id: Option<String>,
    pub(crate) stage: Stage,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RecordJson<'a> {
    status: &'static str,
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    channel: Option<&'a Channel>,
    #[serde(skip_serializing_if = "Option::is_none")]
    requested_customer: Option<RequestedCustomer>,
    #[serde(skip_serializing_if = "Option::is_none")]
    verified_customer: Option<&'a VerifiedCustomer>,
    #[serde(skip_serializing_if = "Option::is_none")]
    custom_data: Option<&'a str>,
    requested_at: String,
    updated_at: String,
    status_changed_at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    verified_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    failure: Option<&'a Failure>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cancelled_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pg_tx_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pg_raw_response: Option<&'a str>,
    version: &'static str,
}

impl Record {
    /// The wire value of `status`.
    pub(crate) fn status(&self) -> &'static str {
        match self.stage {
            Stage::Ready { .. } => "READY",
            Stage::Verified { .. } => "VERIFIED",
            Stage::Failed { .. } => "FAILED",
            Stage::Cancelled { .. } => super::FakeServer::UNDOCUMENTED_STATUS,
        }
    }

    pub(crate) fn verified_at(&self) -> Option<i64> {
        match self.stage {
            Stage::Verified { verified_at, .. } => Some(verified_at),
            _ => None,
        }
    }

    pub(crate) fn failed_at(&self) -> Option<i64> {
        match self.stage {
            Stage::Failed { failed_at, .. } => Some(failed_at),
            _ => None,
        }
    }

    /// Moves to another stage at `now`.
    pub(crate) fn change(&mut self, stage: Stage, now: i64) {
        self.stage = stage;
        self.updated_at = now;
        self.status_changed_at = now;
    }

    /// The JSON the API answers with for this record.
    pub(crate) fn to_json(&self) -> Value {
        let verified = match &self.stage {
            Stage::Verified { customer, verified_at, pg_raw_response } => {
                Some((customer, *verified_at, pg_raw_response.as_str()))
            }
            _ => None,
        };
        let requested = verified.is_none().then(|| self.person.as_ref().map(Person::requested).unwrap_or_default());
        let json = RecordJson {
            status: self.status(),
            id: &self.id,
            channel: self.channel.as_ref(),
            requested_customer: requested,
            verified_customer: verified.map(|(customer, _, _)| customer),
            custom_data: self.custom_data.as_deref(),
            requested_at: time::format(self.requested_at),
            updated_at: time::format(self.updated_at),
            status_changed_at: time::format(self.status_changed_at),
            verified_at: verified.map(|(_, at, _)| time::format(at)),
            failure: match &self.stage {
                Stage::Failed { failure, .. } => Some(failure),
                _ => None,
            },
            cancelled_at: match self.stage {
                Stage::Cancelled { cancelled_at } => Some(time::format(cancelled_at)),
                _ => None,
            },
            pg_tx_id: self.pg_tx_id.as_deref(),
            pg_raw_response: verified.map(|(_, _, raw)| raw),
            version: "V2",
        };
        // Strings, numbers and booleans only: serializing cannot fail.
        serde_json::to_value(json).unwrap_or(Value::Null)
    }
}

/// What the provider's raw answer would hold: the person again, which is
/// why clients must treat `pgRawResponse` as personal data.
pub(crate) fn raw_response(pg_tx_id: &str, customer: &VerifiedCustomer) -> String {
    serde_json::json!({
        "resultCode": "0000",
        "resultMessage": "verified by the fake provider",
        "transactionId": pg_tx_id,
        "name": customer.name,
        "phone": customer.phone_number,
        "birthDate": customer.birth_date,
        "ci": customer.ci,
        "di": customer.di,
    })
    .to_string()
}
