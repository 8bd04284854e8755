//! Integration tests of the `loa` binary, one module per feature. Each test copies a fixture
//! site from `tests/fixtures/<area>/<case>/` to a temporary folder, runs the built binary over
//! it and checks the facts that matter: a page present or absent, a link resolving, an error
//! naming the right file and line.

mod build;
mod campaigns;
mod check;
mod content_model;
mod demo;
mod editorial;
mod errors;
mod fuzz;
mod helpers;
mod identity;
mod images;
mod import;
mod languages;
mod legal;
mod markdown;
mod media;
mod noop;
mod output;
mod publication;
mod publish;
mod report;
mod robust;
mod s3;
mod schedule;
mod search;
mod serve;
mod serve_attacks;
mod serve_random;
mod status;
mod theme_reference;
mod urls;
mod usage;
