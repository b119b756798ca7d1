//! Resolving `$ref`s to components.

use openapiv3::{Parameter, ReferenceOr, RequestBody, Response, Schema};

use super::Ctx;
use crate::diag::{Location, Problem};

/// The component name that a local `$ref` of `kind` names, decoded.
pub fn component_name<'r>(reference: &'r str, kind: &str) -> Result<std::borrow::Cow<'r, str>, Problem> {
    let Some(fragment) = reference.strip_prefix('#') else {
        return Err(Problem::UnsupportedRef(reference.to_owned(), "only references inside the same document are"));
    };
    let prefix = format!("/components/{kind}/");
    let Some(name) = fragment.strip_prefix(prefix.as_str()) else {
        return Err(Problem::UnsupportedRef(
            reference.to_owned(),
            "it must point at a component of the kind expected here",
        ));
    };
    if name.contains('/') {
        return Err(Problem::UnsupportedRef(reference.to_owned(), "references into a component are not"));
    }
    Ok(crate::pointer::decode_ref_segment(name))
}

impl<'a> Ctx<'a> {
    /// Follows `$ref`s of `kind` from `item` to the object, returning it and
    /// where it is. Problems are recorded at `at` and give `None`.
    fn follow<T>(
        &mut self,
        mut item: &'a ReferenceOr<T>,
        mut at: Location,
        kind: &str,
        lookup: fn(&'a openapiv3::Components) -> &'a indexmap::IndexMap<String, ReferenceOr<T>>,
    ) -> Option<(&'a T, Location)> {
        // Each hop adds a component not seen before, so this ends.
        let mut seen: Vec<String> = Vec::new();
        loop {
            let reference = match item {
                ReferenceOr::Item(value) => return Some((value, at)),
                ReferenceOr::Reference { reference } => reference,
            };
            let name = match component_name(reference, kind) {
                Ok(name) => name,
                Err(problem) => {
                    self.diags.error(at.join("$ref"), problem);
                    return None;
                }
            };
            if let Some(start) = seen.iter().position(|s| *s == name) {
                self.ref_cycle(kind, &seen[start..]);
                return None;
            }
            seen.push(name.clone().into_owned());
            let found = self.doc.components.as_ref().and_then(|c| lookup(c).get(name.as_ref()));
            let Some(found) = found else {
                self.diags.error(at.join("$ref"), Problem::DanglingRef(reference.clone()));
                return None;
            };
            at = self.root.join("components").join(kind).join(name.as_ref());
            item = found;
        }
    }

    /// Reports a loop of `$ref`s through the components `members` of `kind`,
    /// once, at the member that sorts first (so every way into the loop
    /// reports the same error).
    fn ref_cycle(&mut self, kind: &str, members: &[String]) {
        let Some(first) = members.iter().min() else { return };
        let at = self.root.join("components").join(kind).join(first);
        let problem = Problem::RefCycle(at.pointer.clone());
        if !self.diags.errors().any(|d| d.location == at && d.problem == problem) {
            self.diags.error(at, problem);
        }
    }

    /// A parameter, with `$ref`s followed.
    pub(super) fn parameter(
        &mut self,
        item: &'a ReferenceOr<Parameter>,
        at: Location,
    ) -> Option<(&'a Parameter, Location)> {
        self.follow(item, at, "parameters", |c| &c.parameters)
    }

    /// A request body, with `$ref`s followed.
    pub(super) fn request_body(
        &mut self,
        item: &'a ReferenceOr<RequestBody>,
        at: Location,
    ) -> Option<(&'a RequestBody, Location)> {
        self.follow(item, at, "requestBodies", |c| &c.request_bodies)
    }

    /// A response, with `$ref`s followed.
    pub(super) fn response(
        &mut self,
        item: &'a ReferenceOr<Response>,
        at: Location,
    ) -> Option<(&'a Response, Location)> {
        self.follow(item, at, "responses", |c| &c.responses)
    }

    /// The component schema a schema `$ref` names: its name and schema.
    pub(super) fn schema_target(
        &mut self,
        reference: &str,
        at: &Location,
    ) -> Option<(&'a str, &'a ReferenceOr<openapiv3::Schema>)> {
        let name = match component_name(reference, "schemas") {
            Ok(name) => name,
            Err(problem) => {
                self.diags.error(at.join("$ref"), problem);
                return None;
            }
        };
        let found = self.doc.components.as_ref().and_then(|c| c.schemas.get_key_value(name.as_ref()));
        match found {
            Some((key, schema)) => Some((key.as_str(), schema)),
            None => {
                self.diags.error(at.join("$ref"), Problem::DanglingRef(reference.to_owned()));
                None
            }
        }
    }

    /// A schema with `$ref`s followed to the component that defines it:
    /// the schema, its location, and the component name when there was one.
    /// A described reference ([`super::view::described_ref`]) is followed
    /// like the `$ref` it wraps, since it checks what its target checks.
    pub(super) fn resolve_schema(
        &mut self,
        item: super::types::SchemaRef<'a>,
        at: &Location,
    ) -> Option<(&'a openapiv3::Schema, Location, Option<&'a str>)> {
        self.follow_schema(item, at, true)
    }

    /// The first schema that `item` leads to through `$ref`s, described
    /// references included: the one whose description documents a use of
    /// `item`.
    pub(super) fn described_schema(&mut self, item: super::types::SchemaRef<'a>, at: &Location) -> Option<&'a Schema> {
        self.follow_schema(item, at, false).map(|(schema, _, _)| schema)
    }

    /// Follows `$ref`s from `item`, and with `through_descriptions` the
    /// references that described references wrap, reporting dangling ends
    /// and loops.
    fn follow_schema(
        &mut self,
        item: super::types::SchemaRef<'a>,
        at: &Location,
        through_descriptions: bool,
    ) -> Option<(&'a Schema, Location, Option<&'a str>)> {
        use super::types::SchemaRef;
        let mut current = item;
        let mut at = at.clone();
        let mut name = None;
        let mut seen: Vec<&'a str> = Vec::new();
        loop {
            match current {
                SchemaRef::Item(schema) => match super::view::described_ref(schema).filter(|_| through_descriptions) {
                    Some((i, reference)) => {
                        at = at.join("allOf").join(i.to_string());
                        current = SchemaRef::Ref(reference);
                    }
                    None => return Some((schema, at, name)),
                },
                SchemaRef::Ref(reference) => {
                    let (target, schema) = self.schema_target(reference, &at)?;
                    if let Some(start) = seen.iter().position(|s| *s == target) {
                        let members: Vec<String> = seen[start..].iter().map(|s| (*s).to_owned()).collect();
                        self.ref_cycle("schemas", &members);
                        return None;
                    }
                    seen.push(target);
                    at = self.root.join("components").join("schemas").join(target);
                    name = Some(target);
                    current = schema.into();
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn component_names_are_decoded() {
        assert_eq!(component_name("#/components/schemas/Foo", "schemas").unwrap(), "Foo");
        assert_eq!(component_name("#/components/schemas/a~1b~0c", "schemas").unwrap(), "a/b~c");
        assert_eq!(component_name("#/components/schemas/Foo%20Bar", "schemas").unwrap(), "Foo Bar");
        assert!(component_name("other.yaml#/components/schemas/Foo", "schemas").is_err());
        assert!(component_name("#/components/parameters/Foo", "schemas").is_err());
        assert!(component_name("#/components/schemas/Foo/properties/x", "schemas").is_err());
    }
}
