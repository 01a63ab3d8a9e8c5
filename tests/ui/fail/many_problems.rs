cde_macros::generate_client!("../../../../tests/ui/specs/many-problems.yaml");

fn main() {}
