//! One listener: a participant's open live channel. Parses `data:` lines minimally (seq,
//! kind, session, count), counts gaps and repeats in `seq`, and times each vote event
//! against the send time of the vote whose answer carried the same (session, count).
use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Instant;

use http::{HeaderValue, Uri};
use http_body_util::BodyExt;
use memchr::memmem;
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
    /// Session id (36 ASCII bytes) -> index.
    pub sessions: HashMap<Vec<u8>, u32>,
    /// Per listener: the last `seq` seen, for the wait at the end.
    pub progress: Vec<AtomicU64>,
}

impl Shared {
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
    let Some(seq) = number_after(json, b"\"seq\":") else {
        // Only `Resync` comes without a sequence number.
        if memmem::find(json, b"Resync").is_some() {
            stats.resyncs += 1;
        } else {
            stats.other_kinds += 1;
        }
        return;
    };
    stats.events += 1;
    match stats.first_seq {
        None => stats.first_seq = Some(seq),
        Some(_) if seq <= stats.last_seq => {
            stats.duplicated += 1;
            return;
        }
        Some(_) => stats.lost += seq - stats.last_seq - 1,
    }
    stats.last_seq = seq;
    if memmem::find(json, b"\"kind\":\"VoteCountChanged\"").is_none() {
        stats.other_kinds += 1;
        return;
    }
    stats.vote_events += 1;
    let session = string_after(json, b"\"session\":\"").and_then(|s| shared.sessions.get(s));
    match (session, number_after(json, b"\"count\":")) {
        (Some(&session), Some(count)) => {
            pending.queue.push_back((session, count, now));
        }
        _ => stats.unmatched += 1,
    }
}

fn number_after(hay: &[u8], key: &[u8]) -> Option<u64> {
    let at = memmem::find(hay, key)? + key.len();
    let digits = hay[at..]
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .fold((0u64, 0usize), |(n, len), b| {
            (n * 10 + (b - b'0') as u64, len + 1)
        });
    (digits.1 > 0).then_some(digits.0)
}

fn string_after<'a>(hay: &'a [u8], key: &[u8]) -> Option<&'a [u8]> {
    let at = memmem::find(hay, key)? + key.len();
    let len = memchr::memchr(b'"', &hay[at..])?;
    Some(&hay[at..at + len])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minimal_parsing() {
        let line = br#" {"seq":5,"kind":"VoteCountChanged","session":"0b1e","count":3}"#;
        assert_eq!(number_after(line, b"\"seq\":"), Some(5));
        assert_eq!(number_after(line, b"\"count\":"), Some(3));
        assert_eq!(string_after(line, b"\"session\":\""), Some(&b"0b1e"[..]));
        assert_eq!(number_after(br#"{"count":null}"#, b"\"count\":"), None);
    }
}
