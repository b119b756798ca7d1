use serde_json::{Value, json};

use super::*;

fn convert_ok(mut doc: Value) -> (Value, Diagnostics, PointerMap) {
    let (warnings, origin) = convert(&mut doc, &Location::root("t.json")).unwrap_or_else(|e| panic!("{e}"));
    (doc, warnings, origin)
}

/// A 3.1 document with `schema` as the component `S`.
fn with_schema(schema: Value) -> Value {
    json!({"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "components": {"schemas": {"S": schema}}})
}

/// The component `S` after conversion, with the warnings.
fn converted(schema: Value) -> (Value, Diagnostics, PointerMap) {
    let (doc, warnings, origin) = convert_ok(with_schema(schema));
    (doc["components"]["schemas"]["S"].clone(), warnings, origin)
}

const S: &str = "#/components/schemas/S";

#[test]
fn nullable_types_and_null_members() {
    assert_eq!(converted(json!({"type": ["string", "null"]})).0, json!({"type": "string", "nullable": true}));
    assert_eq!(converted(json!({"type": "null"})).0, json!({"nullable": true}));
    let (schema, _, origin) =
        converted(json!({"description": "d", "anyOf": [{"type": "null"}, {"$ref": "#/components/schemas/A"}]}));
    assert_eq!(schema, json!({"description": "d", "nullable": true, "allOf": [{"$ref": "#/components/schemas/A"}]}));
    assert_eq!(origin.original(&format!("{S}/allOf/0/$ref")), format!("{S}/anyOf/1/$ref"));
    let (schema, _, origin) = converted(json!({"oneOf": [{"type": "integer", "minimum": 1}, {"type": "null"}]}));
    assert_eq!(schema, json!({"nullable": true, "type": "integer", "minimum": 1}));
    assert_eq!(origin.original(&format!("{S}/minimum")), format!("{S}/oneOf/0/minimum"));
    let (schema, _, origin) = converted(json!({"anyOf": [{"type": "null"}, {"type": "string"}, {"type": "integer"}]}));
    assert_eq!(schema, json!({"anyOf": [{"type": "string"}, {"type": "integer"}], "nullable": true}));
    assert_eq!(origin.original(&format!("{S}/anyOf/1/type")), format!("{S}/anyOf/2/type"));
}

#[test]
fn several_types_become_any_of() {
    let (schema, _, origin) = converted(json!({
        "type": ["string", "integer", "null"], "format": "int64", "minimum": 0, "maxLength": 3,
        "enum": ["a", 1, null], "description": "d",
    }));
    assert_eq!(
        schema,
        json!({"description": "d", "nullable": true, "anyOf": [
            {"type": "string", "maxLength": 3, "enum": ["a"]},
            {"type": "integer", "minimum": 0, "format": "int64", "enum": [1]},
        ]})
    );
    assert_eq!(origin.original(&format!("{S}/anyOf/1/minimum")), format!("{S}/minimum"));
}

#[test]
fn refs_with_keywords_beside_them() {
    let a = "#/components/schemas/A";
    // Text only: left in the form the 3.0 pass rewrites.
    assert_eq!(converted(json!({"$ref": a, "description": "d"})).0, json!({"$ref": a, "description": "d"}));
    assert_eq!(converted(json!({"$ref": a, "summary": "s"})).0, json!({"$ref": a, "description": "s"}));
    assert_eq!(converted(json!({"$ref": a, "nullable": true})).0, json!({"allOf": [{"$ref": a}], "nullable": true}));
    // Extensions and examples beside a reference stay ignored, as in 3.0: the reference keeps its own docs.
    let annotated = json!({"$ref": a, "x-display": 5, "examples": [1]});
    assert_eq!(converted(annotated).0, json!({"$ref": a, "x-display": 5, "example": 1}));
    let (schema, _, origin) = converted(
        json!({"$ref": a, "default": 1, "properties": {"b": {"type": ["string", "null"]}}, "type": "object"}),
    );
    assert_eq!(
        schema,
        json!({"default": 1, "allOf": [{"$ref": a}, {"properties": {"b": {"type": "string", "nullable": true}}}]})
    );
    assert_eq!(origin.original(&format!("{S}/allOf/0/$ref")), format!("{S}/$ref"));
    assert_eq!(origin.original(&format!("{S}/allOf/1/properties/b")), format!("{S}/properties/b"));
    // A discriminated union's members stay references.
    let member = json!({"$ref": a, "deprecated": true});
    let union = json!({"oneOf": [member], "discriminator": {"propertyName": "k"}});
    assert_eq!(converted(union.clone()).0, union);
}

#[test]
fn keywords_with_a_30_form() {
    let (schema, _, origin) = converted(json!({
        "type": "number", "const": 5, "examples": [5, 6], "exclusiveMinimum": 1, "exclusiveMaximum": 10, "maximum": 9,
    }));
    assert_eq!(
        schema,
        json!({"type": "number", "enum": [5], "example": 5, "minimum": 1, "exclusiveMinimum": true, "maximum": 9})
    );
    assert_eq!(origin.original(&format!("{S}/minimum")), format!("{S}/exclusiveMinimum"));
    assert_eq!(origin.original(&format!("{S}/enum")), format!("{S}/const"));
    // The 3.0 boolean form is still read.
    let old = json!({"type": "integer", "minimum": 1, "exclusiveMinimum": true});
    assert_eq!(converted(old.clone()).0, old);
    assert_eq!(
        converted(json!({"type": "string", "contentEncoding": "base64"})).0,
        json!({"type": "string", "format": "byte"})
    );
    assert_eq!(converted(json!({"contentMediaType": "image/png"})).0, json!({"type": "string", "format": "binary"}));
    assert_eq!(
        converted(json!({"type": ["string", "null"], "contentEncoding": "base64"})).0,
        json!({"type": "string", "format": "byte", "nullable": true})
    );
    assert_eq!(
        converted(json!({"type": "object", "patternProperties": {"^x": {"type": "integer"}}})).0,
        json!({"type": "object", "additionalProperties": {"type": "integer"}})
    );
}

#[test]
fn boolean_schemas_and_tuples() {
    let (schema, warnings, origin) = converted(json!({
        "type": "object",
        "properties": {"any": true, "never": false, "pair": {"type": "array", "prefixItems": [{"type": "string"}, {"type": "integer"}], "items": false}},
        "additionalProperties": false,
    }));
    assert_eq!(schema["properties"]["any"], json!({}));
    assert_eq!(schema["properties"]["never"], json!({"not": {}}));
    assert_eq!(
        schema["properties"]["pair"],
        json!({"type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]}})
    );
    assert_eq!(schema["additionalProperties"], json!(false));
    let pair = format!("{S}/properties/pair");
    assert_eq!(origin.original(&format!("{pair}/items/anyOf/1/type")), format!("{pair}/prefixItems/1/type"));
    let warning = warnings.iter().next().unwrap();
    assert_eq!(warning.location.pointer, format!("{pair}/prefixItems"));
    // The same member twice, in the old array form: one item type.
    let (schema, _, _) = converted(json!({"items": [{"type": "string"}, {"type": "string"}]}));
    assert_eq!(schema, json!({"items": {"type": "string"}, "type": "array"}));
}

#[test]
fn validation_only_keywords_are_dropped_with_a_warning() {
    let (schema, warnings, _) = converted(json!({
        "type": "object", "if": {"required": ["a"]}, "then": {"required": ["b"]},
        "unevaluatedProperties": false, "propertyNames": {"pattern": "^a"}, "$comment": "c", "$id": "x",
    }));
    assert_eq!(schema, json!({"type": "object"}));
    let pointers: Vec<&str> = warnings.iter().map(|w| w.location.pointer.as_str()).collect();
    assert_eq!(
        pointers,
        [format!("{S}/if"), format!("{S}/then"), format!("{S}/unevaluatedProperties"), format!("{S}/propertyNames")]
    );
}

#[test]
fn defs_are_converted_where_they_are() {
    let (schema, _, _) =
        converted(json!({"$defs": {"N": {"type": ["integer", "null"]}}, "$ref": "#/components/schemas/S/$defs/N"}));
    assert_eq!(schema["$defs"]["N"], json!({"type": "integer", "nullable": true}));
}

#[test]
fn document_level_changes() {
    let doc = json!({
        "openapi": "3.1.0",
        "info": {"title": "T", "version": "1", "summary": "s", "license": {"name": "MIT", "identifier": "MIT"}},
        "jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
        "webhooks": {"created": {"post": {"responses": {"200": {"description": "OK"}}}}},
        "paths": {"/a": {"$ref": "#/components/pathItems/A"}, "/b": {"get": {"operationId": "b"}}},
        "components": {
            "pathItems": {"A": {"get": {"operationId": "a"}}},
            "securitySchemes": {"mtls": {"type": "mutualTLS"}, "key": {"type": "apiKey", "in": "header", "name": "k"}},
        },
    });
    let (doc, warnings, origin) = convert_ok(doc);
    assert_eq!(doc["openapi"], "3.0.3");
    assert_eq!(doc["paths"]["/a"], json!({"get": {"operationId": "a", "responses": {}}}));
    assert_eq!(doc["paths"]["/b"]["get"]["responses"], json!({}));
    assert!(doc.get("webhooks").is_none() && doc.get("jsonSchemaDialect").is_none());
    assert!(doc["components"].get("pathItems").is_none());
    assert_eq!(doc["components"]["securitySchemes"].as_object().unwrap().len(), 1);
    assert_eq!(origin.original("#/paths/~1a/get/operationId"), "#/components/pathItems/A/get/operationId");
    let pointers: Vec<&str> = warnings.iter().map(|w| w.location.pointer.as_str()).collect();
    assert_eq!(pointers, ["#/webhooks", "#/components/securitySchemes/mtls"]);
    // No paths at all is fine.
    let (doc, _, _) = convert_ok(json!({"openapi": "3.1.0", "info": {"title": "T", "version": "1"}}));
    assert_eq!(doc["paths"], json!({}));
}

#[test]
fn what_cannot_be_read_is_refused_where_it_is() {
    let mut doc = json!({"openapi": "3.1.0", "jsonSchemaDialect": "https://example.com/dialect", "components": {"schemas": {
        "S": {"type": "object", "properties": {"t": {"$dynamicRef": "#meta"}}},
    }}});
    let errors = convert(&mut doc, &Location::root("t.json")).unwrap_err();
    let pointers: Vec<&str> = errors.iter().map(|e| e.location.pointer.as_str()).collect();
    assert_eq!(pointers, ["#/jsonSchemaDialect", "#/components/schemas/S/properties/t/$dynamicRef"]);
    assert!(errors.to_string().contains("https://example.com/dialect"), "{errors}");
}
