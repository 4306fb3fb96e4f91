//! One line of Overblik: a button that opens its record, saying when, what
//! kind and what. A case is named by its number only.

use crate::i18n::{t, tf};
use crate::state::{ui, Page};
use feltbog_api::dates::format_with_weekday;
use feltbog_api::desk::{CaseTask, DeskItem, DeskLine, Ownership};
use leptos::prelude::*;

/// The line for `l`, for [`crate::components::Rows`].
/// Another member's line says whose it is.
pub fn row(l: DeskLine, own: &Ownership) -> impl IntoView {
    let ui = ui();
    let lang = crate::i18n::language();
    let (kind, what, mut place, page) = describe(&l.item);
    if !own.owns(&l.owner) && !l.owner.is_empty() {
        let whose = tf("desk.owner", &[("name", &l.owner)]);
        place = match place.is_empty() {
            true => whose,
            false => format!("{place} · {whose}"),
        };
    }
    let when = format_with_weekday(l.date, lang);
    view! {
        <li>
            <button class=format!("desk-line desk-{}", kind_class(&l.item)) on:click=move |_| ui.page.set(page)>
                <span class="desk-when">{when}</span>
                <span class="desk-kind">{kind}</span>
                <span class="desk-what">{what}</span>
                {(!place.is_empty()).then(|| view! { <span class="desk-place">{place}</span> })}
            </button>
        </li>
    }
}

fn kind_class(i: &DeskItem) -> &'static str {
    match i {
        DeskItem::Visit { .. } => "visit",
        DeskItem::FollowUp { .. } | DeskItem::ActivityFollowUp { .. } => "follow-up",
        DeskItem::Agreement { .. } => "agreement",
        DeskItem::Case { .. } => "case",
    }
}

/// The kind's word, what the line says, where, and the page that opens it.
fn describe(i: &DeskItem) -> (String, String, String, Page) {
    match i {
        DeskItem::Visit {
            visit,
            school_name,
            purpose,
            purpose_other,
        } => {
            let purpose = match purpose_other.is_empty() {
                true => t(&format!("purpose.{}", purpose.as_str())),
                false => purpose_other.clone(),
            };
            (
                t("desk.kind_visit"),
                purpose,
                school_name.clone(),
                Page::EditVisit(*visit),
            )
        }
        DeskItem::FollowUp {
            visit,
            text,
            school_name,
            ..
        } => (
            t("desk.kind_follow_up"),
            text.clone(),
            school_name.clone(),
            Page::EditVisit(*visit),
        ),
        DeskItem::Agreement {
            cafe, text, place, ..
        } => (
            t("desk.kind_agreement"),
            text.clone(),
            place.clone(),
            Page::EditCafe(*cafe),
        ),
        DeskItem::ActivityFollowUp {
            activity,
            text,
            place,
            ..
        } => (
            t("desk.kind_activity_follow_up"),
            text.clone(),
            place.clone(),
            Page::EditActivity(*activity),
        ),
        DeskItem::Case {
            case, number, task, ..
        } => {
            let key = match task {
                CaseTask::Offer => "desk.task_offer",
                CaseTask::Conversation => "desk.task_conversation",
                CaseTask::FollowUp => "desk.task_follow_up",
            };
            (
                tf("desk.kind_case", &[("number", number)]),
                t(key),
                String::new(),
                Page::Case(*case),
            )
        }
    }
}
