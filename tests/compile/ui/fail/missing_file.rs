cde_macros::generate_client!("../../../../tests/compile/ui/specs/does-not-exist.yaml");

fn main() {
    // The stub `Client` keeps this from adding a second error.
    let _ = std::mem::size_of::<Client>();
}
