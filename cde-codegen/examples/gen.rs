//! Runs the generator on a file and prints its diagnostics (a debugging aid).
fn main() {
    let path = std::env::args().nth(1).expect("usage: gen <spec>");
    let bytes = std::fs::read(&path).expect("read spec");
    let handle = std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(move || {
            let out = cde_codegen::generate(
                &path,
                &bytes,
                &cde_codegen::Options {
                    examples: true,
                    ..Default::default()
                },
            );
            for d in &out.diagnostics {
                println!("{}", d.render(&path));
            }
        })
        .expect("spawn");
    handle.join().expect("generator thread");
}
