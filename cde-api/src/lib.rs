#![doc = include_str!("../../README.md")]
#![forbid(unsafe_code)]

cde_macros::generate_client!("../spec/cde-api.yaml", mock = true);
