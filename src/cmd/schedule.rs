//! `loa schedule`: the coming instants at which the built site changes, for editors to read
//! and for a timer to rebuild at (`--next`).

use jiff::{Span, Timestamp};

use super::cli::ScheduleArgs;
use super::common::{load_checked, Failure};
use crate::site::schedule::{changes, Change, ChangeKind};
use crate::site::{Item, Preview};
use crate::templates::context::{display_date, iso};

pub fn run(args: &ScheduleArgs) -> Result<(), Failure> {
    // Scheduled and expired items are loaded too (they are what changes); drafts never go
    // live by themselves.
    let (site, _) = load_checked(&args.site(), Preview { future: true, drafts: false })?;
    let tz = &site.config.timezone;
    let items: Vec<&Item> = site.items.iter().collect();
    if args.next {
        // Look far enough ahead to find the next yearly window of any campaign.
        let until = site.now.checked_add(Span::new().hours(24 * 800)).unwrap_or(Timestamp::MAX);
        if let Some(next) = changes(&items, tz, site.now, until).first() {
            println!("{}", iso(next.at, tz));
        }
        return Ok(());
    }
    let days = i64::from(args.days);
    let until = site.now.checked_add(Span::new().hours(24 * days)).unwrap_or(Timestamp::MAX);
    let vi = site.config.language == "vi";
    let listed: Vec<Change> =
        changes(&items, tz, site.now, until).into_iter().filter(|c| c.kind != ChangeKind::DaysLeft).collect();
    let from = display_date(site.now, tz, &site.config.language);
    if vi {
        println!("Thay đổi của cổng trong {days} ngày tới (từ {from}, giờ {}):", site.config.timezone_name);
    } else {
        println!("Changes to the portal in the next {days} days (from {from}, {} time):", site.config.timezone_name);
    }
    if listed.is_empty() {
        println!("{}", if vi { "  Không có thay đổi nào." } else { "  None." });
    }
    for c in &listed {
        let when = match c.kind {
            // A campaign closes at midnight after its last day: say that day, not 00:00 of the
            // next one, which reads as a day longer.
            ChangeKind::CampaignCloses => {
                let last_moment = c.at.checked_sub(Span::new().seconds(1)).unwrap_or(c.at);
                let day = display_date(last_moment, tz, &site.config.language);
                if vi {
                    format!("{day} hết ngày")
                } else {
                    format!("{day} end of day")
                }
            }
            _ => format!(
                "{} {}",
                display_date(c.at, tz, &site.config.language),
                c.at.to_zoned(tz.clone()).strftime("%H:%M")
            ),
        };
        let what = label(c.kind, vi);
        let file = c.file.as_ref().map(|f| format!("  ({})", f.display())).unwrap_or_default();
        println!("  {when:<27} {what:<20} {}{file}", c.title);
    }
    let counters = site
        .items
        .iter()
        .any(|i| i.window().is_some_and(|w| w.active_on(site.today).is_some() || w.next_after(site.today).is_some()));
    if counters {
        if vi {
            println!("Số ngày còn lại của chiến dịch đang diễn ra và số ngày đến chiến dịch sắp tới đổi lúc 0 giờ mỗi ngày; `loa schedule --next` tính cả các mốc này.");
        } else {
            println!("The days left of a campaign under way and the days until a coming one change at midnight; `loa schedule --next` includes those instants.");
        }
    }
    Ok(())
}

fn label(kind: ChangeKind, vi: bool) -> &'static str {
    match (kind, vi) {
        (ChangeKind::Publish, true) => "Đăng",
        (ChangeKind::Expire, true) => "Hết hạn, gỡ xuống",
        (ChangeKind::CampaignOpens, true) => "Chiến dịch bắt đầu",
        (ChangeKind::CampaignCloses, true) => "Chiến dịch kết thúc",
        (ChangeKind::NewYear, true) => "Lịch sang năm mới",
        (ChangeKind::DaysLeft, true) => "Đổi số ngày còn lại",
        (ChangeKind::Publish, false) => "Publish",
        (ChangeKind::Expire, false) => "Expire",
        (ChangeKind::CampaignOpens, false) => "Campaign opens",
        (ChangeKind::CampaignCloses, false) => "Campaign closes",
        (ChangeKind::NewYear, false) => "Calendar turns year",
        (ChangeKind::DaysLeft, false) => "Days-left count",
    }
}
