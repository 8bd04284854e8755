//! `loa publish`'s delivery: the targets a built site goes to (a local web root, a web server
//! over rsync, object storage), the generations it delivered, and the record of each run.
//! The command itself (pull, build, deliver, verify) is `cmd::publish`.

mod folder;
pub mod generation;
pub mod git;
mod open;
mod process;
pub mod record;
mod rsync;
mod s3;
pub mod served;
pub mod status;
pub mod target;

pub use generation::{Generation, Generations};
pub use open::{kind_name, open};
pub use record::{History, PublishRecord, TargetRecord};
pub use target::{Delivery, Target, TargetError};
