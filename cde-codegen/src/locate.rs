//! Finds the line and column of a JSON pointer in the source text (YAML or JSON),
//! on the error path only: the happy path never pays for it.

use std::borrow::Cow;

use serde_saphyr::granit_parser::{Event, Parser};

use std::collections::{HashMap, HashSet};

use crate::diag::{Location, push_token, tokens};

enum Kind {
    Map {
        key: Option<String>,
    },
    Seq {
        index: usize,
    },
    /// A complex mapping key: ignored.
    Skip,
}

struct Frame {
    kind: Kind,
    /// The token of the container itself (`None` for the root and skipped keys).
    token: Option<String>,
}

/// The location of the node at each of `pointers`, or of its nearest existing
/// ancestor, from one reading of the source (a document with hundreds of
/// diagnostics is read once, not once per diagnostic).
pub fn locate_all(source: &str, pointers: &[&str]) -> Vec<Option<Location>> {
    let targets: Vec<Option<Vec<String>>> = pointers.iter().map(|p| tokens(p)).collect();
    // Every prefix of every target, as a canonical pointer: the nodes worth noting.
    let mut wanted: HashSet<String> = HashSet::new();
    for target in targets.iter().flatten() {
        let mut prefix = String::from("#");
        wanted.insert(prefix.clone());
        for token in target {
            push_token(&mut prefix, token);
            wanted.insert(prefix.clone());
        }
    }
    let found = node_locations(source, &wanted);
    targets
        .iter()
        .map(|target| {
            let target = target.as_ref()?;
            // The deepest prefix found: the node itself, else its nearest ancestor.
            let mut best = found.get("#").copied();
            let mut prefix = String::from("#");
            for token in target {
                push_token(&mut prefix, token);
                match found.get(&prefix) {
                    Some(location) => best = Some(*location),
                    None => break,
                }
            }
            best
        })
        .collect()
}

/// The location of each node of the source whose pointer is in `wanted` (the
/// first, if a broken document repeats a key).
fn node_locations(source: &str, wanted: &HashSet<String>) -> HashMap<String, Location> {
    let mut found: HashMap<String, Location> = HashMap::new();
    let mut parser = Parser::new_from_str(source);
    let mut stack: Vec<Frame> = Vec::new();
    while let Some(Ok((event, span))) = parser.next_event() {
        let location = Location {
            line: span.start.line(),
            column: span.start.col() + 1,
        };
        match event {
            Event::MappingEnd | Event::SequenceEnd => {
                stack.pop();
                continue;
            }
            Event::Scalar(..)
            | Event::MappingStart(..)
            | Event::SequenceStart(..)
            | Event::Alias(..) => {}
            _ => continue,
        }
        let opens = match event {
            Event::MappingStart(..) => Some(Kind::Map { key: None }),
            Event::SequenceStart(..) => Some(Kind::Seq { index: 0 }),
            _ => None,
        };
        if stack.iter().any(|f| matches!(f.kind, Kind::Skip)) {
            if opens.is_some() {
                stack.push(Frame {
                    kind: Kind::Skip,
                    token: None,
                });
            }
            continue;
        }
        let token = match stack.last_mut().map(|f| &mut f.kind) {
            Some(Kind::Map { key }) => match key.take() {
                Some(key) => Some(key),
                None => {
                    match &event {
                        Event::Scalar(value, ..) => *key = Some(Cow::clone(value).into_owned()),
                        _ => {
                            *key = Some(String::new());
                            if opens.is_some() {
                                stack.push(Frame {
                                    kind: Kind::Skip,
                                    token: None,
                                });
                            }
                        }
                    }
                    continue;
                }
            },
            Some(Kind::Seq { index }) => {
                *index += 1;
                Some((*index - 1).to_string())
            }
            Some(Kind::Skip) | None => None,
        };
        let mut pointer = String::from("#");
        for token in stack.iter().filter_map(|f| f.token.as_deref()) {
            push_token(&mut pointer, token);
        }
        if let Some(token) = &token {
            push_token(&mut pointer, token);
        }
        if wanted.contains(&pointer) {
            found.entry(pointer).or_insert(location);
        }
        if let Some(kind) = opens {
            stack.push(Frame { kind, token });
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn locate(source: &str, pointer: &str) -> Option<Location> {
        locate_all(source, &[pointer]).remove(0)
    }

    #[test]
    fn finds_yaml_nodes() {
        let src = "openapi: 3.0.3\npaths:\n  /a:\n    get:\n      responses: {}\n";
        let loc = locate(src, "#/paths/~1a/get").unwrap();
        assert_eq!((loc.line, loc.column), (5, 7));
        let loc = locate(src, "#/openapi").unwrap();
        assert_eq!((loc.line, loc.column), (1, 10));
    }

    #[test]
    fn finds_json_nodes_and_sequence_items() {
        let src = "{\n  \"a\": [1,\n    {\"b\": true}]\n}";
        let loc = locate(src, "#/a/1/b").unwrap();
        assert_eq!((loc.line, loc.column), (3, 11));
    }

    #[test]
    fn one_reading_locates_every_pointer_as_one_reading_each_does() {
        let src = "a:\n  b: [1, {c: 2}]\n  d: x\ne: {f: 1}\n";
        let pointers = [
            "#/e/f",
            "#/a/b/1/c",
            "#/a/missing/deeper",
            "#",
            "#/a/d",
            "other#/x",
        ];
        let all = locate_all(src, &pointers);
        let one_by_one: Vec<Option<Location>> = pointers
            .iter()
            .map(|p| locate_all(src, &[*p]).remove(0))
            .collect();
        assert_eq!(all, one_by_one);
        let lines: Vec<Option<usize>> = all.iter().map(|l| l.map(|l| l.line)).collect();
        assert_eq!(lines, [Some(4), Some(2), Some(2), Some(1), Some(3), None]);
    }

    #[test]
    fn falls_back_to_the_nearest_ancestor() {
        let src = "a:\n  b: 1\n";
        let loc = locate(src, "#/a/missing").unwrap();
        assert_eq!(loc.line, 2);
    }
}
