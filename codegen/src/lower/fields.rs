//! Objects → struct fields: `allOf` merging, required-ness, nullability,
//! defaults, checks, sensitivity and config overrides.

use std::collections::HashSet;

use indexmap::IndexMap;
use openapiv3::{AdditionalProperties, ReferenceOr, Schema};
use serde_json::Value;

use super::Ctx;
use super::types::{Hint, SchemaRef, docs_of};
use super::view::{Kind, Object, described_ref, view};
use crate::config::FieldConfig;
use crate::diag::{Location, Problem};
use crate::ident::{Scope, camel, snake};
use crate::ir::{DefaultValue, Field, Rules, Struct, TypeKind, TypeRef};

/// A property gathered from one or more object schemas.
struct Prop<'a> {
    schema: &'a ReferenceOr<Box<Schema>>,
    at: Location,
    required: bool,
}

impl<'a> Ctx<'a> {
    /// The object schemas that an `allOf` schema (`schema`, with
    /// `members` and the properties `extra` written beside them) merges, in
    /// order: members' own `allOf`s are followed through `$ref`s, depth
    /// first, with an explicit stack. A schema reached twice (a diamond)
    /// counts once; a schema that includes itself is refused, since it
    /// has no finite set of properties.
    pub(super) fn collect_all_of(
        &mut self,
        schema: &'a Schema,
        members: &'a [ReferenceOr<Schema>],
        extra: Option<Object<'a>>,
        at: &Location,
    ) -> Vec<(Object<'a>, Location)> {
        enum Step<'s> {
            Enter(SchemaRef<'s>, Location),
            Extra(Object<'s>, Location),
            Leave(*const Schema),
        }
        let mut out = Vec::new();
        let mut open: HashSet<*const Schema> = HashSet::from([std::ptr::from_ref(schema)]);
        let mut done: HashSet<*const Schema> = HashSet::new();
        let mut stack = vec![Step::Leave(std::ptr::from_ref(schema))];
        if let Some(extra) = extra {
            stack.push(Step::Extra(extra, at.clone()));
        }
        let all_of_at = at.join("allOf");
        stack.extend(
            members.iter().enumerate().rev().map(|(i, m)| Step::Enter(m.into(), all_of_at.join(i.to_string()))),
        );
        while let Some(step) = stack.pop() {
            let (member, member_at) = match step {
                Step::Enter(member, member_at) => (member, member_at),
                Step::Extra(object, object_at) => {
                    out.push((object, object_at));
                    continue;
                }
                Step::Leave(key) => {
                    open.remove(&key);
                    done.insert(key);
                    continue;
                }
            };
            let Some((schema, schema_at, _)) = self.resolve_schema(member, &member_at) else { continue };
            let key = std::ptr::from_ref(schema);
            if open.contains(&key) {
                self.diags.error(member_at, Problem::AllOfCycle(schema_at.pointer));
                continue;
            }
            if done.contains(&key) {
                continue;
            }
            let v = view(schema);
            match v.kind {
                Kind::Object(object) => {
                    done.insert(key);
                    out.push((object, schema_at));
                }
                Kind::AllOf(members, extra) => {
                    open.insert(key);
                    stack.push(Step::Leave(key));
                    if let Some(extra) = extra {
                        stack.push(Step::Extra(extra, schema_at.clone()));
                    }
                    let all_of_at = schema_at.join("allOf");
                    stack.extend(
                        members
                            .iter()
                            .enumerate()
                            .rev()
                            .map(|(i, m)| Step::Enter(m.into(), all_of_at.join(i.to_string()))),
                    );
                }
                Kind::Any => {}
                _ => self.diags.warn(schema_at, Problem::AllOfNotObject),
            }
        }
        out
    }

    /// The merged properties of an object schema, following `$ref`s and
    /// `allOf`: for envelope detection, where no types are defined.
    pub(super) fn merged_properties(
        &mut self,
        schema: SchemaRef<'a>,
        at: &Location,
    ) -> IndexMap<&'a str, (&'a ReferenceOr<Box<Schema>>, Location)> {
        let objects = match self.resolve_schema(schema, at) {
            Some((schema, schema_at, _)) => match view(schema).kind {
                Kind::Object(object) => vec![(object, schema_at)],
                Kind::AllOf(members, extra) => self.collect_all_of(schema, members, extra, &schema_at),
                _ => Vec::new(),
            },
            None => Vec::new(),
        };
        let mut merged = IndexMap::new();
        for (object, object_at) in objects {
            for (name, schema) in object.properties {
                merged.insert(name.as_str(), (schema, object_at.join("properties").join(name)));
            }
        }
        merged
    }

    /// The struct for the merged `objects`, named `name`.
    pub(super) fn object_struct(
        &mut self,
        name: &str,
        owner: &str,
        objects: Vec<(Object<'a>, Location)>,
        at: &Location,
    ) -> Struct {
        let mut props: IndexMap<&'a str, Prop<'a>> = IndexMap::new();
        let mut additional = None;
        for (object, object_at) in &objects {
            for (prop, schema) in object.properties {
                let prop_at = object_at.join("properties").join(prop);
                let earlier = props.get(prop.as_str());
                let required = object.required.contains(prop) || earlier.is_some_and(|p| p.required);
                if let Some(earlier) = earlier.filter(|p| p.schema != schema) {
                    self.diags.warn(
                        prop_at.clone(),
                        Problem::AllOfDisagree { property: prop.to_string(), also_at: earlier.at.pointer.clone() },
                    );
                }
                props.insert(prop.as_str(), Prop { schema, at: prop_at, required });
            }
            if let Some(AdditionalProperties::Schema(schema)) = object.additional {
                additional = Some((schema.as_ref(), object_at.join("additionalProperties")));
            }
        }
        // A property listed as required in one member and defined in another.
        for (object, _) in &objects {
            for required in object.required {
                if let Some(prop) = props.get_mut(required.as_str()) {
                    prop.required = true;
                }
            }
        }
        let mut scope = Scope::new();
        let mut fields = Vec::with_capacity(props.len());
        for (prop, info) in props {
            fields.push(self.field(name, owner, prop, info, &mut scope));
        }
        let additional = additional.map(|(schema, additional_at)| {
            let hint = Hint {
                name: format!("{name}Value"),
                owner: owner.to_owned(),
                rename_key: None,
                doc: format!("A value of the additional properties of `{name}`."),
            };
            self.type_of(schema.into(), &additional_at, &hint).ty
        });
        if additional.is_some() && scope.contains("additional_properties") {
            self.diags.error(
                at.clone(),
                Problem::Unsupported("a property named `additional_properties` next to `additionalProperties`".into()),
            );
        }
        Struct { fields, additional }
    }

    fn field(&mut self, struct_name: &str, owner: &str, prop: &str, info: Prop<'a>, scope: &mut Scope) -> Field {
        let key = format!("{owner}.{prop}");
        let explicit = self.config.rename.fields.get(&key);
        if explicit.is_some() {
            self.used_keys.insert(format!("rename.fields.{key}"));
        }
        let wanted = snake(explicit.map_or(prop, String::as_str));
        let (name, renamed) = scope.claim(&wanted);
        if renamed && explicit.is_some() {
            let other = format!("another property of `{struct_name}`");
            self.diags.error(
                info.at.clone(),
                Problem::NameCollision { kind: "field", name: wanted, spec_name: key.clone(), other },
            );
        } else if renamed {
            self.diags.warn(
                info.at.clone(),
                Problem::Renamed { kind: "property", spec_name: key.clone(), wanted, name: name.clone() },
            );
        }
        let hint = Hint {
            name: nested_name(struct_name, owner, prop),
            owner: owner.to_owned(),
            doc: format!("The `{prop}` property of `{struct_name}`."),
            rename_key: Some(key),
        };
        let lowered = self.type_of(info.schema.into(), &info.at, &hint);
        let resolved = self.resolve_schema(info.schema.into(), &info.at);
        let (docs, deprecated, mut rules, default_value) = match resolved {
            Some((schema, schema_at, _)) => {
                let v = view(schema);
                (docs_of(&v), v.data.deprecated, self.rules_of(&v.kind, &schema_at), v.data.default.clone())
            }
            None => (None, false, Rules::default(), None),
        };
        // A described reference checks what its target does, and is documented by its own description.
        let (docs, deprecated, default_value) = match self.described_schema(info.schema.into(), &info.at) {
            Some(described) if described_ref(described).is_some() => {
                let data = &described.schema_data;
                (docs_of(&view(described)), deprecated || data.deprecated, data.default.clone().or(default_value))
            }
            _ => (docs, deprecated, default_value),
        };
        let overrides = self.field_config(owner, prop);
        let mut required = info.required;
        let mut nullable = lowered.nullable;
        if let Some(cfg) = &overrides {
            required = cfg.required.unwrap_or(required);
            nullable = cfg.nullable.unwrap_or(nullable);
            self.apply_rules(cfg, &mut rules, &info.at);
        }
        let pattern_ok = self.check_pattern(&mut rules, &info.at, overrides.as_ref());
        debug_assert!(pattern_ok || rules.pattern.is_none());
        let default = match default_value {
            Some(value) if !required && !nullable => self.default_of(&lowered.ty, &value, &info.at.join("default")),
            _ => None,
        };
        let sensitive = self.is_sensitive(owner, prop);
        Field {
            name,
            wire: prop.to_owned(),
            ty: lowered.ty,
            required,
            nullable,
            boxed: false,
            tristate: false,
            docs,
            default,
            sensitive,
            deprecated,
            rules,
        }
    }

    /// The `[fields]` entry for `owner.prop`, or for `prop` in any owner.
    pub(super) fn field_config(&mut self, owner: &str, prop: &str) -> Option<FieldConfig> {
        let qualified = format!("{owner}.{prop}");
        for key in [qualified.as_str(), prop] {
            if let Some(cfg) = self.config.fields.get(key) {
                self.used_keys.insert(format!("fields.{key}"));
                return Some(cfg.clone());
            }
        }
        None
    }

    /// Whether `owner.prop` (or `prop` anywhere) is configured as sensitive.
    pub(super) fn is_sensitive(&mut self, owner: &str, prop: &str) -> bool {
        let qualified = format!("{owner}.{prop}");
        let mut found = false;
        for key in [qualified.as_str(), prop] {
            if self.config.sensitive.iter().any(|s| s == key) {
                self.used_keys.insert(format!("sensitive.{key}"));
                found = true;
            }
        }
        found
    }

    pub(super) fn apply_rules(&mut self, cfg: &FieldConfig, rules: &mut Rules, _at: &Location) {
        if cfg.pattern.is_some() {
            rules.pattern.clone_from(&cfg.pattern);
        }
        if cfg.ignore_chars.is_some() {
            rules.ignore_chars.clone_from(&cfg.ignore_chars);
        }
        rules.min_length = cfg.min_length.or(rules.min_length);
        rules.max_length = cfg.max_length.or(rules.max_length);
        rules.minimum = cfg.minimum.or(rules.minimum);
        rules.maximum = cfg.maximum.or(rules.maximum);
    }

    /// Drops a spec `pattern` that the runtime's regex engine cannot run
    /// (with a warning); a bad pattern from the config is an error.
    pub(super) fn check_pattern(&mut self, rules: &mut Rules, at: &Location, cfg: Option<&FieldConfig>) -> bool {
        let Some(pattern) = &rules.pattern else { return true };
        match regex_lite::Regex::new(pattern) {
            Ok(_) => true,
            Err(err) => {
                let from_config = cfg.is_some_and(|c| c.pattern.as_ref() == Some(pattern));
                let problem = Problem::BadPattern(pattern.clone(), err.to_string());
                if from_config {
                    // Located at each `[fields]` entry that gives it (one of them is this field's).
                    let config = self.config;
                    for (key, _) in config.fields.iter().filter(|(_, c)| c.pattern.as_ref() == Some(pattern)) {
                        self.diags.error(config.origin.value(&["fields", key, "pattern"]), problem.clone());
                    }
                } else {
                    self.diags.warn(at.join("pattern"), problem);
                }
                rules.pattern = None;
                false
            }
        }
    }

    /// The default for a property of type `ty`, when it can be expressed.
    fn default_of(&mut self, ty: &TypeRef, value: &Value, at: &Location) -> Option<DefaultValue> {
        let tolerate = |cx: &mut Self, what: &'static str| {
            cx.diags.warn(at.clone(), Problem::DefaultAsString { value: value.to_string(), read_as: what.to_owned() })
        };
        match (ty, value) {
            (TypeRef::Bool, Value::Bool(b)) => Some(DefaultValue::Bool(*b)),
            (TypeRef::Bool, Value::String(s)) if s == "true" || s == "false" => {
                tolerate(self, "a boolean");
                Some(DefaultValue::Bool(s == "true"))
            }
            (TypeRef::I32 | TypeRef::I64, Value::Number(n)) => n.as_i64().map(DefaultValue::Int),
            (TypeRef::I32 | TypeRef::I64, Value::String(s)) => {
                let parsed = s.trim().parse().ok().map(DefaultValue::Int);
                if parsed.is_some() {
                    tolerate(self, "an integer");
                }
                parsed
            }
            (TypeRef::F32 | TypeRef::F64, Value::Number(n)) => n.as_f64().map(DefaultValue::Float),
            (TypeRef::String, Value::String(s)) => Some(DefaultValue::Str(s.clone())),
            (TypeRef::Named(name), Value::Number(n)) => match self.types.get(name).map(|t| &t.kind) {
                Some(TypeKind::Enum(e)) if e.integer => e
                    .variants
                    .iter()
                    .find(|v| v.wire == n.to_string())
                    .map(|v| DefaultValue::Variant(name.clone(), v.name.clone())),
                _ => None,
            },
            (TypeRef::Named(name), Value::String(s)) => match self.types.get(name).map(|t| &t.kind) {
                Some(TypeKind::Enum(e)) => e
                    .variants
                    .iter()
                    .find(|v| &v.wire == s)
                    .map(|v| DefaultValue::Variant(name.clone(), v.name.clone())),
                Some(TypeKind::Alias(TypeRef::String)) => Some(DefaultValue::Str(s.clone())),
                _ => None,
            },
            _ => {
                self.diags.warn(at.clone(), Problem::DefaultMismatch(value.to_string()));
                None
            }
        }
    }
}

impl Ctx<'_> {
    /// The checks a schema at `at` states. Exclusive bounds become inclusive
    /// ones: exactly for integers, and with a warning for numbers.
    pub(super) fn rules_of(&mut self, kind: &Kind<'_>, at: &Location) -> Rules {
        match kind {
            Kind::String(s) => Rules {
                min_length: s.min_length.map(|n| n as u64),
                max_length: s.max_length.map(|n| n as u64),
                pattern: s.pattern.map(str::to_owned),
                ..Rules::default()
            },
            Kind::Integer(s) => Rules {
                minimum: s.minimum.map(|m| if s.exclusive_minimum { m + 1.0 } else { m }),
                maximum: s.maximum.map(|m| if s.exclusive_maximum { m - 1.0 } else { m }),
                ..Rules::default()
            },
            Kind::Number(s) => {
                for (exclusive, bound, key) in [
                    (s.exclusive_minimum, s.minimum, "exclusiveMinimum"),
                    (s.exclusive_maximum, s.maximum, "exclusiveMaximum"),
                ] {
                    if exclusive && bound.is_some() {
                        self.diags.warn(at.join(key), Problem::ExclusiveBound(key.to_string()));
                    }
                }
                Rules { minimum: s.minimum, maximum: s.maximum, ..Rules::default() }
            }
            Kind::Array { min_items, max_items, .. } => Rules {
                min_items: min_items.map(|n| n as u64),
                max_items: max_items.map(|n| n as u64),
                ..Rules::default()
            },
            _ => Rules::default(),
        }
    }
}

/// The name of a type defined inline for property `prop` of `struct_name`:
/// the two joined, or, once that grows long (deeply nested objects), the
/// owner's name and the property's.
fn nested_name(struct_name: &str, owner: &str, prop: &str) -> String {
    const LONG: usize = 48;
    let joined = format!("{struct_name}{}", camel(prop));
    if joined.len() <= LONG { joined } else { format!("{}{}", camel(owner), camel(prop)) }
}
