//! Generator speed against the floor: how long `serde_json` alone takes to parse the
//! same document. Run with `cargo bench -p cde-codegen --bench generate [-- SPEC...]`
//! (default: `spec/cde-api.yaml`). Prints medians and ratios measured in one run,
//! the three measurements of a spec taken in turns, and how many diagnostics the
//! spec gets (a refused spec's time includes locating every one of them).

use std::hint::black_box;
use std::time::{Duration, Instant};

/// Median time of each of `fs`, run in turns (one run of each per round) for about
/// `budget`, so that all of them meet the same state of the machine and of the
/// heap (measuring one after the other lets the first one's garbage weigh on the
/// next).
fn medians<const N: usize>(budget: Duration, fs: &mut [&mut dyn FnMut(); N]) -> [Duration; N] {
    for f in fs.iter_mut() {
        f();
    }
    let probe = Instant::now();
    for f in fs.iter_mut() {
        f();
    }
    let round = probe.elapsed().max(Duration::from_micros(1));
    let rounds = (budget.as_nanos() / round.as_nanos()).clamp(5, 2_000) as usize;
    let mut times = [(); N].map(|()| Vec::with_capacity(rounds));
    for _ in 0..rounds {
        for (f, times) in fs.iter_mut().zip(&mut times) {
            let start = Instant::now();
            f();
            times.push(start.elapsed());
        }
    }
    times.map(|mut t| {
        t.sort();
        t[t.len() / 2]
    })
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
        "{:<16} {:>10} {:>12} {:>12} {:>12} {:>8} {:>8} {:>11}",
        "spec", "bytes", "json parse", "generate", "gen (yaml)", "ratio", "yaml r.", "diagnostics"
    );
    for path in specs {
        let bytes = std::fs::read(&path).unwrap_or_else(|err| panic!("{path}: {err}"));
        let doc = cde_codegen::load(&path, &bytes).expect("spec loads");
        let json = serde_json::to_vec(&doc).expect("json");
        let options = cde_codegen::Options::default();
        let diagnostics = cde_codegen::generate(&path, &bytes, &options)
            .diagnostics
            .len();
        let [parse, generate, generate_source] = medians(
            budget * 3,
            &mut [
                &mut || {
                    black_box(
                        serde_json::from_slice::<serde_json::Value>(black_box(&json)).unwrap(),
                    );
                },
                &mut || {
                    black_box(cde_codegen::generate(
                        "spec.json",
                        black_box(&json),
                        &options,
                    ));
                },
                &mut || {
                    black_box(cde_codegen::generate(&path, black_box(&bytes), &options));
                },
            ],
        );
        let name = std::path::Path::new(&path)
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        println!(
            "{:<16} {:>10} {:>12?} {:>12?} {:>12?} {:>7.1}x {:>7.1}x {:>11}",
            name,
            json.len(),
            parse,
            generate,
            generate_source,
            generate.as_secs_f64() / parse.as_secs_f64(),
            generate_source.as_secs_f64() / parse.as_secs_f64(),
            diagnostics,
        );
    }
    println!(
        "\nratio: generate (from JSON) / serde_json parse of the same JSON; yaml r.: generate from the file as written / the same parse; diagnostics: how many the spec gets."
    );
}
