//! Certification records (`CertificationAnnotation`) and the personal data
//! an OTP request carries, validated the way the real API does.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::calendar::Date;
use crate::envelope::msg;
use crate::random;

/// A certification record exactly as the server sends it in `response`.
///
/// Field order and types follow the spec's `CertificationAnnotation`; every
/// timestamp is an integer of UNIX seconds. A record whose OTP was requested
/// but not confirmed has `certified: false` and null personal fields.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Certification {
    /// PortOne certification id, `imp_` followed by 12 digits.
    pub imp_uid: String,
    /// The merchant's id for the request; null when none was given.
    pub merchant_uid: Option<String>,
    /// The PG's transaction id.
    pub pg_tid: Option<String>,
    /// Always `danal` for records made by the OTP flow.
    pub pg_provider: String,
    /// Verified real name.
    pub name: Option<String>,
    /// `male` or `female`.
    pub gender: Option<String>,
    /// Deprecated: UNIX seconds of 00:00 KST on the birth date.
    pub birth: Option<i64>,
    /// `YYYY-MM-DD`.
    pub birthday: Option<String>,
    /// True for resident-number gender digits 5–8.
    pub foreigner: bool,
    /// Digits only.
    pub phone: Option<String>,
    /// `SKT`, `KT`, `LGT`, or the same with `_MVNO`.
    pub carrier: Option<String>,
    /// Whether the verification succeeded.
    pub certified: bool,
    /// UNIX seconds of the confirmation.
    pub certified_at: Option<i64>,
    /// CI: 88 base64 characters, the same for the same person everywhere.
    pub unique_key: Option<String>,
    /// DI: 64 base64 characters, the same for the same person on one site.
    pub unique_in_site: Option<String>,
    /// URL of the page where the verification ran.
    pub origin: Option<String>,
    /// Null unless the merchant contracted the foreigner option.
    pub foreigner_v2: Option<bool>,
}

impl Certification {
    /// A record that exists but was never confirmed: only `imp_uid`,
    /// `pg_provider` and the two booleans are set.
    pub fn unconfirmed(imp_uid: impl Into<String>) -> Certification {
        Certification {
            imp_uid: imp_uid.into(),
            merchant_uid: None,
            pg_tid: None,
            pg_provider: "danal".to_owned(),
            name: None,
            gender: None,
            birth: None,
            birthday: None,
            foreigner: false,
            phone: None,
            carrier: None,
            certified: false,
            certified_at: None,
            unique_key: None,
            unique_in_site: None,
            origin: None,
            foreigner_v2: None,
        }
    }
}

/// The personal data of `POST /certifications/otp/request`, as sent.
///
/// Used by [`FakeServer::insert_certified`](crate::FakeServer::insert_certified)
/// to create a finished record with the same validation and derivation as the
/// OTP flow.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Identity {
    /// Subject's name.
    pub name: String,
    /// Phone number; non-digits are stripped.
    pub phone: String,
    /// YYMMDD or YYYYMMDD; non-digits are stripped.
    pub birth: String,
    /// 7th digit of the resident registration number, `1`–`8`.
    pub gender_digit: String,
    /// `SKT`, `KT` or `LGT` (the host carrier for MVNO users).
    pub carrier: String,
    /// Whether the phone is on a budget (MVNO) carrier.
    pub is_mvno: bool,
    /// The merchant's id for the request.
    pub merchant_uid: Option<String>,
}

impl Identity {
    /// Identity with `is_mvno: false` and no `merchant_uid`.
    pub fn new(
        name: impl Into<String>,
        phone: impl Into<String>,
        birth: impl Into<String>,
        gender_digit: impl Into<String>,
        carrier: impl Into<String>,
    ) -> Identity {
        Identity {
            name: name.into(),
            phone: phone.into(),
            birth: birth.into(),
            gender_digit: gender_digit.into(),
            carrier: carrier.into(),
            is_mvno: false,
            merchant_uid: None,
        }
    }

    /// Sets `is_mvno`.
    pub fn mvno(mut self, is_mvno: bool) -> Identity {
        self.is_mvno = is_mvno;
        self
    }

    /// Sets `merchant_uid`.
    pub fn merchant_uid(mut self, merchant_uid: impl Into<String>) -> Identity {
        self.merchant_uid = Some(merchant_uid.into());
        self
    }

    /// Checks the fields like the real API (answered there with HTTP 400).
    pub(crate) fn validate(&self) -> Result<Subject, InvalidIdentity> {
        let required = [
            ("name", &self.name),
            ("phone", &self.phone),
            ("birth", &self.birth),
            ("gender_digit", &self.gender_digit),
            ("carrier", &self.carrier),
        ];
        if let Some((field, _)) = required.iter().find(|(_, value)| value.trim().is_empty()) {
            return Err(InvalidIdentity(msg::missing(field)));
        }
        let carrier = self.carrier.trim();
        if !matches!(carrier, "SKT" | "KT" | "LGT") {
            return Err(InvalidIdentity(msg::BAD_CARRIER.to_owned()));
        }
        let gender_digit = match self.gender_digit.trim().as_bytes() {
            [digit @ b'1'..=b'8'] => digit - b'0',
            _ => return Err(InvalidIdentity(msg::BAD_GENDER_DIGIT.to_owned())),
        };
        let birthday = Date::parse(&only_digits(&self.birth), gender_digit)
            .ok_or_else(|| InvalidIdentity(msg::BAD_BIRTH.to_owned()))?;
        let phone = only_digits(&self.phone);
        if phone.is_empty() {
            return Err(InvalidIdentity(msg::BAD_PHONE.to_owned()));
        }
        let carrier = if self.is_mvno { format!("{carrier}_MVNO") } else { carrier.to_owned() };
        Ok(Subject {
            name: self.name.trim().to_owned(),
            phone,
            birthday,
            gender_digit,
            carrier,
            merchant_uid: self.merchant_uid.clone().filter(|uid| !uid.trim().is_empty()),
        })
    }
}

/// Why an [`Identity`] was refused; the message is the one the server
/// answers with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidIdentity(String);

impl InvalidIdentity {
    /// The envelope message the server would send for this identity.
    pub fn message(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for InvalidIdentity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for InvalidIdentity {}

/// A validated, normalized identity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Subject {
    name: String,
    phone: String,
    birthday: Date,
    gender_digit: u8,
    carrier: String,
    pub(crate) merchant_uid: Option<String>,
}

/// Server settings that shape a finished record.
pub(crate) struct RecordSettings<'a> {
    /// Distinguishes one merchant's DI from another's.
    pub(crate) site: &'a str,
    pub(crate) origin: Option<&'a str>,
    pub(crate) foreigner_option: bool,
}

impl Subject {
    /// The finished record once the OTP is confirmed.
    pub(crate) fn certify(
        &self,
        pending: &Certification,
        certified_at: i64,
        settings: &RecordSettings<'_>,
    ) -> Certification {
        let foreigner = self.gender_digit >= 5;
        let birthday = self.birthday.iso();
        let person = format!("{}|{}|{}", self.name, birthday, self.phone);
        Certification {
            name: Some(self.name.clone()),
            gender: Some(if self.gender_digit % 2 == 1 { "male" } else { "female" }.to_owned()),
            birth: Some(self.birthday.kst_midnight()),
            birthday: Some(birthday),
            foreigner,
            phone: Some(self.phone.clone()),
            carrier: Some(self.carrier.clone()),
            certified: true,
            certified_at: Some(certified_at),
            unique_key: Some(random::derived_base64(&format!("ci|{person}"), 64)),
            unique_in_site: Some(random::derived_base64(&format!("di|{}|{person}", settings.site), 48)),
            origin: settings.origin.map(str::to_owned),
            foreigner_v2: settings.foreigner_option.then_some(foreigner),
            ..pending.clone()
        }
    }
}

fn only_digits(text: &str) -> String {
    text.chars().filter(char::is_ascii_digit).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person() -> Identity {
        Identity::new("홍길동", "010-1234-5678", "90.01.01", "1", "SKT")
    }

    #[test]
    fn validation_messages() {
        type Change = fn(&mut Identity);
        let cases: [(Change, &str); 8] = [
            (|i| i.name = " ".into(), "name 파라메터가 누락되었습니다."),
            (|i| i.carrier.clear(), "carrier 파라메터가 누락되었습니다."),
            (|i| i.carrier = "skt".into(), msg::BAD_CARRIER),
            (|i| i.gender_digit = "9".into(), msg::BAD_GENDER_DIGIT),
            (|i| i.gender_digit = "12".into(), msg::BAD_GENDER_DIGIT),
            (|i| i.birth = "9001011".into(), msg::BAD_BIRTH),
            (|i| i.birth = "901301".into(), msg::BAD_BIRTH),
            (|i| i.phone = "call me".into(), "phone 형식이 올바르지 않습니다."),
        ];
        for (change, expected) in cases {
            let mut identity = person();
            change(&mut identity);
            let err = identity.validate().unwrap_err();
            assert_eq!(err.message(), expected, "{identity:?}");
        }
    }

    #[test]
    fn certified_record_derives_every_field() {
        let subject = person().mvno(true).validate().unwrap();
        let settings = RecordSettings { site: "key", origin: None, foreigner_option: false };
        let record = subject.certify(&Certification::unconfirmed("imp_1"), 1_700_000_000, &settings);
        assert_eq!(record.gender.as_deref(), Some("male"));
        assert_eq!(record.birthday.as_deref(), Some("1990-01-01"));
        assert_eq!(record.birth, Some(631_119_600));
        assert_eq!(record.phone.as_deref(), Some("01012345678"));
        assert_eq!(record.carrier.as_deref(), Some("SKT_MVNO"));
        assert_eq!(record.unique_key.as_ref().map(String::len), Some(88));
        assert_eq!(record.unique_in_site.as_ref().map(String::len), Some(64));
        assert_eq!((record.foreigner, record.foreigner_v2), (false, None));
        assert!(record.certified);
        assert_eq!(record.imp_uid, "imp_1");
    }

    #[test]
    fn foreigners_and_gender() {
        let settings =
            RecordSettings { site: "key", origin: Some("https://example.com/verify"), foreigner_option: true };
        let mut identity = person();
        identity.gender_digit = "6".into();
        let record = identity.validate().unwrap().certify(&Certification::unconfirmed("imp_2"), 0, &settings);
        assert_eq!(record.gender.as_deref(), Some("female"));
        assert_eq!((record.foreigner, record.foreigner_v2), (true, Some(true)));
        assert_eq!(record.origin.as_deref(), Some("https://example.com/verify"));
    }
}
