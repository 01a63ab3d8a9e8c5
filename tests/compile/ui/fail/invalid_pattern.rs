cde_macros::generate_client!("../../../../tests/compile/ui/specs/invalid-pattern.yaml");

fn main() {
    // The type is still generated, so using it adds no second error.
    let _ = types::Code::new("x");
}
