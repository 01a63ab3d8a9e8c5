cde_macros::generate_client!("../../../../tests/ui/specs/unsupported-not.yaml");

fn main() {}
