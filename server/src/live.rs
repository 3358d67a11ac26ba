//! The live channels of a camp. One vote reaches every open page of the camp, so each event
//! going out to each page on its own costs a wake-up and a socket write per page and vote (a
//! million a second with 2,000 pages and 700 votes a second). Instead feed tasks take the
//! camp's events from the hub and gather them for a short window; at its end everything that
//! came goes out to the feed's pages as one ready-framed chunk (`data:` lines of server-sent
//! events): one write per page and window. Vote counts within a window are folded into one
//! event with the newest count per session (`VoteCounts`, standing for a range of event
//! numbers); everything else goes out as published, from the JSON the hub made once. Order
//! and numbering are kept, so pages still see every change or notice the gap.
//!
//! A camp has up to eight feeds, each for a share of its pages, whose windows end evenly out
//! of phase, so that the writes, and the requests waiting behind them, are spread over time.
//! A write to a page costs some 20-40 µs of CPU on the reference machine (loopback, 2
//! cores), so the window grows with the number of open channels: 100 µs per channel, between
//! 20 ms and 250 ms. That keeps the writes under about 10,000 a second however many pages are
//! open, while a small camp still sees changes within a few dozen milliseconds.
use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;

use app::domain::VoteCounts;
use app::server::push::{CampEvent, EventKind, Push};
use axum::body::Bytes;
use tokio::sync::broadcast::error::{RecvError, TryRecvError};
use tokio::sync::broadcast::{self, Receiver};
use tokio::time::Instant;
use tokio_stream::wrappers::errors::BroadcastStreamRecvError;
use tokio_stream::wrappers::BroadcastStream;
use tokio_stream::{Stream, StreamExt};
use uuid::Uuid;

/// How long events gather before they go out together (the live delay a reader may see
/// on top of the vote itself), per open channel and at least and at most.
const WINDOW_PER_CHANNEL: Duration = Duration::from_micros(100);
const WINDOW_MIN: Duration = Duration::from_millis(20);
const WINDOW_MAX: Duration = Duration::from_millis(250);
/// A comment line this long after the last write keeps proxies from closing the channel.
const KEEP_ALIVE: Duration = Duration::from_secs(15);
/// Chunks a page may fall behind (half a minute or more) before it is told to resync.
const FEED_CAPACITY: usize = if cfg!(test) { 16 } else { 128 };
const RESYNC: &[u8] = b"data: {\"kind\":\"Resync\"}\n\n";
/// The last event of a page whose person lost access: the page loads anew and says so.
const ACCESS_ENDED: &[u8] = b"data: {\"kind\":\"AccessEnded\"}\n\n";

fn window_length(open: &AtomicUsize) -> Duration {
    let open = open.load(Ordering::Relaxed).min(u32::MAX as usize) as u32;
    (WINDOW_PER_CHANNEL * open).clamp(WINDOW_MIN, WINDOW_MAX)
}

/// Events of one window, framed; `seqs` holds each event's sequence number and offset.
#[derive(Clone)]
struct Chunk {
    bytes: Bytes,
    seqs: Arc<[(u64, usize)]>,
}

struct Feed {
    tx: broadcast::Sender<Chunk>,
    /// The newest sequence number the feed has taken from the hub.
    taken: AtomicU64,
}

/// Feeds per camp. Each takes a share of the camp's pages, and they send evenly out of
/// phase: with one feed, a vote that arrives as a window closes waits behind a write to
/// every open page (some 50 ms with 2,000 pages); with eight it waits behind an eighth.
const SHARDS: usize = 8;

/// The feeds of one camp; a feed lives while pages listen.
struct CampFeeds {
    /// Where the feeds' windows are counted from.
    epoch: Instant,
    /// The shard of the next page.
    next: usize,
    shards: [Weak<Feed>; SHARDS],
}

/// The live channels of one router: the feeds of each camp and how many channels are open
/// (which sets the window). Held by the router's state, so that every router (each test
/// has its own) counts and feeds only its own pages.
pub struct Live {
    hub: Arc<dyn Push>,
    open: Arc<AtomicUsize>,
    feeds: Mutex<HashMap<Uuid, CampFeeds>>,
}

/// When the window of shard `shard` that is open at `now` ends: shards end their windows
/// every `window`, each `window / SHARDS` after the one before.
fn window_end(epoch: Instant, shard: usize, window: Duration, now: Instant) -> Instant {
    let start = epoch + window * shard as u32 / SHARDS as u32;
    let Some(since) = now.checked_duration_since(start) else {
        return start;
    };
    let ended = (since.as_nanos() / window.as_nanos().max(1)) as u32;
    start + window * (ended + 1)
}

impl Live {
    pub fn new(hub: Arc<dyn Push>) -> Live {
        Live {
            hub,
            open: Arc::default(),
            feeds: Mutex::default(),
        }
    }

    /// A new live channel for `camp`: it carries the events published from now on, and a
    /// comment line when nothing was written for [`KEEP_ALIVE`].
    /// The channel of `person`'s page. It ends, with a last `AccessEnded` event, as soon as
    /// the person loses access to the camp (or, should this channel miss revocations, at
    /// once too: the page reconnects, and access is checked again).
    pub fn subscribe(
        &self,
        camp: Uuid,
        person: Uuid,
    ) -> impl Stream<Item = Result<Bytes, Infallible>> {
        let mut revocations = self.hub.revocations();
        let revoked = async move {
            loop {
                match revocations.recv().await {
                    Ok(r) if r == (camp, person) => return,
                    Ok(_) => {}
                    Err(RecvError::Lagged(_)) => return,
                    Err(RecvError::Closed) => std::future::pending::<()>().await,
                }
            }
        };
        let events = futures_util::StreamExt::take_until(self.events(camp), revoked);
        events.chain(tokio_stream::once(Ok(Bytes::from_static(ACCESS_ENDED))))
    }

    fn events(&self, camp: Uuid) -> impl Stream<Item = Result<Bytes, Infallible>> {
        let (feed, rx, skip_through) = self.feed_for_new_page(camp);
        let open = Open::count(&self.open, feed);
        let keep_alive = tokio::time::interval_at(Instant::now() + KEEP_ALIVE, KEEP_ALIVE);
        BroadcastStream::new(rx)
            .filter_map(move |chunk| {
                // The channel holds its feed and its place in the count for as long as it lives.
                let _ = &open;
                match chunk {
                    Ok(chunk) => unseen(chunk, skip_through),
                    Err(BroadcastStreamRecvError::Lagged(_)) => Some(Bytes::from_static(RESYNC)),
                }
            })
            .timeout_repeating(keep_alive)
            .map(|chunk| Ok(chunk.unwrap_or_else(|_| Bytes::from_static(b":\n\n"))))
    }

    /// The feed of the shard a new page of `camp` joins (started if none runs), the page's
    /// receiver, and the newest event number the feed took before the page came. The receiver
    /// is made before that number is read: a chunk sent in between then reaches the page and
    /// is cut at the number, instead of passing it by (a gap the page would reload for).
    fn feed_for_new_page(&self, camp: Uuid) -> (Arc<Feed>, Receiver<Chunk>, u64) {
        let mut feeds = self.feeds.lock().unwrap_or_else(|e| e.into_inner());
        if !feeds.contains_key(&camp) {
            feeds.retain(|_, camp| camp.shards.iter().any(|f| f.strong_count() > 0));
        }
        let camp_feeds = feeds.entry(camp).or_insert_with(|| CampFeeds {
            epoch: Instant::now(),
            next: 0,
            shards: Default::default(),
        });
        let shard = camp_feeds.next % SHARDS;
        camp_feeds.next += 1;
        let feed = match camp_feeds.shards[shard].upgrade() {
            Some(feed) => feed,
            None => {
                let feed = Arc::new(Feed {
                    tx: broadcast::channel(FEED_CAPACITY).0,
                    taken: AtomicU64::new(0),
                });
                let pace = Pace {
                    epoch: camp_feeds.epoch,
                    shard,
                    open: self.open.clone(),
                };
                tokio::spawn(run_feed(
                    Arc::downgrade(&feed),
                    self.hub.subscribe(camp),
                    pace,
                ));
                camp_feeds.shards[shard] = Arc::downgrade(&feed);
                feed
            }
        };
        let rx = feed.tx.subscribe();
        let skip_through = feed.taken.load(Ordering::Acquire);
        (feed, rx, skip_through)
    }

    /// The live channel of a public schedule's anonymous readers: only what changes the
    /// published schedule (a publication, a changed session), straight from the hub. They are
    /// not batched like the members' channels: the schedule is read when voting, the flood of
    /// events, is over.
    pub fn public_events(&self, camp: Uuid) -> impl Stream<Item = Result<Bytes, Infallible>> {
        BroadcastStream::new(self.hub.subscribe(camp)).filter_map(|event| match event {
            Ok(e) => match e.kind {
                EventKind::GridPublished { .. } | EventKind::SessionChanged { .. } => {
                    Some(Ok(Bytes::from(format!("data: {}\n\n", e.json()))))
                }
                _ => None,
            },
            Err(_) => Some(Ok(Bytes::from_static(RESYNC))),
        })
    }
}

/// One open channel: keeps its feed alive and counts in the window's length while it lives.
struct Open {
    count: Arc<AtomicUsize>,
    _feed: Arc<Feed>,
}

impl Open {
    fn count(count: &Arc<AtomicUsize>, feed: Arc<Feed>) -> Open {
        count.fetch_add(1, Ordering::Relaxed);
        Open {
            count: count.clone(),
            _feed: feed,
        }
    }
}

impl Drop for Open {
    fn drop(&mut self) {
        self.count.fetch_sub(1, Ordering::Relaxed);
    }
}

/// What of `chunk` a page that subscribed after event `skip_through` has not seen: only the
/// first chunks can hold events from before the page came. A chunk without events (a
/// resync) goes out whole.
fn unseen(chunk: Chunk, skip_through: u64) -> Option<Bytes> {
    let from = chunk.seqs.iter().find(|(seq, _)| *seq > skip_through);
    match from {
        Some(&(_, offset)) => Some(chunk.bytes.slice(offset..)),
        None if chunk.seqs.is_empty() => Some(chunk.bytes),
        None => None,
    }
}

/// When a feed's windows end: counted from the camp's epoch, for its shard, as long as the
/// number of open channels says.
struct Pace {
    epoch: Instant,
    shard: usize,
    open: Arc<AtomicUsize>,
}

/// The events of one window as they will go out: framed, with vote counts folded (see
/// [`VoteCounts`]). A run of vote events is folded only up to the next other event, so the
/// order of everything stays as published.
#[derive(Default)]
struct Window {
    bytes: Vec<u8>,
    seqs: Vec<(u64, usize)>,
    counts: VoteCounts,
    /// The newest vote version per session sent so far (kept across windows): two votes
    /// that commit together may be published in either order, and pages must not see the
    /// older count last.
    newest: HashMap<Uuid, i64>,
}

impl Window {
    /// Adds one event from the hub; returns its number.
    fn take(&mut self, event: Result<CampEvent, RecvError>) -> Option<u64> {
        match event {
            Ok(event) => {
                if let EventKind::VoteCountChanged {
                    session,
                    count,
                    version,
                } = event.kind
                {
                    let newest = self.newest.entry(session).or_default();
                    if version > *newest {
                        *newest = version;
                        self.counts.add(event.seq, session, count);
                    } else {
                        self.counts.cover(event.seq);
                    }
                } else {
                    self.fold_counts();
                    self.frame(event.seq, event.json().as_bytes());
                }
                Some(event.seq)
            }
            // Fell more than the hub's buffer behind: everyone refetches.
            Err(RecvError::Lagged(_)) => {
                self.fold_counts();
                self.bytes.extend_from_slice(RESYNC);
                None
            }
            Err(RecvError::Closed) => None,
        }
    }

    fn fold_counts(&mut self) {
        if self.counts.is_empty() {
            return;
        }
        let counts = std::mem::take(&mut self.counts);
        let json = serde_json::to_vec(&counts).unwrap_or_default();
        self.frame(counts.seq, &json);
    }

    /// `seq` is the newest event number the frame stands for.
    fn frame(&mut self, seq: u64, json: &[u8]) {
        self.seqs.push((seq, self.bytes.len()));
        self.bytes.extend_from_slice(b"data: ");
        self.bytes.extend_from_slice(json);
        self.bytes.extend_from_slice(b"\n\n");
    }

    /// Everything taken so far, framed; the window starts over.
    fn take_chunk(&mut self) -> Chunk {
        self.fold_counts();
        Chunk {
            bytes: Bytes::from(std::mem::take(&mut self.bytes)),
            seqs: std::mem::take(&mut self.seqs).into(),
        }
    }
}

/// Takes the camp's events from the hub and sends them on in windows, until no page
/// listens any more (noticed at the next event) or the hub goes away. `pace` is the epoch
/// and shard the feed's windows end by.
async fn run_feed(feed: Weak<Feed>, mut hub: Receiver<CampEvent>, pace: Pace) {
    let mut window = Window::default();
    // Takes an event; keeps `taken` current for pages that subscribe meanwhile. False once
    // the hub is gone.
    let take = |window: &mut Window, event: Result<CampEvent, RecvError>| {
        let closed = matches!(event, Err(RecvError::Closed));
        if let (Some(seq), Some(f)) = (window.take(event), feed.upgrade()) {
            f.taken.store(seq, Ordering::Release);
        }
        !closed
    };
    loop {
        let first = hub.recv().await;
        if feed.strong_count() == 0 || !take(&mut window, first) {
            return;
        }
        let length = window_length(&pace.open);
        let end =
            tokio::time::sleep_until(window_end(pace.epoch, pace.shard, length, Instant::now()));
        tokio::pin!(end);
        let mut open = true;
        while open {
            tokio::select! {
                biased;
                () = &mut end => break,
                event = hub.recv() => open = take(&mut window, event),
            }
        }
        // What was published before the window closed goes with it.
        while open {
            match hub.try_recv() {
                Ok(event) => open = take(&mut window, Ok(event)),
                Err(TryRecvError::Lagged(n)) => open = take(&mut window, Err(RecvError::Lagged(n))),
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Closed) => open = false,
            }
        }
        let Some(f) = feed.upgrade() else {
            return;
        };
        let _ = f.tx.send(window.take_chunk());
        if !open {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::server::push::LocalHub;
    use tokio_stream::StreamExt;

    /// A vote on the nil session that made its count `count`; versions go with counts.
    fn vote(count: i64) -> EventKind {
        EventKind::VoteCountChanged {
            session: Uuid::nil(),
            count: Some(count),
            version: count,
        }
    }

    /// The folded vote events `from..=seq`, the last of which set the count to `count`.
    fn line(from: u64, seq: u64, count: i64) -> String {
        format!(
            "data: {{\"kind\":\"VoteCounts\",\"seq\":{seq},\"from\":{from},\"counts\":{{\"{}\":{count}}}}}\n\n",
            Uuid::nil()
        )
    }

    type Channel = std::pin::Pin<Box<dyn Stream<Item = Result<Bytes, Infallible>> + Send>>;

    /// A live channel of `camp` as its page reads it.
    fn subscribe(live: &Live, camp: Uuid) -> Channel {
        Box::pin(live.subscribe(camp, Uuid::new_v4()))
    }

    async fn next(channel: &mut Channel) -> String {
        let chunk = tokio::time::timeout(Duration::from_secs(5), channel.next())
            .await
            .unwrap()
            .unwrap()
            .unwrap();
        String::from_utf8(chunk.to_vec()).unwrap()
    }

    #[tokio::test]
    async fn events_of_one_window_reach_every_page_together_in_order() {
        let live = Live::new(LocalHub::shared());
        let camp = Uuid::new_v4();
        let (mut one, mut two) = (subscribe(&live, camp), subscribe(&live, camp));
        live.hub.publish(camp, vote(1));
        live.hub.publish(camp, vote(2));
        // Two votes on one session in one window: one event with the newer count.
        assert_eq!(next(&mut one).await, line(1, 2, 2));
        assert_eq!(next(&mut two).await, line(1, 2, 2));
        // A page that comes later gets only what is published after it came.
        let mut three = subscribe(&live, camp);
        live.hub.publish(camp, vote(3));
        assert_eq!(next(&mut three).await, line(3, 3, 3));
        assert_eq!(next(&mut one).await, line(3, 3, 3));
    }

    #[tokio::test]
    async fn a_removed_persons_channel_ends_at_once_and_the_others_go_on() {
        let live = Live::new(LocalHub::shared());
        let (camp, other_camp, removed) = (Uuid::new_v4(), Uuid::new_v4(), Uuid::new_v4());
        let mut gone: Channel = Box::pin(live.subscribe(camp, removed));
        let mut elsewhere: Channel = Box::pin(live.subscribe(other_camp, removed));
        let mut stays = subscribe(&live, camp);
        live.hub.revoke(camp, removed);
        assert_eq!(
            next(&mut gone).await,
            "data: {\"kind\":\"AccessEnded\"}\n\n"
        );
        let end = tokio::time::timeout(Duration::from_secs(5), gone.next()).await;
        assert!(end.unwrap().is_none(), "the channel is closed");
        live.hub.publish(camp, vote(1));
        live.hub.publish(other_camp, vote(1));
        assert_eq!(next(&mut stays).await, line(1, 1, 1));
        assert_eq!(next(&mut elsewhere).await, line(1, 1, 1));
    }

    #[tokio::test]
    async fn other_events_keep_their_place_between_folded_counts() {
        let live = Live::new(LocalHub::shared());
        let camp = Uuid::new_v4();
        let mut page = subscribe(&live, camp);
        live.hub.publish(camp, vote(1));
        live.hub.publish(camp, vote(2));
        live.hub.publish(camp, EventKind::RulesChanged);
        live.hub.publish(camp, vote(3));
        let expected = format!(
            "{}data: {{\"seq\":3,\"kind\":\"RulesChanged\"}}\n\n{}",
            line(1, 2, 2),
            line(4, 4, 3)
        );
        assert_eq!(next(&mut page).await, expected);
    }

    #[tokio::test]
    async fn an_older_count_published_late_never_replaces_a_newer_one() {
        let live = Live::new(LocalHub::shared());
        let camp = Uuid::new_v4();
        let mut page = subscribe(&live, camp);
        live.hub.publish(camp, vote(2));
        live.hub.publish(camp, vote(1));
        assert_eq!(next(&mut page).await, line(1, 2, 2));
        // Also when the late one comes in the next window: it only moves the numbers on.
        live.hub.publish(camp, vote(0));
        assert_eq!(
            next(&mut page).await,
            "data: {\"kind\":\"VoteCounts\",\"seq\":3,\"from\":3,\"counts\":{}}\n\n"
        );
    }

    #[test]
    fn shards_end_their_windows_evenly_out_of_phase() {
        let epoch = Instant::now();
        let w = Duration::from_millis(80);
        let ends: Vec<Duration> = (0..SHARDS)
            .map(|shard| window_end(epoch, shard, w, epoch + Duration::from_millis(1)) - epoch)
            .collect();
        let step = w / SHARDS as u32;
        let expected: Vec<Duration> = (0..SHARDS as u32)
            .map(|k| if k == 0 { w } else { step * k })
            .collect();
        assert_eq!(ends, expected);
        // Right on a tick, the window runs to the next one.
        assert_eq!(window_end(epoch, 0, w, epoch + w), epoch + w * 2);
    }

    #[tokio::test]
    async fn a_page_that_falls_far_behind_is_told_to_resync() {
        let live = Live::new(LocalHub::shared());
        let camp = Uuid::new_v4();
        let mut slow = subscribe(&live, camp);
        for i in 0..(FEED_CAPACITY as i64 + 4) {
            live.hub.publish(camp, vote(i));
            tokio::time::sleep(WINDOW_MIN + Duration::from_millis(10)).await;
        }
        assert_eq!(next(&mut slow).await, std::str::from_utf8(RESYNC).unwrap());
    }
}
