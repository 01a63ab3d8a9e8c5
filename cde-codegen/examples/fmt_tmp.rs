fn main() {
    let path = std::env::args().nth(1).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let t = std::time::Instant::now();
    let out = cde_codegen::generate(&path, &bytes, &cde_codegen::Options::default());
    eprintln!(
        "generate: {:?}, {} diagnostics, {} bytes of tokens",
        t.elapsed(),
        out.diagnostics.len(),
        out.tokens.to_string().len()
    );
    for d in out.diagnostics.iter().take(30) {
        println!("{}", d.render(&path));
    }
}
