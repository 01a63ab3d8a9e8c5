//! Generator speed against the floor: how long `serde_json` alone takes to parse the
//! same document. Run with `cargo bench -p cde-codegen --bench generate [-- SPEC...]`
//! (default: `spec/cde-api.yaml`). Prints medians and ratios measured in one run.

use std::hint::black_box;
use std::time::{Duration, Instant};

/// Median time of `f` over enough iterations to fill about `budget`.
fn median(budget: Duration, mut f: impl FnMut()) -> Duration {
    f();
    let probe = Instant::now();
    f();
    let once = probe.elapsed().max(Duration::from_micros(1));
    let runs = (budget.as_nanos() / once.as_nanos()).clamp(5, 2_000) as usize;
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let specs = if args.is_empty() {
        vec![format!("{root}/spec/cde-api.yaml")]
    } else {
        args
    };
    let budget = Duration::from_secs(2);
    println!(
        "{:<16} {:>10} {:>12} {:>12} {:>12} {:>8} {:>8}",
        "spec", "bytes", "json parse", "generate", "gen (yaml)", "ratio", "yaml r."
    );
    for path in specs {
        let bytes = std::fs::read(&path).unwrap_or_else(|err| panic!("{path}: {err}"));
        let (_, doc) = cde_codegen::load::load(&path, &bytes).expect("spec loads");
        let json = serde_json::to_vec(&doc).expect("json");
        let options = cde_codegen::Options::default();
        let parse = median(budget, || {
            black_box(serde_json::from_slice::<serde_json::Value>(black_box(&json)).unwrap());
        });
        let generate = median(budget, || {
            black_box(cde_codegen::generate(
                "spec.json",
                black_box(&json),
                &options,
            ));
        });
        let generate_source = median(budget, || {
            black_box(cde_codegen::generate(&path, black_box(&bytes), &options));
        });
        let name = std::path::Path::new(&path)
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        println!(
            "{:<16} {:>10} {:>12?} {:>12?} {:>12?} {:>7.1}x {:>7.1}x",
            name,
            json.len(),
            parse,
            generate,
            generate_source,
            generate.as_secs_f64() / parse.as_secs_f64(),
            generate_source.as_secs_f64() / parse.as_secs_f64(),
        );
    }
    println!(
        "\nratio: generate (from JSON) / serde_json parse of the same JSON; yaml r.: generate from the file as written / the same parse."
    );
}
