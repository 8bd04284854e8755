//! Markdown bodies to HTML: heading ids, resolved links and images, highlighted code, sanitising.

mod headings;
mod highlight;
mod links;
mod literal;
mod plain;
mod problems;
mod render;
#[cfg(test)]
mod resolution_tests;
mod rewrite;
mod sanitize;
mod shortcode;
#[cfg(test)]
mod testing;

pub use headings::Heading;
pub use links::own_path;
pub use links::{Embed, ImageInfo, Problem, Resolver};
pub use problems::{BodyProblem, Severity};
pub use render::{render, FragmentLink, Options, Rendered};
