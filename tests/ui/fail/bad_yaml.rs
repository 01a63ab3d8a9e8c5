cde_macros::generate_client!("../../../../tests/ui/specs/bad.yaml");

fn main() {}
