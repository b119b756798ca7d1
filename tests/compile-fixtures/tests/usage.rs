//! Usage-shape tests: the generated APIs called the way a user would call
//! them, so that a change to a signature, a field name or a derive fails to
//! compile here. Requests are built but never sent; the futures' output
//! types are checked with `returns`.

mod common;

use codegen_runtime::{Error, Validate};
use common::{invalid_field, returns, returns_or};
use compile_fixtures::{
    checks, envelope_auth, form_body, names, one_of, operations, recursion, recursive, ref_descriptions, refs, select,
    typed_errors, types_fixture,
};
use serde_json::json;

#[test]
fn request_structs_take_required_fields_and_apply_defaults() {
    use types_fixture::types::{Level, Thing, ThingKind};
    let thing = Thing::new("t-1", 5, ThingKind::Small);
    assert!(thing.active);
    assert_eq!((thing.retries, thing.label.as_str(), thing.level.clone()), (3, "none", Level::Medium));
    assert_eq!(thing.total, None);
    thing.validate().unwrap();
    // The spec gives `id` no minimum length: an empty one is the caller's to send.
    Thing::new("", 5, ThingKind::Small).validate().unwrap();
    assert_eq!(invalid_field(Thing::new("t", 101, ThingKind::Small).validate()), "count");
    let crowded = Thing { tags: Some(vec!["t".into(); 6]), ..thing };
    assert_eq!(invalid_field(crowded.validate()), "tags");
}

/// Whether a type implements `Validate`: the inherent method is found only
/// when the bound holds, else the trait's default answers.
struct Probe<T>(T);

impl<T: Validate> Probe<&T> {
    fn validates(&self) -> bool {
        true
    }
}

trait NoValidate {
    fn validates(&self) -> bool {
        false
    }
}

impl<T> NoValidate for Probe<T> {}

#[test]
fn only_what_the_spec_states_is_checked() {
    use checks::types::{Filter, Note, PutNoteParams};
    // Required strings without `minLength` may be empty, and a type with nothing to check has no `validate()`.
    assert!(!Probe(&Note::new("", "")).validates());
    assert!(Probe(&Filter::new("ab")).validates());
    // A JSON query parameter's own checks run with the parameters'.
    let params = |text: &str| PutNoteParams { x_trace: String::new(), filter: Some(Filter::new(text)) };
    params("ab").validate().unwrap();
    assert_eq!(invalid_field(params("a").validate()), "text");
    PutNoteParams { x_trace: String::new(), filter: None }.validate().unwrap();
    let client = checks::Client::builder().base_url("http://127.0.0.1:9").build().unwrap();
    returns::<()>(client.put_note("n-1", &params("ab"), &Note::new("", "")));
}

#[test]
fn described_references_are_the_references_themselves() {
    use ref_descriptions::types::{Kind, Level, Person, Pet};
    // The target's checks and default apply; `nullable` beside the `$ref` makes the field nullable.
    let pet = Pet::new("c-1", Person::new("kim"));
    assert_eq!((pet.level.clone(), pet.keeper.clone()), (Level::Low, None));
    pet.validate().unwrap();
    assert_eq!(invalid_field(Pet::new("c-123456789", Person::new("kim")).validate()), "code");
    let value = serde_json::to_value(&pet).unwrap();
    assert_eq!(value["keeper"], json!(null));
    // A discriminated union's described members are still told apart by their tag.
    let kind: Kind = serde_json::from_value(json!({"type": "dog"})).unwrap();
    assert!(matches!(kind, Kind::Dog(_)), "{kind:?}");
    let client = ref_descriptions::Client::builder().base_url("http://127.0.0.1:9").build().unwrap();
    let params = ref_descriptions::types::PutPetParams { tag: Some("t".repeat(9)) };
    assert_eq!(invalid_field(params.validate()), "tag");
    returns::<Pet>(client.put_pet("c-1", &Default::default(), &pet));
}

#[test]
fn absent_optionals_are_skipped_and_defaults_fill_in() {
    // `parent_id` is required and nullable: it is always sent, as `null` when empty.
    use types_fixture::types::{Thing, ThingKind};
    let value = serde_json::to_value(Thing::new("t-1", 5, ThingKind::XLarge)).unwrap();
    assert_eq!(
        value,
        json!({
            "id": "t-1", "count": 5, "active": true, "retries": 3, "label": "none", "level": "medium",
            "kind": "x-large", "parent_id": null,
        })
    );
    let read: Thing = serde_json::from_value(json!({"id": "x", "count": 1, "kind": "LARGE", "note": null})).unwrap();
    // `note` is optional and nullable in a type that is sent: `null` is kept apart from absent.
    assert_eq!((read.kind, read.retries, read.note), (ThingKind::Large, 3, Some(None)));
}

#[test]
fn open_enums_keep_unknown_values() {
    use types_fixture::types::ThingKind;
    let kind: ThingKind = serde_json::from_value(json!("gigantic")).unwrap();
    assert_eq!(kind, ThingKind::Unknown("gigantic".into()));
    assert_eq!(kind.as_str(), "gigantic");
    assert_eq!(serde_json::to_value(&kind).unwrap(), json!("gigantic"));
    let known: ThingKind = serde_json::from_value(json!("small")).unwrap();
    assert_eq!(known, ThingKind::Small);
    assert_eq!(serde_json::to_value(ThingKind::Small).unwrap(), json!("small"));
}

#[test]
fn sensitive_fields_are_redacted_in_debug() {
    use envelope_auth::types::{IssueTokenRequest, MemberUpdate};
    let update = MemberUpdate::new("010-1234-5678", "kim");
    let debug = format!("{update:?}");
    assert!(!debug.contains("1234") && debug.contains("kim"), "{debug}");
    let token = IssueTokenRequest::new("client-id", "very-secret");
    let debug = format!("{token:?}");
    assert!(!debug.contains("very-secret") && debug.contains("client-id"), "{debug}");
    let login = form_body::types::Login::new("user", "hunter2");
    assert!(!format!("{login:?}").contains("hunter2"));
}

#[test]
fn configured_field_checks_run_in_validate() {
    use envelope_auth::types::MemberUpdate;
    MemberUpdate::new("010-1234-5678", "kim").validate().unwrap();
    assert_eq!(invalid_field(MemberUpdate::new("12-34", "kim").validate()), "phone");
    // Only what the spec or the config states is checked: an empty required `nickname` is sent as it is.
    MemberUpdate::new("01012345678", "").validate().unwrap();
    let with = |birth: &str, age: i32| MemberUpdate {
        birth_date: Some(birth.into()),
        age: Some(age),
        ..MemberUpdate::new("01012345678", "kim")
    };
    with("19900101", 30).validate().unwrap();
    assert_eq!(invalid_field(with("1990-01-01", 30).validate()), "birth_date");
    assert_eq!(invalid_field(with("19900101", 13).validate()), "age");
}

/// `serde_both_ways = true` (this fixture's config): responses implement
/// `Serialize` too.
#[test]
fn responses_round_trip() {
    use envelope_auth::types::{Member, MemberStatus};
    let body = json!({"member_id": "m-1", "phone": "01000000000", "status": "dormant"});
    let member: Member = serde_json::from_value(body.clone()).unwrap();
    assert_eq!(member.status, Some(MemberStatus::Unknown("dormant".into())));
    // Serialized again, it reads back the same (absent fields come back as `null`).
    let again: Member = serde_json::from_value(serde_json::to_value(&member).unwrap()).unwrap();
    assert_eq!(again, member);
    assert_eq!(serde_json::to_value(&member).unwrap()["status"], json!("dormant"));
}

#[test]
fn client_methods_have_the_documented_shapes() {
    use envelope_auth::types::{GetMemberParams, IssueTokenRequest, IssueTokenResponse, Member, MemberUpdate};
    let client = envelope_auth::WrappedClient::builder()
        .base_url("http://127.0.0.1:9")
        .credentials("id", "secret")
        .token_refresh_margin(std::time::Duration::from_secs(5))
        .build()
        .unwrap();
    returns::<IssueTokenResponse>(client.issue_token(&IssueTokenRequest::new("id", "secret")));
    returns::<()>(client.status());
    returns::<Member>(client.get_member("m-1", &GetMemberParams { if_none_match: None }));
    returns::<Member>(client.update_member("m-1", &MemberUpdate::new("01012345678", "kim")));
    assert!(envelope_auth::WrappedClient::builder().build().is_err(), "credentials are required");

    let client = operations::Client::builder().build().unwrap();
    let params = operations::types::GetItemParams {
        fields: Some(vec!["name".into()]),
        tags: None,
        limit: 10,
        x_request_id: "req-1".into(),
    };
    returns_or::<operations::types::Item, operations::types::GetItemFailure>(client.get_item(7, &params));
    returns::<Vec<u8>>(client.get_file("docs", "readme", &operations::types::GetFileExt::Txt, &Default::default()));
    returns::<()>(client.put_file("docs", "readme", "txt", b"bytes"));
    returns::<String>(client.post_note("text"));
    returns::<()>(client.delete_items_id("7"));
    returns::<operations::types::Item>(client.patch_items_id("7", None));
    returns::<operations::types::HealthResponse>(client.health());
    assert_eq!(invalid_field(operations::types::GetItemParams { limit: 0, ..params }.validate()), "limit");

    let client = select::Client::builder().base_url("http://127.0.0.1:9").build().unwrap();
    returns::<Vec<select::types::User>>(client.users());
    returns::<select::types::StatsResponse>(client.stats());
    let new_user = select::types::NewUser {
        profile: Some(select::types::Profile { bio: Some("hi".into()) }),
        ..select::types::NewUser::new("a@example.com")
    };
    returns::<select::types::User>(client.create_user(&new_user));

    let client = refs::Client::builder().build().unwrap();
    let params = refs::types::GetWidgetParams { verbose: Some(true) };
    returns_or::<refs::types::Gadget, refs::types::Problem>(client.get_widget("w-1", &params));
    returns::<()>(form_body::Client::builder().base_url("http://127.0.0.1:9").build().unwrap().send_feedback(None));
}

#[test]
fn documented_error_bodies_are_typed() {
    use operations::types::{Failure, GetItemFailure};
    // What a caller writes to tell documented failures apart: a `match`, no JSON.
    fn describe(err: &Error<GetItemFailure>) -> String {
        match err {
            Error::Response { status, error: GetItemFailure::Failure(failure) } => format!("{status}: {failure:?}"),
            Error::Response { error: GetItemFailure::GetItemErrorDefault(_), .. } => "another documented error".into(),
            other => format!("undocumented: {other}"),
        }
    }
    let failure: Failure = serde_json::from_value(json!({"message": "gone"})).unwrap();
    let err = Error::Response {
        status: codegen_runtime::reqwest::StatusCode::NOT_FOUND,
        error: GetItemFailure::Failure(failure),
    };
    assert!(describe(&err).starts_with("404 Not Found: "), "{}", describe(&err));
    assert_eq!(err.to_string(), "HTTP 404 Not Found: Failure");
    assert_eq!(describe(&Error::Config("x".into())), "undocumented: invalid client configuration: x");
}

#[test]
fn unions_are_untagged() {
    use one_of::types::{Circle, OutcomeId, Shape, Square};
    assert_eq!(serde_json::to_value(Shape::Circle(Circle::new(1.5))).unwrap(), json!({"radius": 1.5}));
    assert_eq!(serde_json::to_value(Shape::Square(Square::new(2.0))).unwrap(), json!({"side": 2.0}));
    let ids: Vec<OutcomeId> = serde_json::from_value(json!([5, "five"])).unwrap();
    assert_eq!(ids, [OutcomeId::Integer(5), OutcomeId::String("five".into())]);
}

#[test]
fn recursive_types_nest() {
    use recursive::types::{Node, Person, Team};
    let node: Node = serde_json::from_value(json!({
        "value": "leaf",
        "parent": {"value": "root", "children": [{"value": "sibling"}]}
    }))
    .unwrap();
    let parent: &Node = node.parent.as_deref().unwrap();
    assert_eq!(parent.children.as_ref().map(Vec::len), Some(1));
    // Only received: read from JSON (the type does not implement `Serialize`).
    let person: Person = serde_json::from_value(json!({"team": {"lead": {"name": "ada"}}})).unwrap();
    let lead = Person { name: Some("ada".into()), team: None };
    assert_eq!(person, Person { name: None, team: Some(Team { lead: Box::new(lead), members: None }) });
}

#[test]
fn recursion_through_every_keyword_decodes_and_checks() {
    use codegen_runtime::Validate;
    use recursion::types::{Category, Cells, Employee, Folder, Label, Labels, LabelsItem, Node, Tree};
    // `allOf: [$ref, {description}]` is the reference itself, boxed where it closes the cycle.
    let node: Node = serde_json::from_value(json!({"name": "a", "child": {"child": {"name": "c"}}})).unwrap();
    let child: &Node = node.child.as_deref().unwrap();
    assert_eq!(child.child.as_deref().and_then(|n| n.name.as_deref()), Some("c"));
    let employee: Employee =
        serde_json::from_value(json!({"manager": {"deputy": {"name": "b"}, "reports": [{"name": "c"}]}})).unwrap();
    let manager = employee.manager.unwrap();
    assert_eq!(manager.deputy.unwrap().name.as_deref(), Some("b"));
    // An `allOf` that adds a property keeps adding it all the way down.
    let category: Category = serde_json::from_value(
        json!({"name": "a", "parent": {"name": "b", "depth": 1, "parent": {"name": "c", "depth": 2}}}),
    )
    .unwrap();
    assert_eq!(category.parent.unwrap().parent.unwrap().depth, Some(2));
    // Checks run through maps of the recursive type.
    let sub = Folder::new("");
    let folder = Folder { children: Some([("x".to_owned(), sub)].into()), ..Folder::new("root") };
    assert!(folder.validate().is_err());
    // Aliases that contain themselves are newtypes, transparent on the wire.
    let tree: Tree = serde_json::from_value(json!({"a": {"b": {}}})).unwrap();
    assert_eq!(tree.0["a"].0["b"], Tree::default());
    let cells: Cells = serde_json::from_value(json!([[[]]])).unwrap();
    assert_eq!(cells.0.len(), 1);
    // Only sent: written to JSON (the type does not implement `Deserialize`).
    let labels: Labels =
        vec![LabelsItem::Label(Label::new("a")), LabelsItem::Labels(vec![LabelsItem::Label(Label::new("b"))])];
    assert_eq!(serde_json::to_value(&labels).unwrap(), json!([{"text": "a"}, [{"text": "b"}]]));
}

#[test]
fn awkward_names_keep_their_wire_names() {
    use names::types::{Record, RecordStatus};
    let body =
        json!({"self": "a", "Self": "b", "type": "t", "1st": "x", "이름": "kim", "user-name": "u", "status": ""});
    let record: Record = serde_json::from_value(body).unwrap();
    assert_eq!((record.self_.as_str(), record.self_2.as_str(), record.r#type.as_deref()), ("a", "b", Some("t")));
    assert_eq!((record._1st.as_deref(), record.u_c774_b984.as_deref()), (Some("x"), Some("kim")));
    assert_eq!((record.user_name_3.as_deref(), record.status.clone()), (Some("u"), Some(RecordStatus::Empty)));
    let client = names::Client::builder().base_url("http://127.0.0.1:9").build().unwrap();
    returns::<Record>(client.self_("t", &names::types::SelfTypeParams::default()));
    returns::<()>(client.r#type());
    returns::<()>(client.builder_2());
}

#[test]
fn discriminators_pick_the_member_by_tag() {
    use compile_fixtures::polymorphism::types::{Cat, Dog, Pet, Shape, Value};
    let pet: Pet = serde_json::from_value(json!({"petType": "dog", "lives": 3})).unwrap();
    assert_eq!(pet, Pet::Dog(Dog { pet_type: "dog".into(), good_boy: None }));
    let cat = Pet::Cat(Cat { pet_type: "cat".into(), lives: 9 });
    assert_eq!(serde_json::to_value(&cat).unwrap(), json!({"petType": "cat", "lives": 9}));
    // A response union keeps a member it does not know, with its tag and object; `Debug` shows no values.
    let eel: Pet = serde_json::from_value(json!({"petType": "eel", "owner": "홍길동"})).unwrap();
    let Pet::Unknown(member) = &eel else { panic!("{eel:?}") };
    assert_eq!((member.tag(), &member.value()["owner"]), ("eel", &json!("홍길동")));
    assert!(!format!("{eel:?}").contains("홍길동"), "{eel:?}");
    assert_eq!(serde_json::to_value(&eel).unwrap(), json!({"petType": "eel", "owner": "홍길동"}));
    assert!(serde_json::from_value::<Pet>(json!({"petType": 5})).is_err());
    // Without a mapping, the tag is the schema's name.
    let shape: Shape = serde_json::from_value(json!({"kind": "Square", "side": 2.0})).unwrap();
    assert!(matches!(shape, Shape::Square(_)));
    // Untagged, scalar members are matched by shape.
    let values: Vec<Value> = serde_json::from_value(json!(["a", 1, true, ["x"]])).unwrap();
    assert!(matches!(values.as_slice(), [Value::String(_), Value::Integer(1), Value::Bool(true), Value::Array(_)]));
}

#[test]
fn error_unions_are_open_and_name_their_kind() {
    use codegen_runtime::ErrorKind;
    use typed_errors::types::{AlreadySentError, SendThingError, Thing};
    let known: SendThingError = serde_json::from_value(json!({"type": "ALREADY_SENT", "message": "twice"})).unwrap();
    assert_eq!(
        known,
        SendThingError::AlreadySentError(AlreadySentError {
            r#type: "ALREADY_SENT".into(),
            message: Some("twice".into())
        })
    );
    assert_eq!(known.kind(), "ALREADY_SENT");
    // A type the document does not list yet is kept, not a decoding failure.
    let new: SendThingError = serde_json::from_value(json!({"type": "RATE_LIMITED", "retryAfter": 3})).unwrap();
    assert_eq!(new.kind(), "RATE_LIMITED");
    let err = Error::Response { status: codegen_runtime::reqwest::StatusCode::TOO_MANY_REQUESTS, error: new };
    assert_eq!(err.to_string(), "HTTP 429 Too Many Requests: RATE_LIMITED");
    // So is a record state the document does not list, its personal data out of `Debug`.
    let thing: Thing = serde_json::from_value(json!({"status": "CANCELLED", "id": "t-1", "owner": "홍길동"})).unwrap();
    assert!(matches!(&thing, Thing::Unknown(member) if member.tag() == "CANCELLED"));
    let done: Thing = serde_json::from_value(json!({"status": "DONE", "id": "t-1", "owner": "홍길동"})).unwrap();
    for shown in [format!("{thing:?}"), format!("{done:?}")] {
        assert!(!shown.contains("홍길동"), "{shown}");
    }
}

#[test]
fn integer_enums_are_enums() {
    use compile_fixtures::enums::types::{Mode, Priority, PutSettingsRequest, PutSettingsRequestLevel, Settings};
    let mut request = PutSettingsRequest::new(Priority::Value1);
    assert_eq!(request.level, PutSettingsRequestLevel::Value0);
    request.level = PutSettingsRequestLevel::Minus1;
    request.mode = Some(Mode::Fast2);
    assert_eq!(serde_json::to_value(&request).unwrap(), json!({"priority": 1, "mode": "FAST", "level": -1}));
    // Open (received): an unknown value is kept. A closed enum that is only sent is not read at all.
    let settings: Settings = serde_json::from_value(json!({"priority": 9, "mode": "turbo", "status": 404})).unwrap();
    assert_eq!(settings.priority, Some(Priority::Unknown(9)));
    assert_eq!(settings.mode, Some(Mode::Unknown("turbo".into())));
    assert_eq!(settings.priority.map(|p| p.value()), Some(9));
}

#[test]
fn absent_null_and_value_are_three_things_to_send() {
    use compile_fixtures::patch::types::PatchProfileRequest;
    let mut patch = PatchProfileRequest::default();
    assert_eq!(serde_json::to_value(&patch).unwrap(), json!({}));
    patch.nickname = Some(None);
    patch.age = Some(Some(30));
    assert_eq!(serde_json::to_value(&patch).unwrap(), json!({"nickname": null, "age": 30}));
    patch.bio = Some(Some("far too long".into()));
    assert_eq!(invalid_field(patch.validate()), "bio");
    patch.bio = Some(None);
    patch.validate().unwrap();
}

#[test]
fn media_types_beyond_json() {
    use compile_fixtures::patch::{
        Client,
        types::{PatchProfileFailure, PatchProfileRequest},
    };
    let client = Client::builder().base_url("http://127.0.0.1:9").build().unwrap();
    let update = PatchProfileRequest::default();
    returns_or::<compile_fixtures::patch::types::Profile, PatchProfileFailure>(client.patch_profile("p", &update));
    returns::<Vec<u8>>(client.get_avatar("p"));
    returns::<()>(client.put_avatar("p", Some(&b"png"[..])));
    returns::<String>(client.get_motto("p"));
}
