mod api {
    cde_macros::generate_client!("../../../../tests/ui/specs/forward-v1.yaml");
}

include!("../forward/caller.rs");
