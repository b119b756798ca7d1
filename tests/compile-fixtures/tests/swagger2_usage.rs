//! Usage-shape tests for code generated from Swagger 2.0 fixtures
//! (`tests/fixtures/swagger2`): what the conversion decides (form bodies,
//! global parameters, nullable references, repaired limits and defaults)
//! shows in the signatures and types a user writes against.

mod common;

use codegen_runtime::Validate;
use common::{invalid_field, returns};
use compile_fixtures::{
    swagger2_form_data, swagger2_global_parameters, swagger2_nullable, swagger2_security, swagger2_tolerated_numbers,
    swagger2_tolerated_shapes,
};
use serde_json::json;

#[test]
fn global_parameters_body_and_form_fields_shape_the_methods() {
    use swagger2_global_parameters::types::{AddNoteRequest, CreateOrderParams, ListOrdersParams, Order};
    let client = swagger2_global_parameters::Client::builder().build().unwrap();
    assert_eq!(client.base_url(), "https://orders.example.com/v2");
    let order = Order::new(7, vec!["tea".to_owned()]);
    returns::<Vec<Order>>(client.list_orders(&ListOrdersParams { page: Some(2), x_trace: None }));
    returns::<Order>(client.create_order(&CreateOrderParams { x_trace: Some("t-1".into()) }, &order));
    returns::<Order>(client.get_order(7));
    returns::<Order>(client.replace_order(7, &order));
    // The global form field and the operation's own one make up one body, always sent.
    let note = AddNoteRequest { urgent: Some(true), ..AddNoteRequest::new("leave at the door") };
    returns::<()>(client.add_note(7, &note));
    assert_eq!(invalid_field(AddNoteRequest::new("x".repeat(141)).validate()), "note");
    assert_eq!(invalid_field(ListOrdersParams { page: Some(0), x_trace: None }.validate()), "page");
}

#[test]
fn form_parameters_become_a_struct_with_their_defaults_and_redaction() {
    use swagger2_form_data::types::{CreateSessionRequest, SendFeedbackRequest, UpdateProfileRequest};
    let login = CreateSessionRequest::new("kim", "hunter2");
    assert!(!login.remember);
    assert!(!format!("{login:?}").contains("hunter2"), "the configured sensitive field is hidden");
    let client = swagger2_form_data::Client::builder().build().unwrap();
    returns::<swagger2_form_data::types::CreateSessionResponse>(client.create_session(&login));
    returns::<()>(client.send_feedback(&SendFeedbackRequest::new(5)));
    let profile = UpdateProfileRequest { display_name: Some("Kim".into()), bio: None };
    returns::<()>(client.update_profile("p-1", &profile));
    assert_eq!(invalid_field(SendFeedbackRequest::new(6).validate()), "rating");
}

#[test]
fn x_nullable_beside_a_ref_is_kept() {
    use swagger2_nullable::types::{Person, PersonRef};
    let person: Person =
        serde_json::from_value(json!({"name": "Ada", "nickname": null, "manager": {"id": "m-1"}})).unwrap();
    assert_eq!(person.manager, Some(PersonRef { id: "m-1".into() }));
    let boss: Person = serde_json::from_value(json!({"name": "Bo", "nickname": "b", "manager": null})).unwrap();
    assert_eq!(boss.manager, None);
}

#[test]
fn limits_and_defaults_written_as_strings_are_enforced_as_numbers() {
    use swagger2_tolerated_numbers::types::{Account, OpenAccountRequest, SearchAccountsParams};
    let request = OpenAccountRequest::new("Kim");
    assert_eq!((request.mvno, request.limit, request.rate), (false, 20, 1.5));
    request.validate().unwrap();
    assert_eq!(invalid_field(OpenAccountRequest::new("k".repeat(89)).validate()), "holder");
    assert_eq!(invalid_field(OpenAccountRequest { limit: 0, ..OpenAccountRequest::new("Kim") }.validate()), "limit");
    let account: Account = serde_json::from_value(json!({"code": "c".repeat(64)})).unwrap();
    assert_eq!((account.active, account.tier), (true, 2));
    // `required: "true"` was read as true: the page is not optional.
    let params = SearchAccountsParams { page: 0, tags: Some(vec!["a".into(); 4]) };
    assert_eq!(invalid_field(params.validate()), "tags");
}

#[test]
fn repaired_shapes_give_typed_parameters() {
    use swagger2_tolerated_shapes::types::{
        ListTicketsParams, ListTicketsPriority, ListTicketsStatesItem, State, Ticket,
    };
    let params = ListTicketsParams {
        states: Some(vec![ListTicketsStatesItem::Open]),
        // An untyped parameter with an integer `enum` became an integer enum.
        priority: Some(ListTicketsPriority::Value2),
        labels: Some(vec!["ui".into()]),
        q: None,
        verbose: None,
    };
    let client = swagger2_tolerated_shapes::Client::builder().build().unwrap();
    returns::<Vec<Ticket>>(client.list_tickets(&params));
    // `required: true` on the property moved into the object's list.
    let ticket = Ticket::new("Broken", "kim");
    assert_eq!(ticket.state, None::<State>);
    returns::<Ticket>(client.open_ticket(&ticket));
}

/// Which operations send the token (`security: []` marks the public ones)
/// shows in the snapshot; here, that the client takes credentials.
#[test]
fn security_definitions_leave_the_token_client_to_the_config() {
    use swagger2_security::types::{GetMeResponse, IssueTokenRequest, IssueTokenResponse};
    let client = swagger2_security::Client::builder().credentials("key", "secret").build().unwrap();
    returns::<IssueTokenResponse>(client.issue_token(&IssueTokenRequest::new("key", "secret")));
    returns::<()>(client.health());
    returns::<GetMeResponse>(client.get_me());
    returns::<Vec<String>>(client.list_reports());
    assert!(!format!("{:?}", IssueTokenRequest::new("key", "very-secret")).contains("very-secret"));
}
