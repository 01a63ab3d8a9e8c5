cde_macros::generate_client!("../../../../tests/ui/specs/minimal-ok.yaml", colour = true);

fn main() {}
