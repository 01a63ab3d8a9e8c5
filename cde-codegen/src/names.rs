//! Names: the one place identifiers are made, and per-scope uniqueness.

use std::collections::HashSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

use crate::ir::Name;

/// Keywords that cannot be raw identifiers; they get a trailing `_`.
fn not_raw(name: &str) -> bool {
    matches!(name, "self" | "Self" | "super" | "crate" | "_")
}

/// Strict and reserved keywords of every edition up to 2024.
fn keyword(name: &str) -> bool {
    matches!(
        name,
        "as" | "async"
            | "await"
            | "break"
            | "const"
            | "continue"
            | "dyn"
            | "else"
            | "enum"
            | "extern"
            | "false"
            | "fn"
            | "for"
            | "if"
            | "impl"
            | "in"
            | "let"
            | "loop"
            | "match"
            | "mod"
            | "move"
            | "mut"
            | "pub"
            | "ref"
            | "return"
            | "static"
            | "struct"
            | "trait"
            | "true"
            | "try"
            | "type"
            | "unsafe"
            | "use"
            | "where"
            | "while"
            | "abstract"
            | "become"
            | "box"
            | "do"
            | "final"
            | "gen"
            | "macro"
            | "override"
            | "priv"
            | "typeof"
            | "unsized"
            | "virtual"
            | "yield"
    )
}

/// Makes an identifier from any string, never panicking: characters that cannot be
/// in an identifier are dropped, a leading digit gets a prefix, keywords become raw
/// identifiers (`r#type`) or get a trailing `_` (`self_`). Returns the
/// identifier's source text.
pub fn ident(name: &str) -> String {
    let clean = sanitize(name, "_");
    if not_raw(&clean) {
        format!("{clean}_")
    } else if keyword(&clean) {
        format!("r#{clean}")
    } else {
        clean
    }
}

/// The constructor of an `anyOf` struct's branch whose field is `field`:
/// `from_<field>` (a raw identifier's `r#` left out).
pub fn branch_constructor(field: &str) -> Name {
    let plain = ident(field);
    format!("from_{}", plain.strip_prefix("r#").unwrap_or(&plain))
}

/// Whether `name` is already an identifier's text: ASCII letters, digits and `_`,
/// not starting with a digit and not only underscores.
fn is_plain(name: &str) -> bool {
    name.starts_with(|c: char| !c.is_ascii_digit())
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        && name.bytes().any(|b| b != b'_')
}

/// Keeps ASCII letters, digits and `_`; an empty result becomes `value`, a leading
/// digit gets `digit_prefix`.
fn sanitize(name: &str, digit_prefix: &str) -> String {
    if is_plain(name) {
        // Already an identifier: most names are, and every identifier the
        // emitters write passes through here. With the string literals' runs
        // (`code::lit_str`) this took the unoptimized generator from 0.64 s to
        // 0.50 s on Kubernetes' spec (`bench/run`), near its 5% target.
        return name.to_owned();
    }
    let mut out: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    if out.is_empty() || out.chars().all(|c| c == '_') && out.len() > 1 {
        out = String::from("value");
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert_str(0, digit_prefix);
    }
    out
}

/// Readable words for symbols that would otherwise vanish from a name.
fn spell_symbols(raw: &str) -> String {
    let mut out = String::new();
    for c in raw.chars() {
        let word = match c {
            '+' => " plus ",
            '-' if out.trim().is_empty() => " minus ",
            '<' => " lt ",
            '>' => " gt ",
            '=' => " eq ",
            '!' => " not ",
            '*' => " star ",
            '@' => " at ",
            '.' if out.trim().is_empty() => " dot ",
            _ => "",
        };
        if word.is_empty() {
            out.push(c);
        } else {
            out.push_str(word);
        }
    }
    out
}

/// The words of a name that is ASCII letters and digits separated by `_`, `-`,
/// `/`, `.` or spaces and that starts with a letter (most names in real specs:
/// `connector-version`, `listCoreV1Pod`, `repos/get-content`), split the way the
/// case library splits them (property-tested against it); `None` for any other
/// name, which the library converts.
fn ascii_words<'r>(raw: &'r str, mut word: impl FnMut(&'r str)) -> bool {
    let bytes = raw.as_bytes();
    let simple = bytes.first().is_some_and(u8::is_ascii_alphabetic)
        && bytes
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'/' | b'.' | b' '));
    if !simple {
        return false;
    }
    #[derive(Clone, Copy, PartialEq)]
    enum Mode {
        Boundary,
        Lower,
        Upper,
    }
    for part in raw.split(|c: char| !c.is_ascii_alphanumeric()) {
        let p = part.as_bytes();
        let (mut start, mut mode) = (0, Mode::Boundary);
        for i in 0..p.len() {
            let c = p[i];
            let Some(&next) = p.get(i + 1) else {
                word(&part[start..]);
                break;
            };
            let next_mode = if c.is_ascii_lowercase() {
                Mode::Lower
            } else if c.is_ascii_uppercase() {
                Mode::Upper
            } else {
                mode
            };
            if next_mode == Mode::Lower && next.is_ascii_uppercase() {
                // `aB`: a word ends after the lowercase letter.
                word(&part[start..=i]);
                start = i + 1;
                mode = Mode::Boundary;
            } else if mode == Mode::Upper && c.is_ascii_uppercase() && next.is_ascii_lowercase() {
                // `ABc`: a word ends before the last capital.
                word(&part[start..i]);
                start = i;
                mode = Mode::Boundary;
            } else {
                mode = next_mode;
            }
        }
    }
    true
}

/// A type name in UpperCamelCase (`connector-version` → `ConnectorVersion`).
pub fn type_name(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let simple = ascii_words(raw, |word| {
        let mut bytes = word.bytes();
        if let Some(first) = bytes.next() {
            out.push(char::from(first.to_ascii_uppercase()));
        }
        out.extend(bytes.map(|b| char::from(b.to_ascii_lowercase())));
    });
    if simple {
        return if out == "Self" {
            String::from("Self_")
        } else {
            out
        };
    }
    let camel = spell_symbols(raw).to_upper_camel_case();
    let clean = sanitize(&camel, "N");
    if clean == "Self" {
        String::from("Self_")
    } else if clean == "value" {
        String::from("Value")
    } else {
        clean
    }
}

/// A field, method or variable name in snake_case (`main-version-number` →
/// `main_version_number`); keywords are handled by `ident`.
pub fn field_name(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len() + 4);
    let simple = ascii_words(raw, |word| {
        if !out.is_empty() {
            out.push('_');
        }
        out.extend(word.bytes().map(|b| char::from(b.to_ascii_lowercase())));
    });
    if simple {
        return out;
    }
    let snake = spell_symbols(raw).to_snake_case();
    let clean = sanitize(&snake, "_");
    if clean == "_" {
        String::from("value")
    } else {
        clean
    }
}

/// A snake_case word for a media type, for naming what sends it (`form` in
/// `form_body`): `*/*` is `any`, `type/*` is `type_any`, form-urlencoded is `form`,
/// `multipart/form-data` is `multipart`, Markdown is `markdown`; otherwise the
/// subtype without `x-`/`vnd.` (`application/octet-stream` gives `octet_stream`,
/// `application/vnd.github+json` gives `github_json`), after its top-level type
/// unless that is `application` (`text/plain` gives `text_plain`).
pub fn media_name(media: &str) -> String {
    let essence = crate::media::essence(media);
    let (top, sub) = essence.split_once('/').unwrap_or((essence.as_str(), ""));
    let sub = sub.trim_start_matches("x-").trim_start_matches("vnd.");
    let words = match (top, sub) {
        ("*", _) => String::from("any"),
        (_, "*") => format!("{top} any"),
        ("application", "www-form-urlencoded") => String::from("form"),
        ("multipart", "form-data") => String::from("multipart"),
        ("text", "markdown") => String::from("markdown"),
        ("application", _) => sub.to_owned(),
        _ => format!("{top} {sub}"),
    };
    // Symbols separate words here; they are not spelled out.
    let words: String = words
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect();
    let name = field_name(words.trim());
    if name == "value" {
        String::from("media")
    } else {
        name
    }
}

/// A set of names already taken in one scope; `claim` returns a free variant.
#[derive(Debug, Default, Clone)]
pub struct Scope {
    used: HashSet<String>,
    /// Names never handed out, fixed for the scope's kind.
    excluded: &'static [&'static str],
    separator: &'static str,
}

impl Scope {
    /// A scope whose duplicates get `{name}{n}` (type names).
    pub fn types() -> Self {
        Self {
            used: HashSet::new(),
            excluded: &[],
            separator: "",
        }
    }

    /// A scope whose duplicates get `{name}_{n}` (fields, methods).
    pub fn values() -> Self {
        Self {
            used: HashSet::new(),
            excluded: &[],
            separator: "_",
        }
    }

    /// A scope like [`Scope::values`] that never hands out `excluded` (names
    /// generated code already uses there).
    pub fn values_except(excluded: &'static [&'static str]) -> Self {
        Self {
            excluded,
            ..Self::values()
        }
    }

    /// Reserves names that must not be handed out.
    pub fn reserve(&mut self, names: &[&str]) {
        for name in names {
            self.used.insert((*name).to_owned());
        }
    }

    /// Takes `base` if free, else the first free `base2`, `base3`, ...
    pub fn claim(&mut self, base: &str) -> Name {
        if !self.excluded.contains(&base) && self.used.insert(base.to_owned()) {
            return Name::from(base);
        }
        let mut n = 2;
        loop {
            let candidate = format!("{base}{}{n}", self.separator);
            if !self.excluded.contains(&candidate.as_str()) && self.used.insert(candidate.clone()) {
                return candidate;
            }
            n += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn names_follow_rust_conventions() {
        assert_eq!(type_name("connector-version"), "ConnectorVersion");
        assert_eq!(type_name("200"), "N200");
        assert_eq!(type_name("+1"), "Plus1");
        assert_eq!(type_name("-1"), "Minus1");
        assert_eq!(type_name("self"), "Self_");
        assert_eq!(type_name(""), "Value");
        assert_eq!(field_name("main-version-number"), "main_version_number");
        assert_eq!(
            field_name("platform_dev_reference"),
            "platform_dev_reference"
        );
        assert_eq!(ident("type").to_string(), "r#type");
        assert_eq!(ident("gen").to_string(), "r#gen");
        assert_eq!(ident("self").to_string(), "self_");
        assert_eq!(ident("Self").to_string(), "Self_");
        assert_eq!(ident("_").to_string(), "__");
        assert_eq!(ident("9lives").to_string(), "_9lives");
    }

    #[test]
    fn media_types_name_their_methods() {
        let cases = [
            ("application/json", "json"),
            ("application/x-www-form-urlencoded", "form"),
            ("text/plain; charset=utf-8", "text_plain"),
            ("text/x-markdown", "markdown"),
            ("text/markdown", "markdown"),
            ("application/octet-stream", "octet_stream"),
            ("multipart/form-data", "multipart"),
            ("multipart/mixed", "multipart_mixed"),
            ("*/*", "any"),
            ("image/*", "image_any"),
            ("image/svg+xml", "image_svg_xml"),
            ("application/vnd.github+json", "github_json"),
            ("application/merge-patch+json", "merge_patch_json"),
            ("Application/XML", "xml"),
            ("", "media"),
            ("%%%", "media"),
        ];
        for (media, name) in cases {
            assert_eq!(media_name(media), name, "{media}");
        }
    }

    #[test]
    fn scopes_hand_out_unique_names() {
        let mut scope = Scope::types();
        assert_eq!(scope.claim("A"), "A");
        assert_eq!(scope.claim("A"), "A2");
        let mut values = Scope::values();
        values.reserve(&["send"]);
        assert_eq!(values.claim("send"), "send_2");
        let mut fixed = Scope::values_except(&["send", "send_2"]);
        assert_eq!(fixed.claim("send"), "send_3");
        assert_eq!(fixed.claim("body"), "body");
        assert_eq!(fixed.claim("body"), "body_2");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn plain_names_convert_as_the_case_library_does(raw in "[a-zA-Z]([a-zA-Z0-9_/. -]|[A-Z][A-Z][a-z]|[a-z][A-Z]|[0-9][A-Za-z]){0,10}") {
            let spelled = spell_symbols(&raw);
            let camel = sanitize(&spelled.to_upper_camel_case(), "N");
            let camel = if camel == "Self" { String::from("Self_") } else { camel };
            prop_assert_eq!(type_name(&raw), camel);
            prop_assert_eq!(field_name(&raw), sanitize(&spelled.to_snake_case(), "_"));
        }

        #[test]
        fn any_string_makes_an_identifier(raw in any::<String>()) {
            for made in [
                ident(&raw),
                ident(&type_name(&raw)),
                ident(&field_name(&raw)),
                ident(&media_name(&raw)),
            ] {
                prop_assert!(syn::parse_str::<syn::Ident>(&made).is_ok(), "{made:?} from {raw:?}");
            }
        }
    }
}
