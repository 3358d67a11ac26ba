//! One listener: a participant's open live channel. Parses `data:` lines minimally, counts
//! gaps and repeats in the event numbers, and times each vote against the arrival of its
//! count. The server folds the vote events of a moment into one `VoteCounts` event with the
//! newest count per session; marks only ever add one, so a count of `c` on a listener's
//! screen shows every vote that got a count up to `c`, and each of those is timed from its
//! send to this arrival.
use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Instant;

use http::{HeaderValue, Uri};
use http_body_util::BodyExt;
use tokio::sync::watch;

use crate::hist::Hist;
use crate::http::Api;

/// What listeners and vote tasks share.
pub struct Shared {
    pub t0: Instant,
    /// Row length of `sent_at`: the largest possible count plus one.
    pub stride: usize,
    /// Per (session, count): when the vote that got this count was sent, in ns since `t0`,
    /// plus one; 0 while no answer carried that pair.
    pub sent_at: Vec<AtomicU64>,
    /// Session ids (36 ASCII bytes) by index.
    pub session_ids: Vec<Vec<u8>>,
    /// The first 16 hex digits of a session id -> index (see `session_index`).
    pub session_keys: HashMap<u64, u32, BuildNoHash>,
    /// Per listener: the last `seq` seen, for the wait at the end.
    pub progress: Vec<AtomicU64>,
}

/// Session ids are random, so their leading digits are a hash already.
#[derive(Default, Clone, Copy)]
pub struct BuildNoHash;

#[derive(Default)]
pub struct NoHash(u64);

impl std::hash::BuildHasher for BuildNoHash {
    type Hasher = NoHash;
    fn build_hasher(&self) -> NoHash {
        NoHash(0)
    }
}

impl std::hash::Hasher for NoHash {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = self.0.rotate_left(8) ^ *b as u64;
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// The first 16 hex digits of a UUID as a number.
pub fn session_key(id: &[u8]) -> Option<u64> {
    let mut key = 0u64;
    let mut digits = 0;
    for &b in id {
        let d = match b {
            b'0'..=b'9' => b - b'0',
            b'a'..=b'f' => b - b'a' + 10,
            b'A'..=b'F' => b - b'A' + 10,
            b'-' => continue,
            _ => return None,
        };
        key = key << 4 | d as u64;
        digits += 1;
        if digits == 16 {
            return Some(key);
        }
    }
    None
}

impl Shared {
    pub fn session_index(&self, id: &[u8]) -> Option<u32> {
        let i = *self.session_keys.get(&session_key(id)?)?;
        (self.session_ids[i as usize] == id).then_some(i)
    }

    pub fn now_ns(&self) -> u64 {
        self.t0.elapsed().as_nanos() as u64
    }

    fn sent(&self, session: u32, count: u64) -> Option<u64> {
        let i = session as usize * self.stride + count as usize;
        match self.sent_at.get(i)?.load(Ordering::Acquire) {
            0 => None,
            t => Some(t - 1),
        }
    }
}

#[derive(Default)]
pub struct Stats {
    pub connect_error: Option<String>,
    /// The server closed the stream (or it broke) before the end.
    pub ended_early: Option<String>,
    pub events: u64,
    /// Body chunks read (events per chunk shows how the server batches).
    pub chunks: u64,
    pub first_seq: Option<u64>,
    pub last_seq: u64,
    /// Events missing between consecutive sequence numbers.
    pub lost: u64,
    /// Events whose `seq` was not above the last one seen.
    pub duplicated: u64,
    pub resyncs: u64,
    pub vote_events: u64,
    /// Session counts carried by the vote events (several votes fold into one).
    pub counts: u64,
    /// Vote events matched to an acknowledged vote (timed).
    pub matched: u64,
    /// Vote events no acknowledged vote explains (answer lost or not a vote of ours).
    pub unmatched: u64,
    pub other_kinds: u64,
    /// Vote-to-listener latency, microseconds.
    pub hist: Hist,
}

/// Events seen before the vote's answer reached the vote task: (session, count, received).
struct Pending {
    queue: VecDeque<(u32, u64, u64)>,
    /// Not resolvable for a while; looked at again at the end.
    parked: Vec<(u32, u64, u64)>,
    /// Per session, the newest count this listener has seen.
    seen: Vec<u64>,
}

const PARK_AFTER_NS: u64 = 5_000_000_000;

impl Pending {
    fn settle(&mut self, shared: &Shared, stats: &mut Stats, now: u64) {
        while let Some(&(session, count, at)) = self.queue.front() {
            if let Some(sent) = shared.sent(session, count) {
                stats.matched += 1;
                stats.hist.record(at.saturating_sub(sent) / 1000);
            } else if now.saturating_sub(at) > PARK_AFTER_NS {
                self.parked.push((session, count, at));
            } else {
                break;
            }
            self.queue.pop_front();
        }
    }

    fn finish(mut self, shared: &Shared, stats: &mut Stats) {
        self.parked.extend(self.queue.drain(..));
        for (session, count, at) in self.parked {
            match shared.sent(session, count) {
                Some(sent) => {
                    stats.matched += 1;
                    stats.hist.record(at.saturating_sub(sent) / 1000);
                }
                None => stats.unmatched += 1,
            }
        }
    }
}

/// Connects, reports on `connected`, then reads until `stop` turns true.
pub async fn run(
    api: Api,
    uri: Uri,
    cookie: HeaderValue,
    id: usize,
    shared: Arc<Shared>,
    connected: tokio::sync::mpsc::Sender<bool>,
    mut stop: watch::Receiver<bool>,
) -> Stats {
    let mut stats = Stats::default();
    let mut body = match api.stream(uri, &cookie).await {
        Ok((200, body)) => body,
        Ok((status, _)) => {
            stats.connect_error = Some(format!("HTTP {status}"));
            let _ = connected.send(false).await;
            return stats;
        }
        Err(e) => {
            stats.connect_error = Some(e);
            let _ = connected.send(false).await;
            return stats;
        }
    };
    let _ = connected.send(true).await;
    drop(connected);
    let mut pending = Pending {
        queue: VecDeque::new(),
        parked: Vec::new(),
        seen: vec![0; shared.session_ids.len()],
    };
    let mut buf: Vec<u8> = Vec::with_capacity(4096);
    loop {
        let frame = tokio::select! {
            biased;
            _ = stop.changed() => break,
            frame = body.frame() => frame,
        };
        let data = match frame {
            Some(Ok(frame)) => match frame.into_data() {
                Ok(data) => data,
                Err(_) => continue,
            },
            Some(Err(e)) => {
                stats.ended_early = Some(e.to_string());
                break;
            }
            None => {
                stats.ended_early = Some("stream closed by the server".into());
                break;
            }
        };
        let now = shared.now_ns();
        stats.chunks += 1;
        buf.extend_from_slice(&data);
        let mut start = 0;
        while let Some(nl) = memchr::memchr(b'\n', &buf[start..]) {
            let line = &buf[start..start + nl];
            start += nl + 1;
            if let Some(json) = line.strip_prefix(b"data:") {
                on_event(json, now, &shared, &mut stats, &mut pending);
            }
        }
        buf.drain(..start);
        pending.settle(&shared, &mut stats, now);
        shared.progress[id].store(stats.last_seq, Ordering::Relaxed);
    }
    pending.finish(&shared, &mut stats);
    stats
}

fn on_event(json: &[u8], now: u64, shared: &Shared, stats: &mut Stats, pending: &mut Pending) {
    if let Some(folded) = Folded::parse(json) {
        if !in_sequence(stats, folded.from, folded.seq) {
            return;
        }
        stats.vote_events += 1;
        for (id, count) in folded.counts() {
            stats.counts += 1;
            match (shared.session_index(id), count) {
                (Some(session), Some(count)) => pending.counted(session, count, now, stats),
                _ => stats.unmatched += 1,
            }
        }
        return;
    }
    let event = Fields::parse(json);
    let Some(seq) = event.seq else {
        // Only `Resync` comes without a sequence number.
        if event.kind == b"Resync" {
            stats.resyncs += 1;
        } else {
            stats.other_kinds += 1;
        }
        return;
    };
    if in_sequence(stats, seq, seq) {
        stats.other_kinds += 1;
    }
}

/// Books an event standing for the numbers `from..=seq`; false when it was seen already.
fn in_sequence(stats: &mut Stats, from: u64, seq: u64) -> bool {
    stats.events += 1;
    match stats.first_seq {
        None => stats.first_seq = Some(from),
        Some(_) if from <= stats.last_seq => {
            stats.duplicated += 1;
            return false;
        }
        Some(_) => stats.lost += from - stats.last_seq - 1,
    }
    stats.last_seq = seq;
    true
}

impl Pending {
    /// `session` now shows `count`: every vote that got a count up to it has arrived.
    fn counted(&mut self, session: u32, count: u64, now: u64, stats: &mut Stats) {
        let seen = &mut self.seen[session as usize];
        if count <= *seen {
            // An older count after a newer one: the screen went backwards.
            stats.duplicated += 1;
            return;
        }
        for c in *seen + 1..=count {
            self.queue.push_back((session, c, now));
        }
        *seen = count;
    }
}

/// A `VoteCounts` event in the server's field order:
/// `{"kind":"VoteCounts","seq":N,"from":N,"counts":{"<36>":N|null,...}}`.
struct Folded<'a> {
    seq: u64,
    from: u64,
    counts: &'a [u8],
}

impl<'a> Folded<'a> {
    fn parse(json: &'a [u8]) -> Option<Folded<'a>> {
        let rest = json.trim_ascii_start();
        let rest = rest.strip_prefix(b"{\"kind\":\"VoteCounts\",\"seq\":")?;
        let (seq, rest) = leading_number(rest)?;
        let (from, rest) = leading_number(rest.strip_prefix(b",\"from\":")?)?;
        let counts = rest.strip_prefix(b",\"counts\":{")?.strip_suffix(b"}}")?;
        Some(Folded { seq, from, counts })
    }

    /// (session id, count) pairs; `None` for a hidden count.
    fn counts(&self) -> impl Iterator<Item = (&'a [u8], Option<u64>)> + 'a {
        self.counts
            .split(|&b| b == b',')
            .filter(|pair| !pair.is_empty())
            .map(|pair| {
                let (id, count) = pair.split_at(pair.len().min(39));
                let id = id.strip_prefix(b"\"").and_then(|i| i.strip_suffix(b"\":"));
                (id.unwrap_or(b""), number(count))
            })
    }
}

fn leading_number(bytes: &[u8]) -> Option<(u64, &[u8])> {
    let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    Some((number(&bytes[..digits])?, &bytes[digits..]))
}

/// The fields of any other flat JSON event that matter here, in one pass and without
/// allocating. Unknown keys are skipped; a value that is not a plain number counts as absent.
#[derive(Default, Debug, PartialEq)]
struct Fields<'a> {
    seq: Option<u64>,
    kind: &'a [u8],
}

impl<'a> Fields<'a> {
    fn parse(json: &'a [u8]) -> Fields<'a> {
        let mut out = Fields::default();
        let mut i = 0;
        let n = json.len();
        while i < n {
            // The next key.
            let Some(q) = memchr::memchr(b'"', &json[i..]) else {
                break;
            };
            let key_start = i + q + 1;
            let Some(q) = memchr::memchr(b'"', &json[key_start..]) else {
                break;
            };
            let key = &json[key_start..key_start + q];
            i = key_start + q + 1;
            while i < n && (json[i] == b':' || json[i] == b' ') {
                i += 1;
            }
            if i < n && json[i] == b'"' {
                // A string value (ours never hold escapes, but skip them properly).
                let start = i + 1;
                let mut j = start;
                while j < n && json[j] != b'"' {
                    j += if json[j] == b'\\' { 2 } else { 1 };
                }
                let value = &json[start..j.min(n)];
                if key == b"kind" {
                    out.kind = value;
                }
                i = j + 1;
            } else {
                let start = i;
                while i < n && json[i] != b',' && json[i] != b'}' {
                    i += 1;
                }
                if key == b"seq" {
                    out.seq = number(&json[start..i]);
                }
            }
            // Past the separator.
            while i < n && json[i] != b',' {
                i += 1;
            }
            i += 1;
        }
        out
    }
}

fn number(digits: &[u8]) -> Option<u64> {
    (!digits.is_empty() && digits.len() < 20 && digits.iter().all(u8::is_ascii_digit))
        .then(|| digits.iter().fold(0u64, |v, d| v * 10 + (d - b'0') as u64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minimal_parsing() {
        let other = br#" {"seq":7,"kind":"SessionChanged","title":"a \"b\", c","session":"y"}"#;
        assert_eq!(
            Fields::parse(other),
            Fields {
                seq: Some(7),
                kind: b"SessionChanged"
            }
        );
        assert_eq!(Fields::parse(br#"{"kind":"Resync"}"#).kind, b"Resync");
        let (a, b) = (
            "0b1e2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
            "1b1e2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
        );
        let line = format!(
            r#"{{"kind":"VoteCounts","seq":12,"from":9,"counts":{{"{a}":40,"{b}":null}}}}"#
        );
        let folded = Folded::parse(line.as_bytes()).expect("vote counts");
        assert_eq!((folded.seq, folded.from), (12, 9));
        assert_eq!(
            folded.counts().collect::<Vec<_>>(),
            vec![(a.as_bytes(), Some(40)), (b.as_bytes(), None)]
        );
        assert!(Folded::parse(other).is_none());
        assert_eq!(session_key(a.as_bytes()), Some(0x0b1e2c3d4e5f4a6b));
    }
}
