use serde_json::json;

use super::*;

fn convert_ok(doc: Value) -> (Value, Diagnostics, PointerMap) {
    convert(&doc, &Location::root("t.json")).unwrap_or_else(|d| panic!("{d}"))
}

#[test]
fn servers_from_host_base_path_and_schemes() {
    let (out, _, _) =
        convert_ok(json!({"swagger": "2.0", "host": "api.example.com", "basePath": "/", "schemes": ["http", "https"]}));
    assert_eq!(out["servers"], json!([{"url": "https://api.example.com"}, {"url": "http://api.example.com"}]));
    let (out, _, _) = convert_ok(json!({"swagger": "2.0", "host": "h", "basePath": "/v1/"}));
    assert_eq!(out["servers"], json!([{"url": "https://h/v1"}]));
    let (out, _, _) = convert_ok(json!({"swagger": "2.0"}));
    assert!(out.get("servers").is_none());
}

#[test]
fn form_data_becomes_a_body_in_every_consumed_type() {
    let doc = json!({
        "swagger": "2.0",
        "paths": {"/a": {"post": {
            "operationId": "a",
            "consumes": ["application/json", "application/x-www-form-urlencoded", "text/xml"],
            "parameters": [
                {"name": "x", "in": "formData", "type": "string", "required": true, "description": "X."},
                {"name": "n", "in": "formData", "type": "integer", "maximum": "10"}
            ],
            "responses": {"200": {"description": "ok", "schema": {"$ref": "#/definitions/R"}}}
        }}},
        "definitions": {"R": {"properties": {"v": {"type": "string", "x-nullable": true}}}}
    });
    let (out, warnings, map) = convert_ok(doc);
    let body = &out["paths"]["/a"]["post"]["requestBody"];
    let schema = json!({
        "type": "object",
        "required": ["x"],
        "properties": {"x": {"type": "string", "description": "X."}, "n": {"type": "integer", "maximum": 10}}
    });
    assert_eq!(body["content"]["application/json"]["schema"], schema);
    assert_eq!(body["content"]["application/x-www-form-urlencoded"]["schema"], schema);
    assert!(body["content"].get("text/xml").is_none());
    assert_eq!(body["required"], json!(true));
    let response = &out["paths"]["/a"]["post"]["responses"]["200"];
    assert_eq!(response["content"]["application/json"]["schema"]["$ref"], "#/components/schemas/R");
    assert_eq!(out["components"]["schemas"]["R"]["properties"]["v"]["nullable"], json!(true));
    let warning = warnings.iter().next().unwrap();
    assert_eq!(warning.location.pointer, "#/paths/~1a/post/parameters/1/maximum");
    assert_eq!(
        map.original("#/paths/~1a/post/requestBody/content/application~1json/schema/properties/n/maximum"),
        "#/paths/~1a/post/parameters/1/maximum"
    );
    assert_eq!(map.original("#/components/schemas/R/properties/v"), "#/definitions/R/properties/v");
}

#[test]
fn body_parameters_and_global_refs() {
    let doc = json!({
        "swagger": "2.0",
        "consumes": ["application/json"],
        "parameters": {
            "Body": {"name": "b", "in": "body", "required": true, "schema": {"type": "object"}},
            "Limit": {"name": "limit", "in": "query", "type": "integer"}
        },
        "responses": {"NotFound": {"description": "missing"}},
        "paths": {"/a/{id}": {
            "parameters": [{"name": "id", "in": "path", "type": "string", "required": true}],
            "put": {
                "parameters": [{"$ref": "#/parameters/Body"}, {"$ref": "#/parameters/Limit"},
                               {"name": "tags", "in": "query", "type": "array", "items": {"type": "string"}}],
                "responses": {"404": {"$ref": "#/responses/NotFound"}}
            }
        }}
    });
    let (out, _, _) = convert_ok(doc);
    let op = &out["paths"]["/a/{id}"]["put"];
    assert_eq!(op["requestBody"], json!({"$ref": "#/components/requestBodies/Body"}));
    assert_eq!(out["paths"]["/a/{id}"]["parameters"][0]["schema"], json!({"type": "string"}));
    assert_eq!(op["parameters"][0], json!({"$ref": "#/components/parameters/Limit"}));
    assert_eq!(op["parameters"][1]["style"], "form");
    assert_eq!(op["parameters"][1]["explode"], false);
    assert_eq!(op["responses"]["404"], json!({"$ref": "#/components/responses/NotFound"}));
    assert_eq!(
        out["components"]["requestBodies"]["Body"]["content"]["application/json"]["schema"],
        json!({"type": "object"})
    );
    assert_eq!(out["paths"]["/a/{id}"]["put"].get("consumes"), None);
}

#[test]
fn vendor_quirks_are_repaired_with_warnings() {
    let doc = json!({
        "swagger": "2.0",
        "paths": {"/q": {"get": {
            "parameters": [
                {"name": "flag", "in": "query", "type": "boolean", "default": "false"},
                {"name": "amount", "in": "query", "type": "double"},
                {"name": "ids", "in": "query", "type": "array", "items": "string", "collectionFormat": "multi"},
                {"name": "odd", "in": "query", "type": "formData"}
            ],
            "responses": {"200": {"description": "ok"}}
        }}}
    });
    let (out, warnings, _) = convert_ok(doc);
    let params = &out["paths"]["/q"]["get"]["parameters"];
    assert_eq!(params[0]["schema"], json!({"type": "boolean", "default": false}));
    assert_eq!(params[1]["schema"], json!({"type": "number", "format": "double"}));
    assert_eq!(params[2]["schema"]["items"], json!({"type": "string"}));
    assert_eq!(params[2]["explode"], true);
    assert_eq!(params[3]["schema"], json!({"type": "string"}));
    let pointers: Vec<&str> = warnings.iter().map(|w| w.location.pointer.as_str()).collect();
    assert_eq!(
        pointers,
        [
            "#/paths/~1q/get/parameters/0/default",
            "#/paths/~1q/get/parameters/1/type",
            "#/paths/~1q/get/parameters/2/items",
            "#/paths/~1q/get/parameters/3/type",
        ]
    );
}

#[test]
fn unconvertible_documents_are_located_errors() {
    let err = convert(&json!({"swagger": "2.0", "paths": []}), &Location::root("t.json")).unwrap_err();
    assert!(err.to_string().contains("t.json#/paths"), "{err}");
    let doc = json!({"swagger": "2.0", "paths": {"/a": {"get": {"parameters": [{"name": "x"}], "responses": {}}}}});
    let err = convert(&doc, &Location::root("t.json")).unwrap_err();
    assert!(err.to_string().contains("#/paths/~1a/get/parameters/0/in"), "{err}");
    let doc = json!({"swagger": "2.0", "paths": {"/a": {"get": {"parameters": [{"$ref": "#/parameters/Nope"}], "responses": {}}}}});
    let err = convert(&doc, &Location::root("t.json")).unwrap_err();
    assert!(err.to_string().contains("#/paths/~1a/get/parameters/0/$ref"), "{err}");
}

fn convert_err(doc: Value) -> String {
    match convert(&doc, &Location::root("t.json")) {
        Ok(_) => panic!("{doc} should not convert"),
        Err(diags) => diags.to_string(),
    }
}

/// Whether `errors` (as displayed) has one located exactly at `pointer`.
fn located(errors: &str, pointer: &str) -> bool {
    errors.lines().any(|line| line.ends_with(&format!(" t.json{pointer}")))
}

fn warnings_at(warnings: &Diagnostics) -> Vec<&str> {
    warnings.iter().map(|w| w.location.pointer.as_str()).collect()
}

#[test]
fn converted_nodes_map_back_to_where_the_2_0_file_has_them() {
    let doc = json!({
        "swagger": "2.0",
        "consumes": ["application/json"],
        "parameters": {
            "Ids": {"name": "ids", "in": "query", "type": "array", "items": {"type": "string"}, "collectionFormat": "ssv"},
            "Body": {"name": "b", "in": "body", "schema": {"type": "object"}}
        },
        "securityDefinitions": {"key": {"type": "apiKey", "name": "k", "in": "header"}},
        "paths": {"/a": {"post": {
            "parameters": [
                {"name": "p", "in": "body", "schema": {"properties": {"x": {"type": "string"}}}},
                {"name": "q", "in": "query", "type": "array", "items": {"type": "integer"}},
                {"$ref": "#/parameters/Ids"}
            ],
            "responses": {"200": {
                "description": "ok",
                "headers": {"X-N": {"type": "integer", "maximum": 3}},
                "schema": {"properties": {"n": {"$ref": "#/definitions/N", "x-nullable": true}}}
            }}
        }}}
    });
    let (_, _, map) = convert_ok(doc);
    let cases = [
        (
            "#/paths/~1a/post/requestBody/content/application~1json/schema/properties/x",
            "#/paths/~1a/post/parameters/0/schema/properties/x",
        ),
        ("#/paths/~1a/post/requestBody/content", "#/consumes"),
        ("#/paths/~1a/post/requestBody", "#/paths/~1a/post/parameters/0"),
        ("#/paths/~1a/post/parameters/0/schema/items", "#/paths/~1a/post/parameters/1/items"),
        ("#/paths/~1a/post/parameters/0/style", "#/paths/~1a/post/parameters/1/collectionFormat"),
        ("#/paths/~1a/post/parameters/1/$ref", "#/paths/~1a/post/parameters/2/$ref"),
        ("#/components/parameters/Ids/schema/items", "#/parameters/Ids/items"),
        ("#/components/parameters/Ids/style", "#/parameters/Ids/collectionFormat"),
        ("#/components/requestBodies/Body/content/application~1json/schema", "#/parameters/Body/schema"),
        ("#/components/securitySchemes/key/in", "#/securityDefinitions/key/in"),
        (
            "#/paths/~1a/post/responses/200/headers/X-N/schema/maximum",
            "#/paths/~1a/post/responses/200/headers/X-N/maximum",
        ),
        (
            "#/paths/~1a/post/responses/200/content/application~1json/schema/properties/n/allOf/0/$ref",
            "#/paths/~1a/post/responses/200/schema/properties/n/$ref",
        ),
    ];
    for (converted, original) in cases {
        assert_eq!(map.original(converted), original, "{converted}");
    }
}

#[test]
fn nullable_references_are_wrapped_in_all_of() {
    let doc = json!({"swagger": "2.0", "paths": {}, "definitions": {
        "A": {"properties": {
            "b": {"$ref": "#/definitions/B", "x-nullable": true, "description": "Maybe."},
            "c": {"$ref": "#/definitions/B", "x-nullable": false}
        }},
        "B": {"type": "string"}
    }});
    let (out, warnings, _) = convert_ok(doc);
    let props = &out["components"]["schemas"]["A"]["properties"];
    assert_eq!(
        props["b"],
        json!({"allOf": [{"$ref": "#/components/schemas/B"}], "description": "Maybe.", "nullable": true})
    );
    assert_eq!(props["c"], json!({"$ref": "#/components/schemas/B"}));
    assert!(warnings.is_empty());
}

#[test]
fn collection_formats_without_a_3_0_style_warn_and_stay_valid() {
    let doc = json!({"swagger": "2.0", "paths": {"/a/{ids}": {"get": {
        "parameters": [
            {"name": "ids", "in": "path", "required": true, "type": "array", "items": {"type": "string"}, "collectionFormat": "multi"},
            {"name": "X-T", "in": "header", "type": "array", "items": {"type": "string"}, "collectionFormat": "pipes"},
            {"name": "t", "in": "query", "type": "array", "items": {"type": "string"}, "collectionFormat": "tsv"}
        ],
        "responses": {"204": {"description": "ok"}}
    }}}});
    let (out, warnings, _) = convert_ok(doc);
    let params = &out["paths"]["/a/{ids}"]["get"]["parameters"];
    let styles: Vec<(&Value, &Value)> = (0..3).map(|i| (&params[i]["style"], &params[i]["explode"])).collect();
    assert_eq!(
        styles,
        [(&json!("simple"), &json!(false)), (&json!("simple"), &json!(false)), (&json!("form"), &json!(false))]
    );
    assert_eq!(
        warnings_at(&warnings),
        [
            "#/paths/~1a~1{ids}/get/parameters/0/collectionFormat",
            "#/paths/~1a~1{ids}/get/parameters/1/collectionFormat",
            "#/paths/~1a~1{ids}/get/parameters/2/collectionFormat",
        ]
    );
}

#[test]
fn security_definitions_become_schemes_or_located_errors() {
    let doc = json!({"swagger": "2.0", "paths": {}, "securityDefinitions": {
        "basic": {"type": "basic", "description": "Admin."},
        "code": {"type": "oauth2", "flow": "accessCode", "authorizationUrl": "https://a", "tokenUrl": "https://t", "scopes": {"r": "Read."}}
    }});
    let (out, _, _) = convert_ok(doc);
    let schemes = &out["components"]["securitySchemes"];
    assert_eq!(schemes["basic"], json!({"type": "http", "scheme": "basic", "description": "Admin."}));
    assert_eq!(
        schemes["code"]["flows"],
        json!({"authorizationCode": {"authorizationUrl": "https://a", "tokenUrl": "https://t", "scopes": {"r": "Read."}}})
    );
    let err = convert_err(json!({"swagger": "2.0", "paths": {}, "securityDefinitions": {
        "pw": {"type": "oauth2", "flow": "password"},
        "key": {"type": "apiKey", "name": "k", "in": "cookie"}
    }}));
    assert!(located(&err, "#/securityDefinitions/pw/tokenUrl"), "{err}");
    assert!(located(&err, "#/securityDefinitions/key/in"), "{err}");
}

#[test]
fn parameters_that_cannot_be_read_are_located_errors() {
    let err = convert_err(json!({"swagger": "2.0", "paths": {"/a": {
        "parameters": [{"name": "x", "type": "string"}],
        "get": {
            "parameters": [{"$ref": 5}, {"$ref": "#/definitions/A"}, {"in": "query", "type": "string"}, {"name": "w", "in": "cookie"}],
            "responses": {"200": {"description": "ok"}}
        }
    }}}));
    for pointer in [
        "#/paths/~1a/parameters/0/in",
        "#/paths/~1a/get/parameters/0/$ref",
        "#/paths/~1a/get/parameters/1/$ref",
        "#/paths/~1a/get/parameters/2/name",
        "#/paths/~1a/get/parameters/3/in",
    ] {
        assert!(located(&err, pointer), "{pointer}: {err}");
    }
    let err = convert_err(json!({"swagger": "2.0", "paths": {"/a": {"get": {"parameters": {}, "responses": []}}}}));
    assert!(located(&err, "#/paths/~1a/get/parameters"), "{err}");
    assert!(located(&err, "#/paths/~1a/get/responses"), "{err}");
    let err = convert_err(json!({"swagger": "2.0", "paths": {}, "definitions": [], "consumes": 5}));
    assert!(located(&err, "#/definitions") && located(&err, "#/consumes"), "{err}");
}

#[test]
fn files_servers_and_media_lists_are_read_as_meant() {
    let doc = json!({
        "swagger": "2.0",
        "host": "https://api.example.com/",
        "basePath": "v1",
        "produces": "application/json",
        "paths": {
            "/f": {"get": {"responses": {"200": {"description": "f", "schema": {"type": "file"}}}}},
            "/g": {"post": {
                "consumes": ["text/csv"],
                "parameters": [{"name": "x", "in": "formData", "type": "string"}],
                "responses": {"200": {"description": "ok", "schema": {"type": "string"}}}
            }}
        }
    });
    let (out, warnings, _) = convert_ok(doc);
    assert_eq!(out["servers"], json!([{"url": "https://api.example.com/v1"}]));
    let file = &out["paths"]["/f"]["get"]["responses"]["200"]["content"];
    assert_eq!(file, &json!({"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}));
    let form = &out["paths"]["/g"]["post"]["requestBody"]["content"];
    assert!(form.get("application/x-www-form-urlencoded").is_some(), "{form}");
    assert_eq!(out["paths"]["/g"]["post"]["responses"]["200"]["content"].as_object().unwrap().len(), 1);
    assert_eq!(warnings_at(&warnings), ["#/produces", "#/host", "#/basePath", "#/paths/~1g/post/consumes"]);
}

#[test]
fn missing_types_are_inferred_where_the_shape_says_them() {
    let doc = json!({"swagger": "2.0", "paths": {"/a": {"get": {
        "parameters": [
            {"name": "n", "in": "query", "enum": [1, 2]},
            {"name": "f", "in": "query", "enum": [0.5, 1]},
            {"name": "l", "in": "query", "items": {"type": "string"}},
            {"name": "s", "in": "query"}
        ],
        "responses": {"200": {"description": "ok", "schema": {"properties": {
            "r": {"type": "string", "required": true}
        }}}}
    }}}});
    let (out, _, _) = convert_ok(doc);
    let params = &out["paths"]["/a"]["get"]["parameters"];
    let types: Vec<&Value> = (0..4).map(|i| &params[i]["schema"]["type"]).collect();
    assert_eq!(types, [&json!("integer"), &json!("number"), &json!("array"), &json!("string")]);
    let schema = &out["paths"]["/a"]["get"]["responses"]["200"]["content"]["application/json"]["schema"];
    assert_eq!(schema, &json!({"properties": {"r": {"type": "string"}}, "required": ["r"]}));
}

/// Every node of every Swagger 2.0 fixture (`tests/fixtures/swagger2`)
/// replaced, in turn, by a value of another kind: loading and generating
/// must give code or located errors, never a panic.
#[test]
fn mutated_fixtures_never_panic() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/swagger2");
    let mut specs: Vec<_> = std::fs::read_dir(&dir)
        .expect("the Swagger 2.0 fixtures are there")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "json")))
        .collect();
    specs.sort();
    let replacements = [Value::Null, json!(-1), json!("file"), json!([{}]), json!({"$ref": 1})];
    let mut runs = 0;
    for spec in specs {
        let text = std::fs::read_to_string(&spec).expect("a fixture is readable");
        let root = Location::root("m.json");
        let value =
            crate::load::value::parse(&text, crate::load::Format::sniff(&text), &root).expect("fixtures parse").value;
        let mut pointers = Vec::new();
        collect_pointers(&value, String::new(), &mut pointers);
        for (i, pointer) in pointers.iter().enumerate() {
            let replacement = &replacements[i % replacements.len()];
            let mut mutated = value.clone();
            *mutated.pointer_mut(pointer).expect("collected from this value") = replacement.clone();
            let text = mutated.to_string();
            let result = std::panic::catch_unwind(|| {
                if let Ok(spec) = crate::Spec::from_text("m.json", text.clone()) {
                    let _ = crate::Generator::default().render(&spec);
                }
            });
            assert!(result.is_ok(), "{}: {pointer} replaced by {replacement} panics", spec.display());
            runs += 1;
        }
    }
    assert!(runs > 1000, "only {runs} mutations");
}

/// The JSON pointers (RFC 6901, without `#`) of every node below the root.
fn collect_pointers(value: &Value, at: String, out: &mut Vec<String>) {
    let children: Vec<(String, &Value)> = match value {
        Value::Object(map) => map.iter().map(|(k, v)| (k.replace('~', "~0").replace('/', "~1"), v)).collect(),
        Value::Array(list) => list.iter().enumerate().map(|(i, v)| (i.to_string(), v)).collect(),
        _ => return,
    };
    for (key, child) in children {
        let pointer = format!("{at}/{key}");
        out.push(pointer.clone());
        collect_pointers(child, pointer, out);
    }
}
