cde_macros::generate_client!("../../../../tests/compile/ui/specs/bad.yaml");

fn main() {}
