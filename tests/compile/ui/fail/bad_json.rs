cde_macros::generate_client!("../../../../tests/compile/ui/specs/bad.json");

fn main() {}
