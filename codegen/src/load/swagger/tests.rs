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
