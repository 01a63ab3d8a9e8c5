//! Runs the generator on a file (a debugging aid): prints its diagnostics, or with
//! `--print` the formatted code.
fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: gen <spec> [--print]");
    let print = args.next().as_deref() == Some("--print");
    let bytes = std::fs::read(&path).expect("read spec");
    let handle = std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(move || {
            let options = cde_codegen::Options {
                examples: !print,
                // GEN_MOCK=1 prints the mock module too.
                mock: std::env::var_os("GEN_MOCK").is_some(),
                select: cde_codegen::Selection {
                    path_prefixes: std::env::var("GEN_PREFIX").ok().into_iter().collect(),
                    ..Default::default()
                },
                ..Default::default()
            };
            // Files the spec refers to are read relative to the working directory.
            let files = cde_codegen::DirFiles(std::path::PathBuf::from("."));
            if print {
                match cde_codegen::generate_formatted_with(&path, &bytes, &options, &files) {
                    Ok(code) => println!("{code}"),
                    Err(diagnostics) => {
                        for d in &diagnostics {
                            eprintln!("{}", d.render(&path));
                        }
                    }
                }
                return;
            }
            let out = cde_codegen::generate_with(&path, &bytes, &options, &files);
            for d in &out.diagnostics {
                println!("{}", d.render(&path));
            }
        })
        .expect("spawn");
    handle.join().expect("generator thread");
}
