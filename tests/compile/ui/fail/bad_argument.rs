cde_macros::generate_client!(spec = "x.yaml");

fn main() {}
