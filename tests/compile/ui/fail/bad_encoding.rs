cde_macros::generate_client!("../../../../tests/compile/ui/specs/bad-encoding.yaml");

fn main() {}
