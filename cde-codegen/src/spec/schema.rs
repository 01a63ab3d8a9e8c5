//! A typed, borrowed view of a Schema Object: the JSON Schema vocabulary the
//! generator reads, each keyword read here and nowhere else.

use crate::doc::{Map, Value};

/// A Schema Object, or a Reference Object in a schema's place, as written.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Schema<'a>(&'a Value);

/// A schema's `discriminator`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Discriminator<'a>(&'a Value);

/// The keywords a schema beside `properties` may carry in its `oneOf`/`anyOf`
/// branches and still only constrain the members (see [`Schema::only_constrains`]),
/// with whether a value of that keyword keeps it a constraint.
fn constrains_only(key: &str, value: &Value, declared: &Map) -> bool {
    match key {
        "required" => value
            .as_array()
            .is_some_and(|names| names.iter().all(Value::is_string)),
        "properties" => value
            .as_object()
            .is_some_and(|members| members.keys().all(|name| declared.contains_key(name))),
        "type" => value.as_str() == Some("object"),
        "additionalProperties" => value.as_bool() == Some(true),
        "title" | "description" | "minProperties" | "maxProperties" | "example" => true,
        _ => super::vocab::is_extension(key),
    }
}

impl<'a> Schema<'a> {
    /// The view of a schema node.
    pub fn new(node: &'a Value) -> Self {
        Self(node)
    }

    /// The node itself.
    pub fn node(self) -> &'a Value {
        self.0
    }

    /// The schema as an object, if it is one (`true` is a schema too, and
    /// anything else is not).
    pub fn object(self) -> Option<&'a Map> {
        self.0.as_object()
    }

    fn get(self, key: &str) -> Option<&'a Value> {
        self.0.get(key)
    }

    fn str(self, key: &str) -> Option<&'a str> {
        self.get(key).and_then(Value::as_str)
    }

    fn array(self, key: &str) -> Option<&'a [Value]> {
        self.get(key).and_then(Value::as_array).map(Vec::as_slice)
    }

    fn flag(self, key: &str) -> bool {
        self.get(key) == Some(&Value::Bool(true))
    }

    /// `$ref`, as written (a Reference Object).
    pub fn reference(self) -> Option<&'a Value> {
        self.get("$ref")
    }

    /// `$ref`, when it is a string.
    pub fn reference_text(self) -> Option<&'a str> {
        self.str("$ref")
    }

    /// `title`.
    pub fn title(self) -> Option<&'a str> {
        self.str("title")
    }

    /// `description`.
    pub fn description(self) -> Option<&'a str> {
        self.str("description")
    }

    /// `nullable: true` (OpenAPI 3.0).
    pub fn nullable(self) -> bool {
        self.flag("nullable")
    }

    /// `type`, as written (a string in 3.0; anything else is an error there).
    pub fn type_value(self) -> Option<&'a Value> {
        self.get("type")
    }

    /// `type`, when it is a string.
    pub fn type_name(self) -> Option<&'a str> {
        self.str("type")
    }

    /// `type`, when it is a string, as one of the six 3.0 types (or `Other`).
    pub fn schema_type(self) -> Option<SchemaType<'a>> {
        self.type_name().map(SchemaType::parse)
    }

    /// `format`, as one of the formats that choose a Rust type.
    pub fn format(self) -> Option<Format> {
        Format::parse(self.str("format")?)
    }

    /// `const`, as written.
    pub fn const_value(self) -> Option<&'a Value> {
        self.get("const")
    }

    /// `enum`, when it is a list.
    pub fn enum_values(self) -> Option<&'a [Value]> {
        self.array("enum")
    }

    /// `properties`, as written.
    pub fn properties(self) -> Option<&'a Value> {
        self.get("properties")
    }

    /// Whether the schema has `properties` at all.
    pub fn has_properties(self) -> bool {
        self.get("properties").is_some()
    }

    /// Whether `required` lists `name`.
    pub fn requires(self, name: &str) -> bool {
        self.array("required")
            .is_some_and(|list| list.iter().any(|r| r.as_str() == Some(name)))
    }

    /// `items`.
    pub fn items(self) -> Option<&'a Value> {
        self.get("items")
    }

    /// `prefixItems` (JSON Schema 2020-12), when it is a list of at least one
    /// schema: a tuple's members.
    pub fn prefix_items(self) -> Option<&'a [Value]> {
        self.array("prefixItems")
            .filter(|prefix| !prefix.is_empty())
    }

    /// `maxItems`.
    pub fn max_items(self) -> Option<u64> {
        self.get("maxItems").and_then(Value::as_u64)
    }

    /// `contentEncoding` (JSON Schema 2020-12), when it names a base64 encoding
    /// the generated types carry as bytes: `Some(false)` for `base64`,
    /// `Some(true)` for `base64url`.
    pub fn base64(self) -> Option<bool> {
        match self.str("contentEncoding")? {
            "base64" => Some(false),
            "base64url" => Some(true),
            _ => None,
        }
    }

    /// `additionalProperties`, as written (`true`, `false` or a schema).
    pub fn additional_properties(self) -> Option<&'a Value> {
        self.get("additionalProperties")
    }

    /// `allOf`, when it is a list.
    pub fn all_of(self) -> Option<&'a [Value]> {
        self.array("allOf")
    }

    /// `oneOf` (`any_of` false) or `anyOf` (true), when it is a list, with the
    /// keyword's name.
    pub fn branches(self, any_of: bool) -> Option<(&'static str, &'a [Value])> {
        let key = if any_of { "anyOf" } else { "oneOf" };
        self.array(key).map(|branches| (key, branches))
    }

    /// Whether `not` is present.
    pub fn has_not(self) -> bool {
        self.get("not").is_some()
    }

    /// `discriminator`.
    pub fn discriminator(self) -> Option<Discriminator<'a>> {
        self.get("discriminator").map(Discriminator)
    }

    /// `pattern`, when it is a string.
    pub fn pattern(self) -> Option<&'a str> {
        self.str("pattern")
    }

    /// Whether `pattern` is present (whatever its value).
    pub fn has_pattern(self) -> bool {
        self.get("pattern").is_some()
    }

    /// `minLength`.
    pub fn min_length(self) -> Option<u64> {
        self.get("minLength").and_then(Value::as_u64)
    }

    /// `maxLength`.
    pub fn max_length(self) -> Option<u64> {
        self.get("maxLength").and_then(Value::as_u64)
    }

    /// `minimum`.
    pub fn minimum(self) -> Option<f64> {
        self.get("minimum").and_then(Value::as_f64)
    }

    /// `maximum`.
    pub fn maximum(self) -> Option<f64> {
        self.get("maximum").and_then(Value::as_f64)
    }

    /// `exclusiveMinimum: true` (OpenAPI 3.0's boolean form).
    pub fn exclusive_minimum(self) -> bool {
        self.flag("exclusiveMinimum")
    }

    /// `exclusiveMaximum: true` (OpenAPI 3.0's boolean form).
    pub fn exclusive_maximum(self) -> bool {
        self.flag("exclusiveMaximum")
    }

    /// `multipleOf`.
    pub fn multiple_of(self) -> Option<f64> {
        self.get("multipleOf").and_then(Value::as_f64)
    }

    /// `default`.
    pub fn default(self) -> Option<&'a Value> {
        self.get("default")
    }

    /// `example`.
    pub fn example(self) -> Option<&'a Value> {
        self.get("example")
    }

    /// Whether the `oneOf`/`anyOf` `branches` of this object schema with
    /// `properties` only constrain its members (which are required, which values
    /// the declared ones take) instead of describing shapes of their own: GitHub's
    /// `anyOf: [{required: [state]}, {required: [assignees]}]` beside the
    /// properties `state` and `assignees`.
    pub fn only_constrains(self, branches: &[Value]) -> bool {
        let Some(declared) = self.properties().and_then(Value::as_object) else {
            return false;
        };
        branches.iter().all(|branch| {
            branch.as_object().is_some_and(|branch| {
                branch
                    .iter()
                    .all(|(key, value)| constrains_only(key, value, declared))
            })
        })
    }
}

impl<'a> Discriminator<'a> {
    /// `propertyName`.
    pub fn property_name(self) -> Option<&'a str> {
        self.0.get("propertyName").and_then(Value::as_str)
    }

    /// `mapping`, when it is an object: tag value to `$ref` text.
    pub fn mapping(self) -> Option<&'a Map> {
        self.0.get("mapping").and_then(Value::as_object)
    }

    /// `defaultMapping` (3.2): the schema (a name or `$ref` text) a value whose
    /// property is absent, or names no branch, is read as.
    pub fn default_mapping(self) -> Option<&'a str> {
        self.0.get("defaultMapping").and_then(Value::as_str)
    }
}

/// A Schema Object's `type` (in 3.0, one string).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SchemaType<'a> {
    /// `string`.
    String,
    /// `integer`.
    Integer,
    /// `number`.
    Number,
    /// `boolean`.
    Boolean,
    /// `array`.
    Array,
    /// `object`.
    Object,
    /// Anything else, as written.
    Other(&'a str),
}

impl<'a> SchemaType<'a> {
    /// The type `text` names.
    pub fn parse(text: &'a str) -> Self {
        match text {
            "string" => SchemaType::String,
            "integer" => SchemaType::Integer,
            "number" => SchemaType::Number,
            "boolean" => SchemaType::Boolean,
            "array" => SchemaType::Array,
            "object" => SchemaType::Object,
            other => SchemaType::Other(other),
        }
    }
}

/// A `format` that chooses a Rust type (others are documentation only).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    /// `uuid`.
    Uuid,
    /// `date-time`.
    DateTime,
    /// `date`.
    Date,
    /// `binary`.
    Binary,
    /// `int32`.
    Int32,
    /// `float`.
    Float,
    /// `password`.
    Password,
}

impl Format {
    /// The format `text` names, if it chooses a type.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "uuid" => Some(Format::Uuid),
            "date-time" => Some(Format::DateTime),
            "date" => Some(Format::Date),
            "binary" => Some(Format::Binary),
            "int32" => Some(Format::Int32),
            "float" => Some(Format::Float),
            "password" => Some(Format::Password),
            _ => None,
        }
    }
}
