//! A page's connection to its camp's live channel (server-sent events at
//! `/c/{slug}/events`). The database stays the truth: an event either carries new vote
//! counts, applied in place, or tells the page to reload its snapshot. A gap in the camp's
//! event numbers, or a reconnect after the connection dropped, also reloads, so nothing that
//! happened meanwhile is missed.
use std::collections::HashMap;

use leptos::prelude::*;
use uuid::Uuid;

use crate::domain::VoteCounts;
use crate::i18n::{tr, use_lang, Arg, Msg, Phrase};

/// What a page follows. `counts` holds the newest count per session (`None`: hidden by blind
/// voting); pages read it before the count of their snapshot.
#[derive(Clone, Copy)]
pub struct Live {
    pub reload: RwSignal<u32>,
    pub counts: RwSignal<HashMap<Uuid, Option<i64>>>,
    pub online: RwSignal<bool>,
    /// What the last publication of the grid moved, for a notice.
    pub published: RwSignal<Option<Vec<Moved>>>,
}

/// A session whose published room or time changed; without a room it left the grid.
#[derive(Clone, Debug, PartialEq, serde::Deserialize)]
pub struct Moved {
    pub session: Uuid,
    pub title: String,
    pub room: Option<String>,
    pub starts_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// The moves of a `GridPublished` event, `None` for any other event.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
fn published_moves(data: &str) -> Option<Vec<Moved>> {
    #[derive(serde::Deserialize)]
    struct Published {
        kind: String,
        moved: Vec<Moved>,
    }
    let event: Published = serde_json::from_str(data).ok()?;
    (event.kind == "GridPublished").then_some(event.moved)
}

impl Live {
    /// The count a page shows: the live one when there is one, else the snapshot's.
    pub fn count(&self, session: Uuid, snapshot: Option<i64>) -> Option<i64> {
        self.counts
            .with(|m| m.get(&session).copied())
            .unwrap_or(snapshot)
    }

    /// A fresh snapshot is newer than every event before it: start over from its counts.
    pub fn reset_counts(&self, counts: impl IntoIterator<Item = (Uuid, Option<i64>)>) {
        self.counts.set(counts.into_iter().collect());
    }
}

/// "„Title“ jetzt Raum 5, 14:15", or `gone` ("„Title“ fällt aus") without a room.
pub fn moved_line(m: &Moved, time_zone: &str, lang: crate::i18n::Lang, gone: Phrase) -> String {
    match (&m.room, m.starts_at) {
        (Some(room), Some(at)) => Phrase::MovedTo.fill(
            lang,
            &[
                Arg::Text("title", &m.title),
                Arg::Text("room", room),
                Arg::Text("time", &crate::domain::local_time(at, time_zone)),
            ],
        ),
        _ => gone.fill(lang, &[Arg::Text("title", &m.title)]),
    }
}

/// After moderators publish the grid: what moved, until the reader closes it.
#[component]
pub fn PublishedNotice(
    live: Live,
    #[prop(into)] time_zone: Signal<String>,
    title: Msg,
    gone: Phrase,
) -> impl IntoView {
    let lang = use_lang();
    view! {
        <div role="status">
            {move || live.published.get().map(|moved| view! {
                <div class="notice notice-success published-notice">
                    <p><strong>{tr(title)}</strong></p>
                    <ul>
                        {moved.iter().map(|m| view! { <li>{moved_line(m, &time_zone.get(), lang, gone)}</li> }).collect_view()}
                    </ul>
                    <button type="button" class="btn btn-link" on:click=move |_| live.published.set(None)>
                        {tr(Msg::Close)}
                    </button>
                </div>
            })}
        </div>
    }
}

/// Opens the live channel of the camp `slug()` for as long as the calling page is shown, and
/// closes it when the page goes away.
pub fn use_live(slug: impl Fn() -> String + Send + Sync + 'static) -> Live {
    let live = Live {
        reload: RwSignal::new(0),
        counts: RwSignal::new(HashMap::new()),
        online: RwSignal::new(true),
        published: RwSignal::new(None),
    };
    // Bumped when the device comes back online: the effect then opens a fresh connection
    // (closing the old one) and the page catches up.
    #[cfg(feature = "hydrate")]
    {
        let generation = RwSignal::new(0u32);
        Effect::new(move |_| connect(&slug(), live, generation));
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = slug;
    live
}

/// How the page reacts to one event of the channel.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
#[derive(Debug, PartialEq)]
enum Reaction {
    Counts(VoteCounts),
    Reload,
    /// The person lost access (removed): the whole page loads anew and says so.
    AccessEnded,
}

/// `last` is the number of the previous event (0 before the first one). New counts right
/// after it apply in place; anything else, or a gap, reloads the snapshot.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
fn react(data: &str, last: u64) -> (u64, Reaction) {
    if let Ok(counts) = serde_json::from_str::<VoteCounts>(data) {
        let seq = counts.seq;
        let reaction = match counts.follows(last) {
            true => Reaction::Counts(counts),
            false => Reaction::Reload,
        };
        return (seq, reaction);
    }
    let event: serde_json::Value = serde_json::from_str(data).unwrap_or_default();
    if event["kind"] == "AccessEnded" {
        return (last, Reaction::AccessEnded);
    }
    (event["seq"].as_u64().unwrap_or(0), Reaction::Reload)
}

#[cfg(feature = "hydrate")]
fn connect(slug: &str, live: Live, generation: RwSignal<u32>) {
    use std::cell::Cell;
    use std::rc::Rc;
    use wasm_bindgen::{closure::Closure, JsCast};

    // Every connection after the first one of the page starts by catching up.
    let catch_up = generation.get() > 0;
    let Ok(source) = web_sys::EventSource::new(&format!("/c/{slug}/events")) else {
        return;
    };
    let last_seq = Rc::new(Cell::new(0u64));
    let on_message =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
            let data = ev.data().as_string().unwrap_or_default();
            if let Some(moved) = published_moves(&data) {
                live.published.set(Some(moved));
            }
            let (seq, reaction) = react(&data, last_seq.get());
            last_seq.set(seq);
            match reaction {
                Reaction::Counts(folded) => live.counts.update(|m| m.extend(folded.counts)),
                Reaction::Reload => live.reload.update(|n| *n += 1),
                Reaction::AccessEnded => {
                    let _ = window().location().reload();
                }
            }
        });
    // The browser reconnects by itself after a dropped connection; every `open` after the
    // first is such a reconnect, after which the page catches up by reloading.
    let opened = Rc::new(Cell::new(catch_up));
    let on_open = Closure::<dyn FnMut()>::new(move || {
        live.online.set(true);
        if opened.replace(true) {
            live.reload.update(|n| *n += 1);
        }
    });
    // Until a retry succeeds, the page says it is offline.
    let on_error = Closure::<dyn FnMut()>::new(move || live.online.set(false));
    source.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    source.set_onopen(Some(on_open.as_ref().unchecked_ref()));
    source.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    // A phone that loses its network says so at once; an open stream may not notice for a
    // long time. Close it, and start afresh when the network is back.
    let closer = source.clone();
    let on_offline = Closure::<dyn FnMut()>::new(move || {
        live.online.set(false);
        closer.close();
    });
    let on_online = Closure::<dyn FnMut()>::new(move || generation.update(|n| *n += 1));
    let window = window();
    let _ = window.add_event_listener_with_callback("offline", on_offline.as_ref().unchecked_ref());
    let _ = window.add_event_listener_with_callback("online", on_online.as_ref().unchecked_ref());
    let handlers = send_wrapper::SendWrapper::new((
        source, on_message, on_open, on_error, on_offline, on_online,
    ));
    on_cleanup(move || {
        let (source, _, _, _, on_offline, on_online) = &*handlers;
        source.close();
        let window = leptos::prelude::window();
        let _ = window
            .remove_event_listener_with_callback("offline", on_offline.as_ref().unchecked_ref());
        let _ = window
            .remove_event_listener_with_callback("online", on_online.as_ref().unchecked_ref());
        drop(handlers);
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn publications_carry_their_moves() {
        let id = Uuid::new_v4();
        let data = format!(
            r#"{{"seq":3,"kind":"GridPublished","version":4,"moved":[{{"session":"{id}","title":"Akte","room":"Raum 3","starts_at":"2026-03-10T13:00:00Z"}}]}}"#
        );
        let moved = published_moves(&data).unwrap();
        assert_eq!(moved[0].room.as_deref(), Some("Raum 3"));
        assert_eq!(react(&data, 2).1, Reaction::Reload);
        assert_eq!(published_moves(r#"{"seq":1,"kind":"RulesChanged"}"#), None);
    }

    #[test]
    fn counts_apply_in_place_and_gaps_reload() {
        let id = Uuid::new_v4();
        let votes = |from: u64, seq: u64, count: &str| {
            format!(
                r#"{{"kind":"VoteCounts","seq":{seq},"from":{from},"counts":{{"{id}":{count}}}}}"#
            )
        };
        let counts = |from: u64, seq: u64, count: Option<i64>| VoteCounts {
            seq,
            from,
            counts: [(id, count)].into(),
        };
        assert_eq!(
            react(&votes(5, 7, "3"), 0),
            (7, Reaction::Counts(counts(5, 7, Some(3))))
        );
        assert_eq!(
            react(&votes(8, 8, "null"), 7),
            (8, Reaction::Counts(counts(8, 8, None)))
        );
        assert_eq!(react(&votes(10, 12, "4"), 8), (12, Reaction::Reload));
        let pitched = format!(r#"{{"seq":13,"kind":"SessionPitched","session":"{id}"}}"#);
        assert_eq!(react(&pitched, 12), (13, Reaction::Reload));
        assert_eq!(react(r#"{"kind":"Resync"}"#, 13), (0, Reaction::Reload));
        assert_eq!(
            react(r#"{"kind":"AccessEnded"}"#, 13),
            (13, Reaction::AccessEnded)
        );
    }
}
