//! Inputs for the generator benchmarks: a deterministic synthetic spec
//! family whose size is set by its number of operations, and the paths of
//! the real specs the bench script fetches.

use std::fmt::Write;
use std::path::PathBuf;

/// A synthetic OpenAPI 3.0 document (JSON) with `operations` operations and
/// `operations / 2` component schemas, in a shape real APIs have: CRUD on
/// resources with path and query parameters, JSON bodies, enums, arrays,
/// nested objects, references between schemas and an error schema.
/// The same `operations` always gives the same text.
pub fn synthetic(operations: usize) -> String {
    let schemas = (operations / 2).max(1);
    let resources = operations.div_ceil(4).max(1);
    let mut out = String::with_capacity(operations * 1500);
    out.push_str(r##"{"openapi":"3.0.3","info":{"title":"Synthetic","version":"1.0","description":"Generated for benchmarks."},"##);
    out.push_str(r##""servers":[{"url":"https://api.example.com/v1"}],"paths":{"##);
    let mut written = 0;
    for r in 0..resources {
        if written >= operations {
            break;
        }
        let schema = r % schemas;
        if r > 0 {
            out.push(',');
        }
        // Collection: list and create.
        let _ = write!(out, r##""/resource{r}":{{"##);
        let _ = write!(
            out,
            r##""get":{{"operationId":"listResource{r}","summary":"List resource {r}.","tags":["t{t}"],"parameters":[{{"name":"limit","in":"query","schema":{{"type":"integer","format":"int32","minimum":1,"maximum":100}}}},{{"name":"cursor","in":"query","schema":{{"type":"string"}}}},{{"name":"state","in":"query","schema":{{"type":"string","enum":["open","closed","all"]}}}}],"responses":{{"200":{{"description":"OK","content":{{"application/json":{{"schema":{{"type":"array","items":{{"$ref":"#/components/schemas/Model{schema}"}}}}}}}}}},"500":{{"description":"Error","content":{{"application/json":{{"schema":{{"$ref":"#/components/schemas/Error"}}}}}}}}}}}}"##,
            t = r % 7
        );
        written += 1;
        if written < operations {
            let _ = write!(
                out,
                r##","post":{{"operationId":"createResource{r}","summary":"Create resource {r}.","requestBody":{{"required":true,"content":{{"application/json":{{"schema":{{"$ref":"#/components/schemas/Model{schema}"}}}}}}}},"responses":{{"201":{{"description":"Created","content":{{"application/json":{{"schema":{{"$ref":"#/components/schemas/Model{schema}"}}}}}}}},"400":{{"description":"Bad","content":{{"application/json":{{"schema":{{"$ref":"#/components/schemas/Error"}}}}}}}}}}}}"##
            );
            written += 1;
        }
        out.push('}');
        if written >= operations {
            continue;
        }
        // Item: get and delete.
        let _ = write!(
            out,
            r##","/resource{r}/{{id}}":{{"parameters":[{{"name":"id","in":"path","required":true,"schema":{{"type":"string"}}}}],"get":{{"operationId":"getResource{r}","summary":"Get one resource {r}.","parameters":[{{"name":"X-Request-Id","in":"header","schema":{{"type":"string"}}}}],"responses":{{"200":{{"description":"OK","content":{{"application/json":{{"schema":{{"$ref":"#/components/schemas/Model{schema}"}}}}}}}},"404":{{"description":"Missing"}}}}}}"##
        );
        written += 1;
        if written < operations {
            let _ = write!(
                out,
                r##","delete":{{"operationId":"deleteResource{r}","responses":{{"204":{{"description":"Deleted"}}}}}}"##
            );
            written += 1;
        }
        out.push('}');
    }
    out.push_str(r##"},"components":{"schemas":{"Error":{"type":"object","required":["code"],"properties":{"code":{"type":"integer"},"message":{"type":"string"}}}"##);
    for s in 0..schemas {
        let other = (s * 7 + 3) % schemas;
        let _ = write!(
            out,
            r##","Model{s}":{{"type":"object","description":"Model number {s}.","required":["id","name"],"properties":{{"id":{{"type":"string","format":"uuid"}},"name":{{"type":"string","minLength":1,"maxLength":100}},"count":{{"type":"integer","format":"int64"}},"price":{{"type":"number","format":"double","nullable":true}},"active":{{"type":"boolean","default":true}},"kind":{{"type":"string","enum":["alpha","beta","gamma","delta"]}},"tags":{{"type":"array","items":{{"type":"string"}}}},"attributes":{{"type":"object","additionalProperties":{{"type":"string"}}}},"address":{{"type":"object","properties":{{"street":{{"type":"string"}},"city":{{"type":"string"}},"zip":{{"type":"string","pattern":"^[0-9]{{5}}$"}}}}}},"related":{{"$ref":"#/components/schemas/Model{other}"}}}}}}"##
        );
    }
    out.push_str("}}}");
    out
}

/// A second synthetic family, shaped unlike [`synthetic`]: one component
/// schema per operation, each travelling one way — even operations read a
/// record (`GET /items{i}/{id}`, the schema only received), odd ones create
/// one (`POST /items{i}` with the schema as body, `204` back, the schema only
/// sent) — with inline enums, an inline nested object, dates, and all
/// fields but `id` optional. The same `operations` always gives the same
/// text.
pub fn synthetic_flat(operations: usize) -> String {
    let mut out = String::with_capacity(operations * 1800);
    out.push_str(r##"{"openapi":"3.0.3","info":{"title":"Flat","version":"1.0"},"servers":[{"url":"https://api.example.com"}],"paths":{"##);
    for i in 0..operations {
        if i > 0 {
            out.push(',');
        }
        if i % 2 == 0 {
            let _ = write!(
                out,
                r##""/items{i}/{{id}}":{{"get":{{"operationId":"getItem{i}","summary":"Read item {i}.","parameters":[{{"name":"id","in":"path","required":true,"schema":{{"type":"string"}}}},{{"name":"expand","in":"query","schema":{{"type":"boolean"}}}}],"responses":{{"200":{{"description":"OK","content":{{"application/json":{{"schema":{{"$ref":"#/components/schemas/Item{i}"}}}}}}}},"404":{{"description":"Missing"}}}}}}}}"##
            );
        } else {
            let _ = write!(
                out,
                r##""/items{i}":{{"post":{{"operationId":"createItem{i}","summary":"Create item {i}.","requestBody":{{"required":true,"content":{{"application/json":{{"schema":{{"$ref":"#/components/schemas/Item{i}"}}}}}}}},"responses":{{"204":{{"description":"Created"}}}}}}}}"##
            );
        }
    }
    out.push_str(r##"},"components":{"schemas":{"##);
    for i in 0..operations {
        if i > 0 {
            out.push(',');
        }
        let _ = write!(
            out,
            r##""Item{i}":{{"type":"object","description":"Item {i}.","required":["id"],"properties":{{"id":{{"type":"string"}},"title":{{"type":"string","maxLength":200}},"status":{{"type":"string","enum":["draft","active","archived","deleted"]}},"priority":{{"type":"string","enum":["low","normal","high"]}},"createdAt":{{"type":"string","format":"date-time"}},"dueDate":{{"type":"string","format":"date"}},"count":{{"type":"integer","format":"int32"}},"score":{{"type":"number"}},"labels":{{"type":"array","items":{{"type":"string"}}}},"enabled":{{"type":"boolean"}},"owner":{{"type":"object","properties":{{"name":{{"type":"string"}},"email":{{"type":"string"}},"role":{{"type":"string","enum":["admin","member","guest"]}}}}}},"note":{{"type":"string","nullable":true}}}}}}"##
        );
    }
    out.push_str("}}}");
    out
}

/// One benchmark input: a spec text and the config to generate it with.
pub struct Input {
    /// A short name, also used as the spec's file name.
    pub name: String,
    /// The spec.
    pub text: String,
    /// The config file, if any.
    pub config: Option<PathBuf>,
}

impl Input {
    /// Deserialising the text straight into the `openapiv3` model: the floor
    /// that no generator reading this model can go below.
    pub fn deserialize_floor(&self) -> openapiv3::OpenAPI {
        if self.name.ends_with(".yaml") {
            serde_norway::from_str(&self.text).expect("input is valid YAML")
        } else {
            serde_json::from_str(&self.text).expect("input is valid JSON")
        }
    }
}

/// The inputs of the stage benchmarks: our certification spec with its
/// config, the synthetic family at 100, 1,000 and 10,000 operations, and
/// GitHub's OpenAPI document when the bench script has fetched it.
pub fn inputs() -> Vec<Input> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut out = vec![Input {
        name: "certification.yaml".into(),
        text: std::fs::read_to_string(root.join("spec/iamport-certification.yaml")).expect("the spec is readable"),
        config: Some(root.join("spec/codegen.toml")),
    }];
    for n in [100, 1_000, 10_000] {
        out.push(Input { name: format!("synthetic-{n}.json"), text: synthetic(n), config: None });
    }
    if let Some(path) = github_spec() {
        let text = std::fs::read_to_string(path).expect("the GitHub spec is readable");
        out.push(Input { name: "api.github.com.json".into(), text, config: None });
    }
    out
}

/// Where the bench script puts fetched specs (not committed).
pub fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/bench-data")
}

/// GitHub's published OpenAPI document, when the bench script has fetched it.
pub fn github_spec() -> Option<PathBuf> {
    let path = data_dir().join("api.github.com.json");
    path.exists().then_some(path)
}

#[cfg(test)]
mod tests {
    #[test]
    fn parallel_rendering_matches_formatting_the_whole_file() {
        for n in [1, 7, 250] {
            let spec = codegen::Spec::from_text("s.json", super::synthetic(n)).unwrap();
            let generator = codegen::Generator::default();
            let parallel = generator.render(&spec).unwrap().code;
            let whole = codegen::render_tokens(generator.generate(&spec).unwrap().tokens, "s.json").unwrap();
            assert!(parallel == whole, "{n} operations: the texts differ");
        }
    }

    #[test]
    fn synthetic_specs_parse_and_have_the_asked_size() {
        for family in [super::synthetic, super::synthetic_flat] {
            for n in [1, 2, 3, 4, 5, 100, 1001] {
                let text = family(n);
                let doc: openapiv3::OpenAPI = serde_json::from_str(&text).unwrap();
                assert_eq!(doc.operations().count(), n, "{n}");
                assert_eq!(family(n), text);
            }
        }
    }
}
