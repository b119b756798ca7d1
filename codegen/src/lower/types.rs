//! Schemas → type references, defining named types on the way.

use openapiv3::{AdditionalProperties, ReferenceOr, Schema};
use serde_json::Value;

use super::view::{Kind, View, is_annotation, view};
use super::{Ctx, Lowered};
use crate::diag::{Location, Problem};
use crate::ident::{Scope, camel};
use crate::ir::{Enum, TypeDef, TypeKind, TypeRef, Union, UnionVariant, Variant};

/// A schema or a reference to one, whether boxed or not in the model.
#[derive(Clone, Copy)]
pub enum SchemaRef<'a> {
    Ref(&'a str),
    Item(&'a Schema),
}

impl<'a> From<&'a ReferenceOr<Schema>> for SchemaRef<'a> {
    fn from(value: &'a ReferenceOr<Schema>) -> Self {
        match value {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(schema) => SchemaRef::Item(schema),
        }
    }
}

impl<'a> From<&'a ReferenceOr<Box<Schema>>> for SchemaRef<'a> {
    fn from(value: &'a ReferenceOr<Box<Schema>>) -> Self {
        match value {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(schema) => SchemaRef::Item(schema),
        }
    }
}

/// What to call a type defined for an inline schema, and whose config keys
/// apply inside it.
#[derive(Debug, Clone)]
pub struct Hint {
    /// The wanted (CamelCase) name.
    pub name: String,
    /// The component schema or operationId that config keys are relative to.
    pub owner: String,
    /// `Owner.property` for `[rename.schemas]` of an inline type.
    pub rename_key: Option<String>,
    /// Doc text for a type defined for it when the spec has none.
    pub doc: String,
}

impl Hint {
    /// A hint for a nested schema: `suffix` appended to the name.
    pub fn child(&self, suffix: &str) -> Hint {
        Hint {
            name: format!("{}{}", self.name, camel(suffix)),
            owner: self.owner.clone(),
            rename_key: None,
            doc: part_of(&self.doc),
        }
    }
}

/// "The `x` property of `T`." → "Part of the `x` property of `T`.", once.
fn part_of(doc: &str) -> String {
    if doc.starts_with("Part of ") {
        return doc.to_owned();
    }
    let mut chars = doc.chars();
    match chars.next() {
        Some(first) => format!("Part of {}{}", first.to_lowercase(), chars.as_str()),
        None => "Part of another type.".to_owned(),
    }
}

/// Components reached this many schemas deep are lowered afterwards, from
/// the top, instead of inside the schema that reached them: however long a
/// chain of components referring to each other, it costs no stack.
pub(super) const DEFER_DEPTH: usize = 32;

/// Schemas nested deeper than this inside one another are refused. A
/// document nests at most 128 levels (the parsers' limit), so only chains
/// of `allOf`s that copy the properties of one component into the next get
/// near it.
pub(super) const MAX_DEPTH: usize = 256;

impl<'a> Ctx<'a> {
    /// The Rust type for `schema` at `at`, defining types as needed.
    pub(super) fn type_of(&mut self, schema: SchemaRef<'a>, at: &Location, hint: &Hint) -> Lowered {
        match schema {
            SchemaRef::Ref(reference) => match self.schema_target(reference, at) {
                Some((name, _)) => self.component(name, at),
                None => Lowered::of(TypeRef::Json),
            },
            SchemaRef::Item(schema) => self.inline(schema, at, hint, None),
        }
    }

    /// The Rust type of component schema `name`, lowering it on first use
    /// (or, when reached deep inside other schemas, once the current
    /// operation is done: see [`DEFER_DEPTH`]).
    pub(super) fn component(&mut self, name: &'a str, _at: &Location) -> Lowered {
        let Some(state) = self.components.get_mut(name) else {
            return Lowered::of(TypeRef::Json);
        };
        let lowered = Lowered { ty: TypeRef::Named(state.rust.clone()), nullable: state.nullable };
        if state.started {
            return lowered;
        }
        state.started = true;
        if self.depth >= DEFER_DEPTH {
            self.deferred.push_back(name);
        } else {
            self.lower_component(name);
        }
        lowered
    }

    /// Lowers the components put off by [`Ctx::component`], and those they
    /// reach, each from the top.
    pub(super) fn lower_deferred(&mut self) {
        while let Some(name) = self.deferred.pop_front() {
            let depth = std::mem::take(&mut self.depth);
            self.lower_component(name);
            self.depth = depth;
        }
    }

    /// Defines the type of component schema `name` (already marked started).
    fn lower_component(&mut self, name: &'a str) {
        let Some(rust) = self.components.get(name).map(|c| c.rust.clone()) else { return };
        let at = self.root.join("components").join("schemas").join(name);
        let Some(schema) = self.doc.components.as_ref().and_then(|c| c.schemas.get(name)) else {
            return;
        };
        let hint =
            Hint { name: rust.clone(), owner: name.to_owned(), rename_key: None, doc: format!("The `{name}` schema.") };
        match schema {
            ReferenceOr::Reference { reference } => {
                // An alias of another component; following the chain first reports dangling ends and loops.
                let target = match self.resolve_schema(SchemaRef::Ref(reference), &at) {
                    Some(_) => match self.schema_target(reference, &at) {
                        Some((target, _)) => self.component(target, &at).ty,
                        None => TypeRef::Json,
                    },
                    None => TypeRef::Json,
                };
                self.define_alias(rust, &at.pointer, Some(format!("The `{name}` schema.")), target);
            }
            ReferenceOr::Item(schema) => {
                self.inline(schema, &at, &hint, Some(rust));
            }
        }
    }

    /// Lowers an inline schema. With `named`, the type is defined under that
    /// (already claimed) name even if it is a plain scalar or array.
    /// An inline schema that is being defined already stands for the type
    /// it is becoming (a recursive type); one nested deeper than
    /// [`MAX_DEPTH`] is refused.
    pub(super) fn inline(&mut self, schema: &'a Schema, at: &Location, hint: &Hint, named: Option<String>) -> Lowered {
        if let Some(active) = self.active.get(&std::ptr::from_ref(schema)) {
            return active.clone();
        }
        if self.depth >= MAX_DEPTH {
            self.diags.error(at.clone(), Problem::TooDeep(MAX_DEPTH));
            return Lowered::of(TypeRef::Json);
        }
        self.depth += 1;
        let lowered = self.define_inline(schema, at, hint, named);
        self.depth -= 1;
        lowered
    }

    /// While `f` defines the type `name` for `schema`, reaching `schema`
    /// again gives that type.
    fn defining<T>(&mut self, schema: &'a Schema, name: &str, f: impl FnOnce(&mut Self) -> T) -> T {
        let key = std::ptr::from_ref(schema);
        let lowered = Lowered { ty: TypeRef::Named(name.to_owned()), nullable: schema.schema_data.nullable };
        self.active.insert(key, lowered);
        let out = f(self);
        self.active.remove(&key);
        out
    }

    fn define_inline(&mut self, schema: &'a Schema, at: &Location, hint: &Hint, named: Option<String>) -> Lowered {
        let v = view(schema);
        let nullable = v.data.nullable;
        let ty = match &v.kind {
            Kind::String(s)
                if !s.enumeration.is_empty() && s.enumeration.iter().all(|e| e.is_string() || e.is_null()) =>
            {
                let name = self.name_for(named, hint, at);
                self.define_enum(&name, &v, at, hint);
                TypeRef::Named(name)
            }
            Kind::String(s) => {
                let dates = self.config.client.dates.unwrap_or(true);
                let ty = match s.format {
                    Some("date-time") if dates => TypeRef::DateTime,
                    Some("date") if dates => TypeRef::Date,
                    _ => TypeRef::String,
                };
                self.scalar(ty, s.format, named, hint, &v, at)
            }
            Kind::Integer(s)
                if !s.enumeration.is_empty() && s.enumeration.iter().all(|e| e.is_i64() || e.is_null()) =>
            {
                let name = self.name_for(named, hint, at);
                self.define_enum(&name, &v, at, hint);
                TypeRef::Named(name)
            }
            Kind::Integer(s) => {
                let ty = if s.format == Some("int32") { TypeRef::I32 } else { TypeRef::I64 };
                self.scalar(ty, None, named, hint, &v, at)
            }
            Kind::Number(s) => {
                let ty = if s.format == Some("float") { TypeRef::F32 } else { TypeRef::F64 };
                self.scalar(ty, None, named, hint, &v, at)
            }
            Kind::Boolean => self.scalar(TypeRef::Bool, None, named, hint, &v, at),
            Kind::Object(object) if object.properties.is_empty() => {
                let ty = match object.additional {
                    Some(AdditionalProperties::Schema(inner)) => {
                        let inner =
                            self.type_of(inner.as_ref().into(), &at.join("additionalProperties"), &hint.child("Value"));
                        TypeRef::Map(Box::new(inner.ty))
                    }
                    _ => TypeRef::JsonObject,
                };
                self.maybe_alias(named, hint, &v, at, ty)
            }
            Kind::Object(object) => {
                let name = self.name_for(named, hint, at);
                let objects = vec![(*object, at.clone())];
                let def = self.defining(schema, &name, |cx| cx.object_struct(&name, &hint.owner, objects, at));
                self.define(TypeDef {
                    name: name.clone(),
                    origin: at.pointer.clone(),
                    docs: docs_of(&v).or_else(|| Some(hint.doc.clone())),
                    kind: TypeKind::Struct(def),
                    in_request: false,
                    in_response: false,
                    serialize: false,
                    deserialize: false,
                    validates: false,
                });
                TypeRef::Named(name)
            }
            Kind::Array { items, .. } => {
                let item = match items {
                    Some(items) => self.type_of((*items).into(), &at.join("items"), &hint.child("Item")).ty,
                    None => TypeRef::Json,
                };
                self.maybe_alias(named, hint, &v, at, TypeRef::Vec(Box::new(item)))
            }
            Kind::OneOf(members) | Kind::AnyOf(members) => {
                let key = if matches!(v.kind, Kind::OneOf(_)) { "oneOf" } else { "anyOf" };
                return self.union(schema, members, &v, at.join(key), hint, named);
            }
            Kind::AllOf(..) => return self.all_of(schema, &v, at, hint, named),
            Kind::Any => self.maybe_alias(named, hint, &v, at, TypeRef::Json),
            Kind::UnknownType(other) => {
                self.diags.warn(at.join("type"), Problem::UnknownType(other.to_string()));
                self.maybe_alias(named, hint, &v, at, TypeRef::Json)
            }
        };
        Lowered { ty, nullable }
    }

    fn name_for(&mut self, named: Option<String>, hint: &Hint, at: &Location) -> String {
        if let Some(name) = named {
            return name;
        }
        if let Some(key) = &hint.rename_key
            && let Some(wanted) = self.config.rename.schemas.get(key)
        {
            self.used_keys.insert(format!("rename.schemas.{key}"));
            let wanted = camel(wanted);
            let (name, renamed) = self.type_names.claim(&wanted);
            if renamed {
                self.diags.error(
                    at.clone(),
                    Problem::NameCollision { kind: "type", name: wanted, spec_name: key.clone(), other: name.clone() },
                );
            }
            return name;
        }
        self.claim_type_name(&hint.name)
    }

    fn scalar(
        &mut self,
        ty: TypeRef,
        _format: Option<&str>,
        named: Option<String>,
        hint: &Hint,
        v: &View<'a>,
        at: &Location,
    ) -> TypeRef {
        self.maybe_alias(named, hint, v, at, ty)
    }

    /// `ty` itself, or an alias named `named` for it (component schemas always
    /// get a name of their own, so that references to them read well).
    fn maybe_alias(&mut self, named: Option<String>, hint: &Hint, v: &View<'a>, at: &Location, ty: TypeRef) -> TypeRef {
        match named {
            Some(name) => {
                self.define_alias(name.clone(), &at.pointer, docs_of(v).or_else(|| Some(hint.doc.clone())), ty);
                TypeRef::Named(name)
            }
            None => ty,
        }
    }

    fn define_alias(&mut self, name: String, origin: &str, docs: Option<String>, ty: TypeRef) {
        self.define(TypeDef {
            name,
            origin: origin.to_owned(),
            docs,
            kind: TypeKind::Alias(ty),
            in_request: false,
            in_response: false,
            serialize: false,
            deserialize: false,
            validates: false,
        });
    }

    /// A string or integer enum (`v` is a string or integer schema with `enum`).
    fn define_enum(&mut self, name: &str, v: &View<'a>, at: &Location, hint: &Hint) {
        let (scalar, integer) = match &v.kind {
            Kind::String(scalar) => (scalar, false),
            Kind::Integer(scalar) => (scalar, true),
            _ => return,
        };
        let mut scope = Scope::new();
        let mut variants = Vec::new();
        let mut seen = std::collections::BTreeSet::new();
        for value in &scalar.enumeration {
            let wire = match value {
                Value::String(wire) if !integer => wire.clone(),
                Value::Number(n) if integer && n.is_i64() => n.to_string(),
                _ => continue,
            };
            if !seen.insert(wire.clone()) {
                self.diags.warn(at.join("enum"), Problem::DuplicateEnumValue(wire.clone()));
                continue;
            }
            let wanted = match wire.strip_prefix('-') {
                _ if wire.is_empty() => "Empty".to_owned(),
                Some(digits) if integer => format!("Minus{digits}"),
                _ if integer => format!("Value{wire}"),
                _ => camel(&wire),
            };
            let wanted = if wanted == "Unknown" { "UnknownValue".to_owned() } else { wanted };
            let (variant, _) = scope.claim(&wanted);
            variants.push(Variant { name: variant, wire });
        }
        self.define(TypeDef {
            name: name.to_owned(),
            origin: at.pointer.clone(),
            docs: docs_of(v).or_else(|| Some(hint.doc.clone())),
            kind: TypeKind::Enum(Enum { variants, open: false, integer }),
            in_request: false,
            in_response: false,
            serialize: false,
            deserialize: false,
            validates: false,
        });
    }

    fn union(
        &mut self,
        schema: &'a Schema,
        members: &'a [ReferenceOr<Schema>],
        v: &View<'a>,
        at: Location,
        hint: &Hint,
        named: Option<String>,
    ) -> Lowered {
        let nullable = v.data.nullable;
        if members.len() == 1 {
            let inner = self.type_of((&members[0]).into(), &at.join("0"), hint);
            let ty = self.maybe_alias(named, hint, v, &at, inner.ty);
            return Lowered { ty, nullable: nullable || inner.nullable };
        }
        let name = self.name_for(named, hint, &at);
        let discriminator = self.discriminator(v, members, &at);
        // An open tagged union keeps unknown members as `Unknown`.
        let mut scope = if discriminator.is_some() { Scope::with_reserved(&["Unknown"]) } else { Scope::new() };
        let mut variants = Vec::new();
        let mut any_nullable = nullable;
        self.defining(schema, &name, |cx| {
            for (i, member) in members.iter().enumerate() {
                let member_at = at.join(i.to_string());
                let lowered = cx.type_of(member.into(), &member_at, &hint.child(&format!("Variant{i}")));
                any_nullable |= lowered.nullable;
                let wanted = variant_name(&lowered.ty, i);
                let (variant, _) = scope.claim(&wanted);
                let tag_value = discriminator.as_ref().and_then(|(_, values)| values.get(i).cloned());
                variants.push(UnionVariant { name: variant, tag_value, ty: lowered.ty, boxed: false });
            }
        });
        let tag = discriminator.map(|(property, _)| property);
        self.define(TypeDef {
            name: name.clone(),
            origin: at.pointer.clone(),
            docs: docs_of(v).or_else(|| Some(hint.doc.clone())),
            kind: TypeKind::Union(Union { variants, tag, open: false }),
            in_request: false,
            in_response: false,
            serialize: false,
            deserialize: false,
            validates: false,
        });
        Lowered { ty: TypeRef::Named(name), nullable: any_nullable }
    }

    /// The discriminator property of a `oneOf`/`anyOf` and each member's tag
    /// value: the mapping's key for the member's `$ref`, else the schema's
    /// name. Only when every member is a `$ref` (else a warning, and the
    /// union stays untagged).
    fn discriminator(
        &mut self,
        v: &View<'a>,
        members: &'a [ReferenceOr<Schema>],
        at: &Location,
    ) -> Option<(String, Vec<String>)> {
        let discriminator = v.data.discriminator.as_ref()?;
        let mut values = Vec::with_capacity(members.len());
        for member in members {
            let ReferenceOr::Reference { reference } = member else {
                self.diags.warn(at.clone(), Problem::DiscriminatorWithoutRefs);
                return None;
            };
            let name = reference.rsplit('/').next().unwrap_or(reference);
            let mapped = discriminator.mapping.iter().find(|(_, target)| *target == reference || *target == name);
            values.push(mapped.map_or(name, |(value, _)| value.as_str()).to_owned());
        }
        Some((discriminator.property_name.clone(), values))
    }

    /// An `allOf` (`v` is the view of `schema`, whose kind is `AllOf`).
    fn all_of(
        &mut self,
        schema: &'a Schema,
        v: &View<'a>,
        at: &Location,
        hint: &Hint,
        named: Option<String>,
    ) -> Lowered {
        let (members, extra) = match v.kind {
            Kind::AllOf(members, extra) => (members, extra),
            _ => (&[][..], None),
        };
        // Members that only annotate (`{description: …}`, `{nullable: true}`) add docs, not a type.
        let nullable = v.data.nullable || annotations(members).any(|data| data.nullable);
        let mut typed = members.iter().enumerate().filter(|(_, m)| !is_annotation(m));
        if let (Some((i, member)), None, None) = (typed.next(), typed.next(), extra) {
            // `allOf: [$ref]` is how OpenAPI 3.0 adds `nullable` or a description to a reference.
            let inner = self.type_of(member.into(), &at.join("allOf").join(i.to_string()), hint);
            let ty = self.maybe_alias(named, hint, v, at, inner.ty);
            return Lowered { ty, nullable: nullable || inner.nullable };
        }
        let objects = self.collect_all_of(schema, members, extra, at);
        let name = self.name_for(named, hint, at);
        let def = self.defining(schema, &name, |cx| cx.object_struct(&name, &hint.owner, objects, at));
        self.define(TypeDef {
            name: name.clone(),
            origin: at.pointer.clone(),
            docs: docs_of(v).or_else(|| Some(hint.doc.clone())),
            kind: TypeKind::Struct(def),
            in_request: false,
            in_response: false,
            serialize: false,
            deserialize: false,
            validates: false,
        });
        Lowered { ty: TypeRef::Named(name), nullable }
    }
}

/// The annotations of the members of an `allOf` that only annotate.
fn annotations(members: &[ReferenceOr<Schema>]) -> impl Iterator<Item = &openapiv3::SchemaData> {
    members.iter().filter(|m| is_annotation(m)).filter_map(|m| match m {
        ReferenceOr::Item(schema) => Some(&schema.schema_data),
        ReferenceOr::Reference { .. } => None,
    })
}

fn variant_name(ty: &TypeRef, index: usize) -> String {
    match ty {
        TypeRef::Named(name) => name.clone(),
        TypeRef::Bool => "Bool".into(),
        TypeRef::I32 | TypeRef::I64 => "Integer".into(),
        TypeRef::F32 | TypeRef::F64 => "Number".into(),
        TypeRef::String => "String".into(),
        TypeRef::Vec(_) => "Array".into(),
        TypeRef::Map(_) | TypeRef::JsonObject => "Object".into(),
        TypeRef::DateTime => "DateTime".into(),
        TypeRef::Date => "Date".into(),
        TypeRef::Json | TypeRef::Bytes => format!("Variant{index}"),
    }
}

/// The doc text of a schema: title and description, and those of the
/// members of its `allOf` that only annotate (`allOf: [$ref, {description}]`).
pub fn docs_of(v: &View<'_>) -> Option<String> {
    let own = join_docs(v.data.title.as_deref(), v.data.description.as_deref());
    let Kind::AllOf(members, _) = &v.kind else { return own };
    annotations(members).fold(own, |docs, data| {
        join_docs(docs.as_deref(), join_docs(data.title.as_deref(), data.description.as_deref()).as_deref())
    })
}

/// `first` and `second` as paragraphs, skipping empty ones and repeats.
pub fn join_docs(first: Option<&str>, second: Option<&str>) -> Option<String> {
    let first = first.map(str::trim).filter(|s| !s.is_empty());
    let second = second.map(str::trim).filter(|s| !s.is_empty());
    match (first, second) {
        (Some(a), Some(b)) if a == b => Some(a.to_owned()),
        (Some(a), Some(b)) => Some(format!("{a}\n\n{b}")),
        (Some(a), None) | (None, Some(a)) => Some(a.to_owned()),
        (None, None) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::part_of;

    #[test]
    fn nested_docs_say_part_of_once() {
        let cases = [
            ("The `kind` property of `Thing`.", "Part of the `kind` property of `Thing`."),
            ("Part of the `kind` property of `Thing`.", "Part of the `kind` property of `Thing`."),
            ("", "Part of another type."),
        ];
        for (doc, expected) in cases {
            assert_eq!(part_of(doc), expected);
        }
    }
}
