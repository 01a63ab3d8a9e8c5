//! Finds the line and column of a JSON pointer in the source text (YAML or JSON),
//! on the error path only: the happy path never pays for it.

use std::borrow::Cow;

use serde_saphyr::granit_parser::{Event, Parser};

use crate::diag::{Location, tokens};

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

/// The location of the node at `pointer`, or of its nearest existing ancestor.
pub fn locate(source: &str, pointer: &str) -> Option<Location> {
    let target = tokens(pointer)?;
    let mut parser = Parser::new_from_str(source);
    let mut stack: Vec<Frame> = Vec::new();
    let mut best: Option<(usize, Location)> = None;
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
        let mut path: Vec<&str> = stack.iter().filter_map(|f| f.token.as_deref()).collect();
        if let Some(token) = &token {
            path.push(token);
        }
        let depth = path.len();
        if depth <= target.len() && path.iter().zip(&target).all(|(a, b)| *a == b.as_str()) {
            if depth == target.len() {
                return Some(location);
            }
            if best.is_none_or(|(d, _)| depth >= d) {
                best = Some((depth, location));
            }
        }
        if let Some(kind) = opens {
            stack.push(Frame { kind, token });
        }
    }
    best.map(|(_, location)| location)
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn falls_back_to_the_nearest_ancestor() {
        let src = "a:\n  b: 1\n";
        let loc = locate(src, "#/a/missing").unwrap();
        assert_eq!(loc.line, 2);
    }
}
