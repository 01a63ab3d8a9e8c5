//! The driver of `scripts/compare-output`: generates every case of a case list and
//! writes, per case, the formatted code (or the rendered diagnostics) into a folder,
//! so that two revisions' outputs can be compared byte for byte.
//!
//! ```text
//! cargo run --release -p cde-codegen --example compare -- CASES OUT_DIR
//! cargo run --release -p cde-codegen --example compare -- --private-as-root DIR
//! ```
//!
//! Each line of CASES is `name<TAB>spec path<TAB>options`, options separated by
//! spaces: `mock`, `examples`, `all_schemas`, `tags=a,b`, `operations=a,b`,
//! `paths=a,b`, `pagination=@file` (the file holds what the macro option says).
//! The script uses a revision's own copy of this file, so this file follows the
//! library's API of its revision.
//!
//! `--private-as-root DIR` rewrites every generated file of DIR as if
//! `::cde_runtime::__private::` were `::cde_runtime::`, formatted again (the
//! formatter breaks lines by length, so the prefix cannot be taken out of formatted
//! text alone); for comparing across the commit that moved the runtime's hidden
//! items.

use std::path::{Path, PathBuf};

fn main() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let first = args.next();
    if first.as_deref() == Some("--private-as-root") {
        let dir = args.next().ok_or("usage: compare --private-as-root DIR")?;
        return private_as_root(Path::new(&dir));
    }
    let (Some(cases), Some(out)) = (first, args.next()) else {
        return Err("usage: compare CASES OUT_DIR".into());
    };
    let cases = std::fs::read_to_string(&cases).map_err(|e| format!("{cases}: {e}"))?;
    let out = PathBuf::from(out);
    std::fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    for line in cases.lines().filter(|l| !l.trim().is_empty()) {
        let mut fields = line.split('\t');
        let (Some(name), Some(spec)) = (fields.next(), fields.next()) else {
            return Err(format!("bad case line: {line}"));
        };
        let options = options(fields.next().unwrap_or(""))?;
        let bytes = std::fs::read(spec).map_err(|e| format!("{spec}: {e}"))?;
        let text = run(spec, bytes, options)?;
        let target = out.join(format!("{name}.rs"));
        std::fs::write(&target, text).map_err(|e| format!("{}: {e}", target.display()))?;
    }
    Ok(())
}

fn options(text: &str) -> Result<cde_codegen::Options, String> {
    let mut options = cde_codegen::Options::default();
    let list = |v: &str| v.split(',').map(str::to_owned).collect::<Vec<_>>();
    for word in text.split_whitespace() {
        match word.split_once('=') {
            None if word == "mock" => options.mock = true,
            None if word == "examples" => options.examples = true,
            None if word == "all_schemas" => options.all_schemas = true,
            Some(("tags", v)) => options.select.tags = list(v),
            Some(("operations", v)) => options.select.operations = list(v),
            Some(("paths", v)) => options.select.path_prefixes = list(v),
            Some(("pagination", v)) => {
                let file = v.strip_prefix('@').unwrap_or(v);
                let text = std::fs::read_to_string(file).map_err(|e| format!("{file}: {e}"))?;
                options.pagination = pagination(&text).map_err(|e| format!("{file}: {e}"))?;
            }
            _ => return Err(format!("unknown case option `{word}`")),
        }
    }
    Ok(options)
}

/// The macro's `pagination` option from its declarations written as JSON
/// (operationId to the `x-pagination` keys), as older revisions took it.
fn pagination(json: &str) -> Result<Vec<(String, cde_codegen::Pagination)>, String> {
    let value: serde_json::Value = serde_json::from_str(json).map_err(|e| e.to_string())?;
    let operations = value.as_object().ok_or("not a JSON object")?;
    let mut out = Vec::new();
    for (id, decl) in operations {
        let text = |key: &str| decl.get(key).and_then(|v| v.as_str()).map(str::to_owned);
        out.push((
            id.clone(),
            cde_codegen::Pagination {
                style: text("style"),
                items: text("items"),
                offset_param: text("offset-param"),
                limit_param: text("limit-param"),
                default_limit: decl.get("default-limit").and_then(|v| v.as_u64()),
                next: text("next"),
                cursor_param: text("cursor-param"),
                cursor_from: text("cursor-from"),
                has_more: text("has-more"),
            },
        ));
    }
    Ok(out)
}

/// Generates one case on a thread with a large stack (the formatter recurses over
/// deeply nested generated items).
fn run(spec: &str, bytes: Vec<u8>, options: cde_codegen::Options) -> Result<String, String> {
    let file = Path::new(spec)
        .file_name()
        .and_then(|f| f.to_str())
        .unwrap_or(spec)
        .to_owned();
    let shown = spec.to_owned();
    std::thread::Builder::new()
        .stack_size(256 * 1024 * 1024)
        .spawn(
            move || match cde_codegen::generate_formatted(&file, &bytes, &options) {
                Ok(code) => code,
                Err(diagnostics) => {
                    let mut text = String::from("// diagnostics\n");
                    for d in &diagnostics {
                        text.push_str(&d.render(&shown));
                        text.push('\n');
                    }
                    text
                }
            },
        )
        .map_err(|e| e.to_string())?
        .join()
        .map_err(|_| format!("{spec}: the generator panicked"))
}

/// Rewrites each generated file of `dir` (not the diagnostics) with the
/// `__private` prefix taken out, formatted again.
fn private_as_root(dir: &Path) -> Result<(), String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        if text.starts_with("// diagnostics") {
            continue;
        }
        let text = text.replace("::cde_runtime::__private::", "::cde_runtime::");
        let shown = path.display().to_string();
        let formatted = std::thread::Builder::new()
            .stack_size(256 * 1024 * 1024)
            .spawn(move || {
                syn::parse_file(&text)
                    .map(|file| prettyplease::unparse(&file))
                    .map_err(|e| format!("{shown}: {e}"))
            })
            .map_err(|e| e.to_string())?
            .join()
            .map_err(|_| String::from("the formatter panicked"))??;
        std::fs::write(&path, formatted).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(())
}
