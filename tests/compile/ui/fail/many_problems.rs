cde_macros::generate_client!("../../../../tests/compile/ui/specs/many-problems.yaml");

fn main() {}
