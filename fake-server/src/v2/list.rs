//! `GET /identity-verifications`: the conditions (`GetIdentityVerificationsBody`)
//! and the page they select.

use serde_json::{Map, Value, json};

use super::error::V2Error;
use super::input::Fields;
use super::record::{Record, Stage};
use super::time;

const TIME_FIELDS: &[&str] = &["REQUESTED_AT", "VERIFIED_AT", "FAILED_AT", "STATUS_UPDATED_AT"];
/// The documented states, and the one a newer API would also know.
const STATUSES: &[&str] = &["READY", "VERIFIED", "FAILED", super::FakeServer::UNDOCUMENTED_STATUS];
const CARRIERS: &[&str] = &["SKT", "KT", "LGU", "SKT_MVNO", "KT_MVNO", "LGU_MVNO"];
const DEFAULT_RANGE_SECS: i64 = 90 * 86_400;

/// Which records, in which order, which page.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct ListQuery {
    number: usize,
    size: Option<usize>,
    sort_by: Option<String>,
    ascending: bool,
    filter: Filter,
}

#[derive(Clone, Debug, Default, PartialEq)]
struct Filter {
    store_id: Option<String>,
    time_field: Option<String>,
    from: Option<i64>,
    until: Option<i64>,
    id: Option<String>,
    tx_id: Option<String>,
    is_test: Option<bool>,
    statuses: Option<Vec<String>>,
    pg_tx_id: Option<String>,
    pg_merchant_id: Option<String>,
    pg_providers: Option<Vec<String>>,
    pg_companies: Option<Vec<String>>,
    carriers: Option<Vec<String>>,
    version: Option<String>,
    customer: Map<String, Value>,
}

impl ListQuery {
    /// Reads the conditions, answering INVALID_REQUEST for a malformed one.
    pub(crate) fn parse(body: &Map<String, Value>) -> Result<ListQuery, V2Error> {
        let fields = Fields::new(body);
        let mut query = ListQuery::default();
        if let Some(page) = fields.object("page", "page.")? {
            query.number = page.count("number")?.unwrap_or(0);
            query.size = page.count("size")?;
        }
        if let Some(sort) = fields.object("sort", "sort.")? {
            query.sort_by = sort.one_of("by", TIME_FIELDS)?.map(str::to_owned);
            query.ascending = sort.one_of("order", &["ASC", "DESC"])? == Some("ASC");
        }
        if let Some(filter) = fields.object("filter", "filter.")? {
            query.filter = Filter::parse(&filter)?;
        }
        Ok(query)
    }

    /// The store the filter names, for the caller's access check.
    pub(crate) fn store_id(&self) -> Option<&str> {
        self.filter.store_id.as_deref()
    }

    /// The response body: one page of matching records, newest request
    /// first unless the sort says otherwise. `totalCount` counts every match.
    pub(crate) fn run<'a>(&self, records: impl Iterator<Item = &'a Record>, now: i64) -> Value {
        let mut matching: Vec<&Record> = records.filter(|record| self.filter.matches(record, now)).collect();
        let by = self.sort_by.as_deref().unwrap_or("REQUESTED_AT");
        // Records without the sort's moment go last in either order.
        matching.sort_by_key(|record| {
            let at = moment(record, by);
            let key = if self.ascending { (at, record.seq as i64) } else { (at.map(|t| -t), -(record.seq as i64)) };
            (key.0.is_none(), key)
        });
        let size = self.size.unwrap_or(10);
        let items: Vec<Value> =
            matching.iter().skip(self.number.saturating_mul(size)).take(size).map(|record| record.to_json()).collect();
        json!({
            "items": items,
            "page": { "number": self.number, "size": size, "totalCount": matching.len() },
        })
    }
}

impl Filter {
    fn parse(fields: &Fields<'_>) -> Result<Filter, V2Error> {
        let instant = |name: &str| -> Result<Option<i64>, V2Error> {
            match fields.str(name)? {
                None => Ok(None),
                Some(text) => time::parse(text)
                    .map(Some)
                    .ok_or_else(|| V2Error::invalid(format!("`filter.{name}` must be an RFC 3339 date-time"))),
            }
        };
        let owned = |text: Option<&str>| text.map(str::to_owned);
        let customer = fields.object("customer", "filter.customer.")?;
        let mut customer_fields = Map::new();
        if let Some(customer) = customer {
            for name in ["name", "birthYear", "birthMonth", "birthDay", "phoneNumber"] {
                if let Some(text) = customer.str(name)? {
                    customer_fields.insert(name.to_owned(), Value::from(text));
                }
            }
            if let Some(gender) = customer.one_of("gender", &["MALE", "FEMALE", "OTHER"])? {
                customer_fields.insert("gender".to_owned(), Value::from(gender));
            }
        }
        Ok(Filter {
            store_id: owned(fields.str("storeId")?),
            time_field: owned(fields.one_of("timeRangeField", TIME_FIELDS)?),
            from: instant("from")?,
            until: instant("until")?,
            id: owned(fields.str("identityVerificationId")?),
            tx_id: owned(fields.str("identityVerificationTxId")?),
            is_test: fields.bool("isTest")?,
            statuses: fields.strings("statuses", STATUSES)?,
            pg_tx_id: owned(fields.str("pgTxId")?),
            pg_merchant_id: owned(fields.str("pgMerchantId")?),
            pg_providers: fields.strings("pgProviders", &[])?,
            pg_companies: fields.strings("pgCompanies", &[])?,
            carriers: fields.strings("carriers", CARRIERS)?,
            version: owned(fields.one_of("version", &["V1", "V2"])?),
            customer: customer_fields,
        })
    }

    fn matches(&self, record: &Record, now: i64) -> bool {
        let until = self.until.unwrap_or(now);
        let from = self.from.unwrap_or(until - DEFAULT_RANGE_SECS);
        let field = self.time_field.as_deref().unwrap_or("REQUESTED_AT");
        let in_range = moment(record, field).is_some_and(|at| from <= at && at <= until);
        let channel = record.channel.as_ref();
        let one_of = |wanted: &Option<Vec<String>>, value: Option<&str>| {
            wanted.as_ref().is_none_or(|list| value.is_some_and(|value| list.iter().any(|item| item == value)))
        };
        let equals = |wanted: &Option<String>, value: Option<&str>| wanted.as_deref().is_none_or(|w| Some(w) == value);
        in_range
            && equals(&self.id, Some(&record.id))
            // The fake keeps no attempt ids, so no record has the one asked for.
            && self.tx_id.is_none()
            // Every channel of the fake is a test channel.
            && self.is_test.is_none_or(|is_test| is_test == channel.is_some_and(|c| c.channel_type == "TEST"))
            && one_of(&self.statuses, Some(record.status()))
            && equals(&self.pg_tx_id, record.pg_tx_id.as_deref())
            && equals(&self.pg_merchant_id, channel.map(|c| c.pg_merchant_id))
            && one_of(&self.pg_providers, channel.map(|c| c.pg_provider))
            && one_of(&self.pg_companies, channel.map(|c| c.pg_provider))
            && one_of(&self.carriers, record.person.as_ref().map(|p| p.operator.as_str()))
            && equals(&self.version, Some("V2"))
            && self.customer_matches(record)
    }

    /// Compares with the verified person on verified records and with the
    /// details given at the start on the others.
    fn customer_matches(&self, record: &Record) -> bool {
        if self.customer.is_empty() {
            return true;
        }
        let shown = match &record.stage {
            Stage::Verified { customer, .. } => {
                let mut shown = serde_json::to_value(customer).unwrap_or_default();
                if let Some(date) = &customer.birth_date {
                    shown["birthYear"] = Value::from(&date[..4]);
                    shown["birthMonth"] = Value::from(&date[5..7]);
                    shown["birthDay"] = Value::from(&date[8..]);
                }
                shown
            }
            _ => record.to_json()["requestedCustomer"].clone(),
        };
        self.customer.iter().all(|(name, wanted)| shown.get(name) == Some(wanted))
    }
}

/// The moment a sort or time range looks at, when the record has it.
fn moment(record: &Record, field: &str) -> Option<i64> {
    match field {
        "VERIFIED_AT" => record.verified_at(),
        "FAILED_AT" => record.failed_at(),
        "STATUS_UPDATED_AT" => Some(record.status_changed_at),
        _ => Some(record.requested_at),
    }
}
