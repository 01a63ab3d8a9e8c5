cde_macros::generate_client!("../../../../tests/ui/specs/dangling-ref.yaml");

fn main() {}
