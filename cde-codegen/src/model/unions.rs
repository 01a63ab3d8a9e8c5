//! Unions: `oneOf` and `anyOf` branches into a union or an `anyOf` struct of the
//! type table, told apart by a `discriminator`, by the `const` each branch gives
//! one property, by the JSON token (3.1 type lists), or by trial.

use std::collections::HashSet;

use crate::doc::Value;

use super::Context;
use super::types::Types;
use crate::diag::join;
use crate::ir::*;
use crate::names::{Scope, branch_constructor, field_name, type_name};
use crate::spec::schema::{Discriminator, Schema};

impl<'a> Types<'a> {
    /// The type of `oneOf`/`anyOf` branches. With `every` (an `anyOf` without
    /// `discriminator`), a [`TypeKind::AnyOf`] whose fields are named after the
    /// branches; [`settle_any_of`](super::cycles::settle_any_of) turns it into a [`TypeKind::Union`] once every
    /// type is known, if no two branches can match the same value.
    pub(super) fn union(
        &mut self,
        cx: &mut Context<'a, '_>,
        branches: &'a [Value],
        discriminator: Option<Discriminator<'a>>,
        every: bool,
        pointer: &str,
        hint: &str,
    ) -> TypeKind {
        let mut scope = if every {
            Scope::values()
        } else {
            Scope::types()
        };
        let mut variants = Vec::new();
        let by_const = match discriminator {
            None if !every => self.const_tags(cx, branches, pointer),
            _ => None,
        };
        let property = discriminator.and_then(Discriminator::property_name);
        let mapping = discriminator.and_then(Discriminator::mapping);
        let default_mapping = discriminator.and_then(Discriminator::default_mapping);
        let mut fallback_taken = false;
        let by_token = !every && discriminator.is_none() && cx.type_lists.contains(pointer);
        let mut taken: HashSet<String> = HashSet::default();
        for (index, branch) in branches.iter().enumerate() {
            // The values naming this branch: the mapping's entries for its `$ref`,
            // else the referenced schema's name.
            let by_const = by_const
                .as_ref()
                .map(|(property, values)| (property.clone(), vec![values[index].clone()]));
            let tag = by_const.or_else(|| {
                property.and_then(|property| {
                    let reference = Schema::new(branch).reference_text()?;
                    let mut values: Vec<String> = mapping
                        .map(|m| {
                            m.iter()
                                .filter(|(_, target)| {
                                    target.as_str().is_some_and(|t| {
                                        t == reference || reference.ends_with(&format!("/{t}"))
                                    })
                                })
                                .map(|(value, _)| value.to_owned())
                                .collect()
                        })
                        .unwrap_or_default();
                    if values.is_empty() {
                        values.push(reference.rsplit('/').next()?.to_owned());
                    }
                    // A value already taken by an earlier branch stays with it.
                    values.retain(|v| taken.insert(v.clone()));
                    let values: Vec<TagValue> = values.into_iter().map(TagValue::String).collect();
                    Some((property.to_owned(), values)).filter(|(_, v)| !v.is_empty())
                })
            });
            let reference = Schema::new(branch).reference_text();
            let fallback = !fallback_taken
                && property.is_some()
                && reference
                    .zip(default_mapping)
                    .is_some_and(|(reference, target)| {
                        target == reference || reference.ends_with(&format!("/{target}"))
                    });
            fallback_taken |= fallback;
            // Normalization gave each branch of a type list one `type`.
            let token = by_token.then(|| token_of(branch)).flatten();
            let at = join(pointer, &index.to_string());
            // A type list's branches are named after their type.
            let word = token
                .and_then(|_| branch.get("type")?.as_str())
                .map(type_name);
            let ty = match &word {
                Some(word) => self.schema(cx, branch, &at, &format!("{hint}{word}")),
                None => self.schema(cx, branch, &at, &format!("{hint}Variant{index}")),
            };
            let base = if let Some(word) = word {
                word
            } else if every {
                field_name(&self.branch_label(branch, &ty, &at, index))
            } else {
                variant_base(&self.defs, &ty)
            };
            let rust_name = scope.claim(&base);
            variants.push(UnionVariant {
                from: false,
                constructor: every.then(|| branch_constructor(&rust_name)),
                rust_name,
                ty,
                boxed: false,
                index,
                tag,
                token,
                fallback,
            });
        }
        if let Some(target) = default_mapping.filter(|_| !fallback_taken) {
            cx.sink.note(format!(
                "The `discriminator.defaultMapping` of `{pointer}` names `{target}`, which is none of its branches: a value without a known tag is decoded as the first branch that holds it."
            ));
        }
        if every {
            return TypeKind::AnyOf(variants);
        }
        // A value whose tag names no branch is kept whole, so that a branch a
        // newer server adds breaks no decoding. Not where a `defaultMapping`
        // decides what such values are (see the note above), nor where some
        // branch is untagged (the value may be that branch's), nor for a
        // boolean tag (no value is left to add).
        let tagged = !variants.is_empty()
            && variants.iter().all(|v| {
                v.tag.as_ref().is_some_and(|(_, values)| {
                    values.iter().all(|t| !matches!(t, TagValue::Boolean(_)))
                })
            });
        let unknown = (tagged && default_mapping.is_none()).then(|| scope.claim("Unknown"));
        TypeKind::Union { variants, unknown }
    }

    /// The property that tells a `oneOf`'s branches apart by a `const` (string,
    /// integer or boolean) each branch gives it (`kind: {const: dog}` in one,
    /// `kind: {const: cat}` in the next), with each branch's value: a
    /// discriminator the document does not declare. `None` unless every branch
    /// has one, all distinct.
    fn const_tags(
        &mut self,
        cx: &mut Context<'a, '_>,
        branches: &'a [Value],
        pointer: &str,
    ) -> Option<(String, Vec<TagValue>)> {
        let mut objects = Vec::with_capacity(branches.len());
        for (index, branch) in branches.iter().enumerate() {
            let at = join(pointer, &index.to_string());
            let (branch, _) = cx.deref(branch, &at)?;
            objects.push(Schema::new(branch).properties()?.as_object()?);
        }
        let first = objects.first()?;
        first.keys().find_map(|property| {
            let values: Vec<TagValue> = objects
                .iter()
                .map(|members| {
                    let member = members.get(property)?;
                    match Schema::new(member).const_value()? {
                        Value::String(s) => Some(TagValue::String(s.clone())),
                        Value::Bool(b) => Some(TagValue::Boolean(*b)),
                        Value::Number(n) => n.as_i64().map(TagValue::Integer),
                        _ => None,
                    }
                })
                .collect::<Option<_>>()?;
            let distinct = values
                .iter()
                .enumerate()
                .all(|(i, v)| !values[..i].contains(v));
            distinct.then(|| (property.clone(), values))
        })
    }

    /// What an `anyOf` field is named after: the branch's `title`, else the name of
    /// the type it refers to, else its kind of value (`integer`), else its position
    /// (`variant1`, for an inline object, enum or constrained string).
    pub(super) fn branch_label(&self, branch: &Value, ty: &Ty, at: &str, index: usize) -> String {
        if let Some(title) = Schema::new(branch).title().filter(|t| !t.trim().is_empty()) {
            return title.to_owned();
        }
        match ty.strip_nullable().0 {
            Ty::Named(i) if self.defs[i.index()].pointer != at => {
                self.defs[i.index()].name.to_string()
            }
            Ty::Named(_) => format!("variant{index}"),
            other => kind_word(other).to_owned(),
        }
    }
}

pub(super) fn kind_word(ty: &Ty) -> &'static str {
    match ty {
        Ty::String => "String",
        Ty::Bool => "Boolean",
        Ty::I32 | Ty::I64 => "Integer",
        Ty::F32 | Ty::F64 => "Number",
        Ty::Uuid => "Uuid",
        Ty::DateTime => "DateTime",
        Ty::Date => "Date",
        Ty::Binary => "Binary",
        Ty::Secret => "Secret",
        Ty::Base64 { .. } => "Bytes",
        Ty::Tuple { .. } => "Tuple",
        Ty::Any => "Value",
        Ty::Array(_) => "Array",
        Ty::Map(_) => "Object",
        Ty::Nullable(inner) => kind_word(inner),
        Ty::Named(_) => "Named",
        Ty::Unit => "Empty",
        Ty::Null => "Null",
    }
}

/// The enum variant name of a union branch of type `ty`.
pub(super) fn variant_base(types: &[TypeDef], ty: &Ty) -> String {
    match ty {
        Ty::Named(i) => types[i.index()].name.to_string(),
        other => kind_word(other).to_owned(),
    }
}

/// An `enum` without a `type` whose values are JSON scalars of several kinds
/// (`[true, false, 0, 1]`): a union with a variant per kind (`Boolean`,
/// `Integer` or `Number`, `String`), chosen by the JSON token; `null` among
/// them is left to `nullable`. `None` for values of one kind, or when one is an
/// array or an object.
pub(super) fn scalar_union(values: &[Value]) -> Option<TypeKind> {
    let mut kinds: Vec<(Token, Ty, usize)> = Vec::new();
    for (index, value) in values.iter().enumerate() {
        let (token, ty) = match value {
            Value::Null => continue,
            Value::Bool(_) => (Token::Boolean, Ty::Bool),
            Value::Number(n) if n.is_i64() => (Token::Number, Ty::I64),
            Value::Number(_) => (Token::Number, Ty::F64),
            Value::String(_) => (Token::String, Ty::String),
            Value::Array(_) | Value::Object(_) => return None,
        };
        match kinds.iter_mut().find(|(known, ..)| *known == token) {
            // Integers beside fractions are numbers.
            Some((_, known, _)) if *known != ty => *known = Ty::F64,
            Some(_) => {}
            None => kinds.push((token, ty, index)),
        }
    }
    (kinds.len() > 1).then(|| TypeKind::Union {
        variants: kinds
            .into_iter()
            .map(|(token, ty, index)| UnionVariant {
                rust_name: kind_word(&ty).to_owned(),
                ty,
                boxed: false,
                index,
                tag: None,
                token: Some(token),
                fallback: false,
                from: false,
                constructor: None,
            })
            .collect(),
        unknown: None,
    })
}

/// The JSON token a schema of one `type` takes, if it has one.
fn token_of(branch: &Value) -> Option<Token> {
    Some(match branch.get("type")?.as_str()? {
        "string" => Token::String,
        "integer" | "number" => Token::Number,
        "boolean" => Token::Boolean,
        "array" => Token::Array,
        "object" => Token::Object,
        _ => return None,
    })
}
