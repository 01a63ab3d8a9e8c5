//! The names of the schemas a multi-file spec copies into
//! `#/components/schemas`.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::{Loaded, Target};
use crate::diag::token_iter;
use crate::doc::Value;

/// The names of the schemas copied from other files, each unique and not a
/// name the root's own `#/components/schemas` holds, except that a root
/// component that is only a reference to one names it (`preferred`: the copy
/// takes that component's place). Any other schema is named by the
/// last token of its pointer (`pet.yaml#/Pet`: `Pet`), a whole file by its stem
/// (`pet.yaml`: `pet`). Names two schemas share (or one the root holds) are
/// qualified by the file's stem (`pets_Pet`), then by its whole path
/// (`v1_pets_Pet`), then by the whole pointer as well; the names depend only on
/// which schemas are referred to, never on the order they were found in.
pub(super) fn names(
    schemas: &[Target],
    preferred: &HashMap<Target, String>,
    files: &[Loaded],
    doc: &Value,
) -> HashMap<Target, String> {
    let (named, schemas): (Vec<&Target>, Vec<&Target>) =
        schemas.iter().partition(|t| preferred.contains_key(*t));
    let taken: HashSet<String> = doc
        .get("components")
        .and_then(|c| c.get("schemas"))
        .and_then(Value::as_object)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    let name_at = |target: &Target, level: usize| -> String {
        let path = target.0.map_or("", |i| files[i].path.as_str());
        let file_name = path.rsplit('/').next().unwrap_or(path);
        let stem = file_name.split('.').next().unwrap_or(file_name);
        let tokens: Vec<String> = token_iter(&target.1)
            .map(|t| t.map(|t| t.into_owned()).collect())
            .unwrap_or_default();
        let base = tokens.last().cloned();
        let whole_path = path
            .rsplit_once('.')
            .map_or(path, |(p, _)| p)
            .replace(['/', '.'], "_")
            .replace("__", "_");
        match (level, base) {
            (0, Some(base)) => base,
            (0, None) => stem.to_owned(),
            (1, Some(base)) => format!("{stem}_{base}"),
            (1, None) | (2, None) => whole_path,
            (2, Some(base)) => format!("{whole_path}_{base}"),
            _ => std::iter::once(whole_path)
                .chain(tokens)
                .collect::<Vec<_>>()
                .join("_"),
        }
    };
    let mut levels = vec![0usize; schemas.len()];
    loop {
        let current: Vec<String> = schemas
            .iter()
            .zip(&levels)
            .map(|(t, level)| name_at(t, *level))
            .collect();
        let mut count: BTreeMap<&str, usize> = BTreeMap::new();
        for name in &current {
            *count.entry(name).or_default() += 1;
        }
        let mut changed = false;
        for (i, name) in current.iter().enumerate() {
            if (count[name.as_str()] > 1 || taken.contains(name)) && levels[i] < 3 {
                levels[i] += 1;
                changed = true;
            }
        }
        if !changed {
            let mut used = taken.clone();
            let mut out: HashMap<Target, String> = named
                .iter()
                .filter_map(|t| Some(((*t).clone(), preferred.get(*t)?.clone())))
                .collect();
            for (target, name) in schemas.iter().zip(current) {
                let mut unique = name.clone();
                let mut n = 2;
                while !used.insert(unique.clone()) {
                    unique = format!("{name}_{n}");
                    n += 1;
                }
                out.insert((*target).clone(), unique);
            }
            return out;
        }
    }
}
