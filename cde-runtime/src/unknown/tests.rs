//! Unit tests of finding unknown values and numbers JSON cannot write.

use super::*;
use serde::de::Error as _;

crate::string_enum! {
    /// A colour.
    pub enum Colour {
        Red = "red",
        Green = "green",
        Blue = "blue",
    }
    unknown = Unknown
}

crate::string_enum! {
    /// A size.
    pub enum Size {
        Small = "small",
    }
    unknown = Other
}

crate::string_enum! {
    /// A `const`.
    pub enum Tag {
        Pet = "pet",
    }
    unknown = Unknown, closed
}

#[test]
fn only_closed_enums_refuse_their_unknown_values_before_sending() {
    let mut open = std::collections::BTreeMap::new();
    open.insert("colours", vec![Colour::Unknown(String::from("teal"))]);
    assert_eq!(
        super::find(&open).len(),
        1,
        "an unknown value, of an open enum"
    );
    assert!(super::check_input("body", &open).is_ok());
    let mut closed = std::collections::BTreeMap::new();
    closed.insert("tags", vec![Tag::Pet, Tag::Unknown(String::from("toy"))]);
    let err = super::check_input("body", &closed).unwrap_err();
    assert_eq!(err.name(), "body");
    assert_eq!(
        err.message(),
        "tags[1]: unknown variant `toy`, expected `pet`"
    );
    // On the wire, both are the plain string.
    assert_eq!(
        serde_json::to_value(&closed).unwrap(),
        serde_json::json!({"tags": ["pet", "toy"]})
    );
}

/// A union of two tagged branches as generated: its `Unknown` keeps a value
/// whose `kind` names neither.
#[derive(serde::Serialize)]
#[serde(untagged)]
enum Pet {
    Cat(serde_json::Value),
    #[serde(serialize_with = "crate::__private::ser::unknown_branch::<Pet, _>")]
    Unknown(serde_json::Value),
}

impl crate::__private::ser::UnknownBranch for Pet {
    const MARKER: &'static str = crate::__unknown_branch_marker!("kind", "cat", "dog");
}

#[test]
fn a_union_value_whose_tag_names_no_branch_is_found_and_sent_as_it_came() {
    let bird = serde_json::json!({"kind": "bird", "wings": 2});
    let mut body = std::collections::BTreeMap::new();
    body.insert(
        "pets",
        vec![
            Pet::Cat(serde_json::json!({"kind": "cat"})),
            Pet::Unknown(bird.clone()),
        ],
    );
    let found = super::find(&body);
    assert_eq!(found.len(), 1, "{found:?}");
    let path = [
        Step::Key("pets".into()),
        Step::Index(1),
        Step::Key("kind".into()),
    ];
    assert_eq!(found[0].path, path);
    assert_eq!(
        found[0].message(),
        "unknown variant `bird`, expected `cat` or `dog`"
    );
    // A newer server may know it: the client sends it, unchanged.
    assert!(super::check_input("body", &body).is_ok());
    assert_eq!(
        serde_json::to_value(&body).unwrap(),
        serde_json::json!({"pets": [{"kind": "cat"}, bird]})
    );
    use crate::__private::ser::UnknownBranch;
    assert!(Pet::MARKER.starts_with(BRANCH_MARKER));
}

#[test]
fn a_number_that_is_not_finite_is_refused_where_it_is() {
    // serde_json writes each of them as `null`.
    for (number, shown) in [
        (f64::NAN, "NaN"),
        (f64::INFINITY, "inf"),
        (f64::NEG_INFINITY, "-inf"),
    ] {
        assert_eq!(serde_json::to_string(&number).unwrap(), "null");
        let err = super::check_input("latitude", &number).unwrap_err();
        assert_eq!(err.name(), "latitude");
        assert_eq!(
            err.message(),
            format!("{shown} is not a finite number, and JSON has no way to send it")
        );
    }
    let mut body = std::collections::BTreeMap::new();
    body.insert("points", vec![Some(1.5_f32), None, Some(f32::NAN)]);
    let err = super::check_input("body", &body).unwrap_err();
    assert!(err.message().starts_with("points[2]: NaN "), "{err}");
    // The first in the order they are written is named ("more" sorts first).
    body.insert("more", vec![Some(f32::INFINITY)]);
    let err = super::check_input("body", &body).unwrap_err();
    assert!(err.message().starts_with("more[0]: inf "), "{err}");
    // Finite numbers, and no number, pass.
    assert!(super::check_input("body", &[0.0_f64, -2.5, f64::MAX]).is_ok());
    assert!(super::check_input("body", &Option::<f64>::None).is_ok());
}

#[test]
fn unknown_values_are_found_with_their_paths_and_the_wire_is_unchanged() {
    let mut map = std::collections::BTreeMap::new();
    map.insert("a", vec![Colour::Red, Colour::from("mauve")]);
    map.insert("b", vec![Colour::from("teal")]);
    let value = (map, Some(Size::from("huge")), Size::Small);
    assert_eq!(
        serde_json::to_string(&value).unwrap(),
        r#"[{"a":["red","mauve"],"b":["teal"]},"huge","small"]"#
    );
    let found = find(&value);
    let shown: Vec<(Vec<Step>, &str, String)> = found
        .iter()
        .map(|u| (u.path.clone(), u.value.as_str(), u.message()))
        .collect();
    let key = |k: &str| Step::Key(k.to_owned());
    assert_eq!(
        shown,
        [
            (
                vec![Step::Index(0), key("a"), Step::Index(1)],
                "mauve",
                String::from("unknown variant `mauve`, expected one of `red`, `green`, `blue`")
            ),
            (
                vec![Step::Index(0), key("b"), Step::Index(0)],
                "teal",
                String::from("unknown variant `teal`, expected one of `red`, `green`, `blue`")
            ),
            (
                vec![Step::Index(1)],
                "huge",
                String::from("unknown variant `huge`, expected `small`")
            ),
        ]
    );
    assert!(any(&value));
    assert!(!any(&(Colour::Red, Size::Small)));
}

#[test]
fn a_union_branch_holds_all_only_where_its_enum_knows_the_value() {
    let original = serde_json::json!("green");
    let as_size: Size = serde_json::from_value(original.clone()).unwrap();
    let as_colour: Colour = serde_json::from_value(original.clone()).unwrap();
    assert_eq!(as_size, Size::Other(String::from("green")));
    assert!(!crate::__private::de::holds_all(&as_size, &original));
    assert!(crate::__private::de::holds_all(&as_colour, &original));
}

#[test]
fn messages_read_as_serde_writes_them() {
    let lists: [&'static [&'static str]; 4] = [&[], &["a"], &["a", "b"], &["a", "b", "c"]];
    for known in lists {
        let ours = UnknownValue {
            path: Vec::new(),
            value: String::from("x"),
            known: known.to_vec(),
            closed: false,
        }
        .message();
        let serde = serde_json::Error::unknown_variant("x", known).to_string();
        assert_eq!(ours, serde);
    }
}

/// An `anyOf` as generated: its present branches written through
/// `encode_branch` and `serialize_branches`.
struct AnyOf<T>(Vec<T>);

impl<T: Serialize> Serialize for AnyOf<T> {
    fn serialize<S: ser::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use crate::__private::de::{encode_branch, serialize_branches};
        let mut branches = Vec::new();
        for branch in &self.0 {
            branches.push(encode_branch::<_, S::Error>(branch)?);
        }
        serialize_branches(branches, serializer, "AnyOf")
    }
}

#[test]
fn unknown_values_inside_an_any_of_are_found_where_they_are_written() {
    let toy = || vec![Tag::Pet, Tag::Unknown(String::from("toy"))];
    let branch = |key, tags| std::collections::BTreeMap::from([(key, tags)]);
    // One branch, and several merged: each unknown value is found where the
    // written value has it, and refused as the closed enum's.
    let one = AnyOf(vec![branch("a", toy())]);
    let err = super::check_input("body", &one).unwrap_err();
    assert_eq!(err.message(), "a[1]: unknown variant `toy`, expected `pet`");
    let merged = AnyOf(vec![
        branch("a", vec![Tag::Pet]),
        branch("b", toy()),
        // A member an earlier branch wrote: this branch's value of it is not
        // written, so its unknown value is not there to find.
        branch("a", toy()),
    ]);
    let found: Vec<String> = super::find(&merged)
        .iter()
        .map(UnknownValue::located_message)
        .collect();
    assert_eq!(found, ["b[1]: unknown variant `toy`, expected `pet`"]);
    // On the wire, it is the plain JSON.
    assert_eq!(
        serde_json::to_value(&merged).unwrap(),
        serde_json::json!({"a": ["pet"], "b": ["pet", "toy"]})
    );
    assert_eq!(
        serde_json::to_string(&one).unwrap(),
        r#"{"a":["pet","toy"]}"#
    );
}

#[test]
fn a_number_that_is_not_finite_inside_an_any_of_is_refused_where_it_is() {
    let branch = |key, numbers| std::collections::BTreeMap::from([(key, numbers)]);
    let merged = AnyOf(vec![
        branch("a", vec![1.0]),
        branch("b", vec![2.0, f64::NAN]),
    ]);
    let mut outer = std::collections::BTreeMap::new();
    outer.insert("points", vec![merged]);
    let err = super::check_input("body", &outer).unwrap_err();
    assert_eq!(
        err.message(),
        "points[0].b[1]: NaN is not a finite number, and JSON has no way to send it"
    );
    assert_eq!(
        super::check_finite(&outer).unwrap_err(),
        "points[0].b[1]: NaN is not a finite number, and JSON has no way to send it"
    );
}
