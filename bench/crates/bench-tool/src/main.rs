//! Helper for `bench/run`.
//!
//! - `bench-tool operations SPEC`: prints the number of operations of the spec
//!   (methods get, put, post, delete, options, head, patch and trace under each
//!   path), JSON or YAML.
//! - `bench-tool progenitor SPEC`: prints progenitor's output for the spec with
//!   default settings (what `generate_api!("SPEC")` expands to, less the
//!   macro's two lines around it), formatted with prettyplease; on failure prints
//!   the generator's error on stderr and exits with 1. The spec is read the way
//!   the macro reads it: as JSON, else as YAML.

use std::process::ExitCode;

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

fn parse<T: serde::de::DeserializeOwned>(path: &str, bytes: &[u8]) -> Result<T, String> {
    match serde_json::from_slice(bytes) {
        Ok(value) => Ok(value),
        Err(json) => serde_yaml::from_slice(bytes)
            .map_err(|yaml| format!("{path}: neither JSON ({json}) nor YAML ({yaml})")),
    }
}

fn operations(path: &str, bytes: &[u8]) -> Result<usize, String> {
    let doc: serde_json::Value = parse(path, bytes)?;
    let paths = doc
        .get("paths")
        .and_then(|p| p.as_object())
        .ok_or_else(|| format!("{path}: no `paths` object"))?;
    Ok(paths
        .values()
        .filter_map(|item| item.as_object())
        .map(|item| METHODS.iter().filter(|m| item.contains_key(**m)).count())
        .sum())
}

fn progenitor(path: &str, bytes: &[u8]) -> Result<String, String> {
    let spec: openapiv3::OpenAPI = parse(path, bytes)?;
    let mut generator = progenitor::Generator::new(&progenitor::GenerationSettings::default());
    let tokens = generator
        .generate_tokens(&spec)
        .map_err(|err| format!("generation error: {err}"))?;
    let file: syn::File =
        syn::parse2(tokens).map_err(|err| format!("output does not parse: {err}"))?;
    Ok(prettyplease::unparse(&file))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [command, path] = args.as_slice() else {
        eprintln!("usage: bench-tool operations|progenitor SPEC");
        return ExitCode::from(2);
    };
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(err) => {
            eprintln!("{path}: {err}");
            return ExitCode::FAILURE;
        }
    };
    let result = match command.as_str() {
        "operations" => operations(path, &bytes).map(|n| n.to_string()),
        "progenitor" => progenitor(path, &bytes),
        _ => Err(format!("unknown command {command}")),
    };
    match result {
        Ok(out) => {
            println!("{out}");
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("{err}");
            ExitCode::FAILURE
        }
    }
}
