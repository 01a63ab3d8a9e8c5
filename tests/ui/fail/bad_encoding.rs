cde_macros::generate_client!("../../../../tests/ui/specs/bad-encoding.yaml");

fn main() {}
