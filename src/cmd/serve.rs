//! `loa serve`: the live preview (the server itself is in [`crate::serve`]).

use super::cli::ServeArgs;
use super::common::Failure;

pub fn run(args: &ServeArgs) -> Result<(), Failure> {
    crate::serve::run(args)
}
