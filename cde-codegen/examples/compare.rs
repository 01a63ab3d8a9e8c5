//! The driver of `scripts/compare-output`: generates every case of a case list and
//! writes, per case, the formatted code (or the rendered diagnostics) into a folder,
//! so that two revisions' outputs can be compared byte for byte.
//!
//! ```text
//! cargo run --release -p cde-codegen --example compare -- CASES OUT_DIR
//! ```
//!
//! Each line of CASES is `name<TAB>spec path<TAB>options`, options separated by
//! spaces: `mock`, `examples`, `all_schemas`, `tags=a,b`, `operations=a,b`,
//! `paths=a,b`, `pagination=@file` (the file holds what the macro option says).
//! The script uses a revision's own copy of this file, so this file follows the
//! library's API of its revision.

use std::path::{Path, PathBuf};

fn main() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let (Some(cases), Some(out)) = (args.next(), args.next()) else {
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
                options.pagination = Some(text);
            }
            _ => return Err(format!("unknown case option `{word}`")),
        }
    }
    Ok(options)
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
