cde_macros::generate_client!("../../../../tests/ui/specs/bad.json");

fn main() {}
