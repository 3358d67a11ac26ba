//! `campgrid-loadgen`: a rerunnable load generator for the session board, a benchmark rather
//! than a test. Through the real HTTP endpoints of a running server it creates a moderator
//! (or signs in), a camp, N participants and the pitched sessions, opens M live channels and
//! then sends interest marks open-loop at a fixed rate (sends follow a timetable and never
//! wait for answers, so latencies include queueing). It reports vote latency, vote-to-listener
//! latency, lost and repeated events, whether the database's counts match the acknowledged
//! marks, and the server's memory. Exit code 1 when a check fails (not for latency targets),
//! 2 when the run could not be set up. `make bench-board` runs it against a fresh server.
mod hist;
mod http;
mod listen;

use std::collections::{BTreeMap, HashMap};
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use ::http::HeaderValue;
use clap::Parser;
use tokio::sync::{mpsc, watch, Semaphore};
use tokio::task::JoinSet;

use crate::hist::{sorted_quantile, Hist};
use crate::http::{form, Api};
use crate::listen::Shared;

#[derive(Parser, Debug, Clone)]
#[command(
    name = "campgrid-loadgen",
    about = "Load generator for the campgrid session board (votes + live channel)"
)]
struct Args {
    /// The server, http://HOST:PORT (also sent as Origin for the CSRF guard).
    #[arg(long, default_value = "http://127.0.0.1:3199")]
    base_url: String,
    /// Participants who join the camp (each with its own sign-in cookie).
    #[arg(long, default_value_t = 2000)]
    participants: usize,
    /// Open live channels, one per participant (at most --participants).
    #[arg(long, default_value_t = 2000)]
    listeners: usize,
    /// Sessions pitched before the burst, each by a different participant.
    #[arg(long, default_value_t = 40)]
    sessions: usize,
    /// Votes per second during the burst (open loop).
    #[arg(long, default_value_t = 700.0)]
    rate: f64,
    /// Length of the burst in seconds.
    #[arg(long, default_value_t = 60.0)]
    duration: f64,
    /// The server's process id, for its memory and CPU figures from /proc.
    #[arg(long)]
    server_pid: Option<u32>,
    /// Concurrent requests while joining, pitching and connecting listeners.
    #[arg(long, default_value_t = 32)]
    setup_concurrency: usize,
    /// Votes on the wire at most (default: --participants, as if every participant had one
    /// connection). Further votes wait their turn in the generator; their latency still runs
    /// from the scheduled send time.
    #[arg(long)]
    max_in_flight: Option<usize>,
    /// Seconds to wait for listeners to catch up after the last vote answer.
    #[arg(long, default_value_t = 30)]
    drain: u64,
    /// Seconds after which an unanswered vote counts as timed out.
    #[arg(long, default_value_t = 30)]
    vote_timeout: u64,
    /// Seed for choosing voters and sessions.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// The moderator account: created by the first-start setup on a fresh database,
    /// otherwise signed in with.
    #[arg(long, default_value = "loadgen@example.org")]
    moderator_email: String,
    #[arg(long, default_value = "loadgen-password-1")]
    moderator_password: String,
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    match run(args).await {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("campgrid-loadgen: {e}");
            ExitCode::from(2)
        }
    }
}

fn note(msg: impl AsRef<str>) {
    eprintln!("[loadgen] {}", msg.as_ref());
}

/// xorshift64*: enough randomness for picking voters, and reproducible by `--seed`.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

struct Camp {
    slug: String,
    moderator: HeaderValue,
    participants: Vec<HeaderValue>,
    /// Session ids in pitch order, and who hosts each (participant index).
    session_ids: Vec<String>,
    hosts: Vec<usize>,
}

#[derive(Default)]
struct VoteStats {
    sent: u64,
    acked: u64,
    /// Non-200 answers by status.
    refused: BTreeMap<u16, u64>,
    transport_errors: u64,
    timeouts: u64,
    first_error: Option<String>,
    first_transport_error: Option<String>,
    /// 200 answers without a count (blind voting) or with an unreadable body.
    no_count: u64,
    /// Two answers carried the same (session, count).
    repeated_counts: u64,
    /// From the scheduled send time to the full answer, microseconds.
    latencies_us: Vec<u64>,
    per_session: Vec<u64>,
    last_answer_ns: u64,
}

async fn run(args: Args) -> Result<bool, String> {
    if args.listeners > args.participants {
        return Err("--listeners cannot exceed --participants".into());
    }
    if args.sessions == 0 || args.sessions > args.participants {
        return Err("--sessions must be between 1 and --participants".into());
    }
    if args.rate <= 0.0 || args.duration <= 0.0 {
        return Err("--rate and --duration must be positive".into());
    }
    let api = Arc::new(Api::new(&args.base_url)?);
    wait_healthy(&api).await?;

    let t_setup = Instant::now();
    let camp = set_up_camp(&api, &args).await?;
    let setup_secs = t_setup.elapsed().as_secs_f64();
    let after_setup = args.server_pid.and_then(proc_status);

    // The vote plan: distinct (participant, session) pairs, never a host on their own session,
    // so every acknowledged mark gets a count no other answer has.
    let total = (args.rate * args.duration).round() as usize;
    let mut pairs: Vec<(u32, u32)> = Vec::new();
    for p in 0..args.participants {
        for (s, &host) in camp.hosts.iter().enumerate() {
            if host != p {
                pairs.push((p as u32, s as u32));
            }
        }
    }
    if total > pairs.len() {
        return Err(format!(
            "{total} votes wanted but only {} distinct (participant, session) marks exist: \
             raise --participants or --sessions, or lower --rate/--duration",
            pairs.len()
        ));
    }
    let mut rng = Rng(args.seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    for i in 0..total {
        let j = i + rng.below(pairs.len() - i);
        pairs.swap(i, j);
    }
    pairs.truncate(total);

    let stride = args.participants + 2;
    let shared = Arc::new(Shared {
        t0: Instant::now(),
        stride,
        sent_at: (0..args.sessions * stride)
            .map(|_| AtomicU64::new(0))
            .collect(),
        session_ids: camp
            .session_ids
            .iter()
            .map(|id| id.as_bytes().to_vec())
            .collect(),
        session_keys: camp
            .session_ids
            .iter()
            .enumerate()
            .filter_map(|(i, id)| Some((listen::session_key(id.as_bytes())?, i as u32)))
            .collect(),
        progress: (0..args.listeners).map(|_| AtomicU64::new(0)).collect(),
    });

    // Listeners: open all channels before the first vote, so none misses the start.
    let t_listen = Instant::now();
    let (stop_tx, stop_rx) = watch::channel(false);
    let (conn_tx, mut conn_rx) = mpsc::channel::<bool>(args.listeners.max(1));
    let events_uri = api.uri(&format!("/c/{}/events", camp.slug));
    let gate = Arc::new(Semaphore::new(args.setup_concurrency.max(1)));
    let mut listeners = JoinSet::new();
    for id in 0..args.listeners {
        let (api, uri, cookie) = (
            (*api).clone(),
            events_uri.clone(),
            camp.participants[id].clone(),
        );
        let (shared, conn_tx, stop_rx, gate) = (
            shared.clone(),
            conn_tx.clone(),
            stop_rx.clone(),
            gate.clone(),
        );
        listeners.spawn(async move {
            let permit = gate.acquire_owned().await.expect("semaphore");
            let (tx, mut rx) = mpsc::channel(1);
            let task = tokio::spawn(listen::run(api, uri, cookie, id, shared, tx, stop_rx));
            let ok = rx.recv().await.unwrap_or(false);
            drop(permit);
            let _ = conn_tx.send(ok).await;
            drop(conn_tx);
            task.await.unwrap_or_default()
        });
    }
    drop(conn_tx);
    let mut connected = 0usize;
    let mut connect_failures = 0usize;
    while connected + connect_failures < args.listeners {
        let Some(ok) = conn_rx.recv().await else {
            break;
        };
        if ok {
            connected += 1;
        } else {
            connect_failures += 1;
        }
    }
    let listen_secs = t_listen.elapsed().as_secs_f64();
    note(format!(
        "{connected} listeners connected ({connect_failures} failed) in {listen_secs:.1} s"
    ));

    let pid = args.server_pid;
    let before = pid.and_then(proc_status);
    let sampler = pid.map(|pid| {
        let (tx, rx) = watch::channel(false);
        (tx, tokio::spawn(sample_rss(pid, rx)))
    });
    let server_cpu_0 = pid.and_then(proc_cpu_ticks);
    let self_cpu_0 = proc_cpu_ticks(std::process::id());
    let machine_0 = machine_busy_ticks();

    // The burst.
    note(format!(
        "burst: {total} votes at {} /s for {} s",
        args.rate, args.duration
    ));
    let votes = Arc::new(Mutex::new(VoteStats {
        latencies_us: Vec::with_capacity(total),
        per_session: vec![0; args.sessions],
        ..Default::default()
    }));
    let vote_uri = api.uri("/api/vote");
    let session_forms: Vec<String> = camp
        .session_ids
        .iter()
        .map(|id| form(&[("camp", &camp.slug), ("session", id), ("mark", "true")]))
        .collect();
    let interval_ns = 1e9 / args.rate;
    let burst_start = Instant::now() + Duration::from_millis(50);
    let burst_start_ns = (burst_start - shared.t0).as_nanos() as u64;
    let mut in_flight = JoinSet::new();
    let wire = Arc::new(Semaphore::new(
        args.max_in_flight.unwrap_or(args.participants).max(1),
    ));
    let mut max_lag = Duration::ZERO;
    let mut next_progress = Duration::from_secs(10);
    let mut answered_before = 0;
    for (i, &(p, s)) in pairs.iter().enumerate() {
        let offset = Duration::from_nanos((i as f64 * interval_ns) as u64);
        let due = burst_start + offset;
        let now = Instant::now();
        if due > now {
            tokio::time::sleep_until(due.into()).await;
        } else {
            max_lag = max_lag.max(now - due);
        }
        if offset >= next_progress {
            let v = votes.lock().unwrap();
            // Latency of the answers that came in these ten seconds.
            let mut recent = v.latencies_us[answered_before..].to_vec();
            answered_before = v.latencies_us.len();
            recent.sort_unstable();
            note(format!(
                "t={:>3}s sent {} acked {} in flight {}; last 10 s: p50 {} p99 {}",
                next_progress.as_secs(),
                i,
                v.acked,
                in_flight.len(),
                ms(sorted_quantile(&recent, 0.5)),
                ms(sorted_quantile(&recent, 0.99)),
            ));
            next_progress += Duration::from_secs(10);
        }
        while in_flight.try_join_next().is_some() {}
        let due_ns = burst_start_ns + offset.as_nanos() as u64;
        let (api, uri, cookie, body) = (
            api.clone(),
            vote_uri.clone(),
            camp.participants[p as usize].clone(),
            session_forms[s as usize].clone(),
        );
        let (shared, votes, wire) = (shared.clone(), votes.clone(), wire.clone());
        let timeout = Duration::from_secs(args.vote_timeout);
        votes.lock().unwrap().sent += 1;
        in_flight.spawn(async move {
            let reply = tokio::time::timeout(timeout, async {
                let _turn = wire.acquire_owned().await.expect("semaphore");
                api.call(uri, Some(&cookie), body).await
            })
            .await;
            let done_ns = shared.now_ns();
            let mut v = votes.lock().unwrap();
            v.last_answer_ns = v.last_answer_ns.max(done_ns);
            match reply {
                Err(_) => v.timeouts += 1,
                Ok(Err(e)) => {
                    v.transport_errors += 1;
                    v.first_transport_error.get_or_insert(e);
                }
                Ok(Ok(r)) => {
                    v.latencies_us.push(done_ns.saturating_sub(due_ns) / 1000);
                    if r.status != 200 {
                        *v.refused.entry(r.status).or_default() += 1;
                        if r.status >= 500 {
                            v.first_error
                                .get_or_insert(format!("HTTP {}: {}", r.status, r.text()));
                        }
                        return;
                    }
                    v.acked += 1;
                    v.per_session[s as usize] += 1;
                    let count = std::str::from_utf8(&r.body)
                        .ok()
                        .and_then(|t| t.trim().parse::<usize>().ok())
                        .filter(|&c| c < shared.stride);
                    match count {
                        Some(c) => {
                            let slot = &shared.sent_at[s as usize * shared.stride + c];
                            if slot
                                .compare_exchange(
                                    0,
                                    due_ns + 1,
                                    Ordering::AcqRel,
                                    Ordering::Relaxed,
                                )
                                .is_err()
                            {
                                v.repeated_counts += 1;
                            }
                        }
                        None => v.no_count += 1,
                    }
                }
            }
        });
    }
    let schedule_done = Instant::now();
    while in_flight.join_next().await.is_some() {}
    let burst_ns = {
        let v = votes.lock().unwrap();
        v.last_answer_ns.saturating_sub(burst_start_ns)
    };
    note(format!(
        "all answers in {:.1} s after the last send",
        schedule_done.elapsed().as_secs_f64()
    ));

    // Let the listeners catch up: every event is published before its vote is answered.
    let t_drain = Instant::now();
    let mut stable_since = Instant::now();
    let mut last_sum = u64::MAX;
    loop {
        let seqs: Vec<u64> = shared
            .progress
            .iter()
            .map(|p| p.load(Ordering::Relaxed))
            .collect();
        let max = seqs.iter().copied().max().unwrap_or(0);
        let sum: u64 = seqs.iter().sum();
        let all_there = seqs.iter().all(|&s| s == max);
        if sum != last_sum {
            last_sum = sum;
            stable_since = Instant::now();
        }
        let stable = stable_since.elapsed() > Duration::from_millis(500);
        if (all_there && stable) || t_drain.elapsed() > Duration::from_secs(args.drain) {
            break;
        }
        // Broken streams never catch up; stop waiting for them when nothing moves.
        if stable && stable_since.elapsed() > Duration::from_secs(3) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let drain_secs = t_drain.elapsed().as_secs_f64();
    let server_cpu_1 = pid.and_then(proc_cpu_ticks);
    let self_cpu_1 = proc_cpu_ticks(std::process::id());
    let machine_1 = machine_busy_ticks();
    let cpu_window_secs = (Instant::now() - burst_start).as_secs_f64();
    let _ = stop_tx.send(true);
    let mut all = Vec::with_capacity(args.listeners);
    while let Some(stats) = listeners.join_next().await {
        all.push(stats.unwrap_or_default());
    }
    let sampled_peak_kb = match sampler {
        Some((tx, task)) => {
            let _ = tx.send(true);
            task.await.unwrap_or(0)
        }
        None => 0,
    };
    let after = pid.and_then(proc_status);

    // The database's view, as the moderator sees the board.
    let board = api
        .call(
            api.uri("/api/get_board"),
            Some(&camp.moderator),
            form(&[("camp", &camp.slug)]),
        )
        .await?;
    let db_counts: Option<HashMap<String, i64>> = (board.status == 200)
        .then(|| serde_json::from_slice::<serde_json::Value>(&board.body).ok())
        .flatten()
        .and_then(|v| {
            v["sessions"].as_array().map(|list| {
                list.iter()
                    .filter_map(|s| Some((s["id"].as_str()?.to_string(), s["votes"].as_i64()?)))
                    .collect()
            })
        });

    let votes = Arc::try_unwrap(votes)
        .map_err(|_| "vote tasks still running")?
        .into_inner()
        .unwrap();
    let report = Report {
        args: &args,
        camp: &camp,
        setup_secs,
        listen_secs,
        connected,
        connect_failures,
        votes,
        burst_ns,
        max_lag,
        drain_secs,
        listeners: all,
        db_counts,
        server: pid.map(|pid| ServerFigures {
            pid,
            after_setup,
            before,
            after,
            sampled_peak_kb,
            cpu_ticks: server_cpu_0.zip(server_cpu_1).map(|(a, b)| b - a),
        }),
        self_cpu_ticks: self_cpu_0.zip(self_cpu_1).map(|(a, b)| b - a),
        machine_ticks: machine_0.zip(machine_1).map(|(a, b)| b - a),
        window_secs: cpu_window_secs,
    };
    Ok(report.print())
}

async fn wait_healthy(api: &Api) -> Result<(), String> {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        match api.get("/healthz").await {
            Ok(r) if r.status == 200 => return Ok(()),
            other if Instant::now() > deadline => {
                return Err(match other {
                    Ok(r) => format!("/healthz answered {}: {}", r.status, r.text()),
                    Err(e) => format!("server not reachable: {e}"),
                })
            }
            _ => tokio::time::sleep(Duration::from_millis(200)).await,
        }
    }
}

/// A server function that must succeed; returns the reply.
async fn must(
    api: &Api,
    endpoint: &str,
    cookie: Option<&HeaderValue>,
    pairs: &[(&str, &str)],
) -> Result<http::Reply, String> {
    let reply = api
        .call(api.uri(&format!("/api/{endpoint}")), cookie, form(pairs))
        .await
        .map_err(|e| format!("{endpoint}: {e}"))?;
    if reply.status != 200 {
        return Err(format!(
            "{endpoint}: HTTP {}: {}",
            reply.status,
            reply.text()
        ));
    }
    Ok(reply)
}

async fn set_up_camp(api: &Arc<Api>, args: &Args) -> Result<Camp, String> {
    let (email, password) = (
        args.moderator_email.as_str(),
        args.moderator_password.as_str(),
    );
    let setup = api
        .call(
            api.uri("/api/setup"),
            None,
            form(&[
                ("display_name", "Loadgen"),
                ("email", email),
                ("password", password),
            ]),
        )
        .await?;
    let moderator = match setup.cookie {
        Some(c) if setup.status == 200 => c,
        _ => {
            note("setup closed (not a fresh database): signing in instead");
            must(
                api,
                "login",
                None,
                &[("email", email), ("password", password)],
            )
            .await?
            .cookie
            .ok_or("login: no session cookie")?
        }
    };
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let slug = format!("load-{stamp}");
    must(
        api,
        "create_camp",
        Some(&moderator),
        &[
            ("name", &format!("Load test {stamp}")),
            ("slug", &slug),
            ("description", ""),
            ("time_zone", "Europe/Berlin"),
            ("email_domains", ""),
        ],
    )
    .await?;
    let view = must(api, "get_camp", Some(&moderator), &[("camp", &slug)]).await?;
    let token = serde_json::from_slice::<serde_json::Value>(&view.body)
        .ok()
        .and_then(|v| v["invite_token"].as_str().map(str::to_string))
        .ok_or("get_camp: no invite_token in the answer")?;

    let t = Instant::now();
    let gate = Arc::new(Semaphore::new(args.setup_concurrency.max(1)));
    let mut joins = JoinSet::new();
    for i in 0..args.participants {
        let (api, gate, slug, token) = (api.clone(), gate.clone(), slug.clone(), token.clone());
        joins.spawn(async move {
            let _permit = gate.acquire_owned().await.expect("semaphore");
            let name = format!("Teilnehmende {i}");
            let reply = must(
                &api,
                "join_camp",
                None,
                &[("camp", &slug), ("token", &token), ("display_name", &name)],
            )
            .await?;
            let cookie = reply.cookie.ok_or("join_camp: no session cookie")?;
            Ok::<_, String>((i, cookie))
        });
    }
    let mut participants = vec![HeaderValue::from_static(""); args.participants];
    while let Some(joined) = joins.join_next().await {
        let (i, cookie) = joined.map_err(|e| e.to_string())??;
        participants[i] = cookie;
    }
    note(format!(
        "{} participants joined in {:.1} s ({:.0}/s)",
        args.participants,
        t.elapsed().as_secs_f64(),
        args.participants as f64 / t.elapsed().as_secs_f64()
    ));

    // Hosts spread over the participants; titles tell the sessions apart on the board.
    let hosts: Vec<usize> = (0..args.sessions)
        .map(|i| i * args.participants / args.sessions)
        .collect();
    let mut pitches = JoinSet::new();
    for (i, &host) in hosts.iter().enumerate() {
        let (api, gate, slug, cookie) = (
            api.clone(),
            gate.clone(),
            slug.clone(),
            participants[host].clone(),
        );
        pitches.spawn(async move {
            let _permit = gate.acquire_owned().await.expect("semaphore");
            must(
                &api,
                "pitch_session",
                Some(&cookie),
                &[
                    ("camp", &slug),
                    ("title", &format!("Lastprobe {i}")),
                    ("description", "Sitzung des Lastgenerators"),
                    ("format", "talk"),
                    ("tags", "last"),
                ],
            )
            .await
            .map(|_| ())
        });
    }
    while let Some(done) = pitches.join_next().await {
        done.map_err(|e| e.to_string())??;
    }
    let board = must(api, "get_board", Some(&moderator), &[("camp", &slug)]).await?;
    let board: serde_json::Value =
        serde_json::from_slice(&board.body).map_err(|e| format!("get_board: {e}"))?;
    let by_title: HashMap<String, String> = board["sessions"]
        .as_array()
        .ok_or("get_board: no sessions")?
        .iter()
        .filter_map(|s| Some((s["title"].as_str()?.into(), s["id"].as_str()?.into())))
        .collect();
    let session_ids = (0..args.sessions)
        .map(|i| {
            by_title
                .get(&format!("Lastprobe {i}"))
                .cloned()
                .ok_or_else(|| format!("session 'Lastprobe {i}' not on the board"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    note(format!(
        "camp /c/{slug}: {} sessions pitched",
        session_ids.len()
    ));
    Ok(Camp {
        slug,
        moderator,
        participants,
        session_ids,
        hosts,
    })
}

/// (VmHWM, VmRSS) in kB.
fn proc_status(pid: u32) -> Option<(u64, u64)> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let field = |name: &str| {
        text.lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse::<u64>().ok())
    };
    Some((field("VmHWM:")?, field("VmRSS:")?))
}

/// utime + stime in clock ticks (100 per second on Linux).
fn proc_cpu_ticks(pid: u32) -> Option<u64> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let rest = &text[text.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    Some(fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?)
}

/// Busy time of all cores together (everything but idle and iowait), in clock ticks.
fn machine_busy_ticks() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/stat").ok()?;
    let cpu: Vec<u64> = text
        .lines()
        .next()?
        .split_whitespace()
        .skip(1)
        .filter_map(|v| v.parse().ok())
        .collect();
    let total: u64 = cpu.iter().take(8).sum();
    Some(total - cpu.get(3)? - cpu.get(4)?)
}

/// The largest VmRSS seen, sampled every 250 ms until told to stop.
async fn sample_rss(pid: u32, mut stop: watch::Receiver<bool>) -> u64 {
    let mut peak = 0;
    loop {
        if let Some((_, rss)) = proc_status(pid) {
            peak = peak.max(rss);
        }
        tokio::select! {
            _ = stop.changed() => return peak,
            _ = tokio::time::sleep(Duration::from_millis(250)) => {}
        }
    }
}

struct ServerFigures {
    pid: u32,
    after_setup: Option<(u64, u64)>,
    before: Option<(u64, u64)>,
    after: Option<(u64, u64)>,
    sampled_peak_kb: u64,
    cpu_ticks: Option<u64>,
}

struct Report<'a> {
    args: &'a Args,
    camp: &'a Camp,
    setup_secs: f64,
    listen_secs: f64,
    connected: usize,
    connect_failures: usize,
    votes: VoteStats,
    burst_ns: u64,
    max_lag: Duration,
    drain_secs: f64,
    listeners: Vec<listen::Stats>,
    db_counts: Option<HashMap<String, i64>>,
    server: Option<ServerFigures>,
    self_cpu_ticks: Option<u64>,
    machine_ticks: Option<u64>,
    window_secs: f64,
}

fn ms(us: u64) -> String {
    if us >= 10_000 {
        format!("{:.0} ms", us as f64 / 1000.0)
    } else {
        format!("{:.1} ms", us as f64 / 1000.0)
    }
}

fn mb(kb: u64) -> String {
    format!("{:.1} MB", kb as f64 / 1024.0)
}

impl Report<'_> {
    /// Prints the table; true when every check passed.
    fn print(mut self) -> bool {
        let a = self.args;
        let v = &mut self.votes;
        v.latencies_us.sort_unstable();
        let mut checks: Vec<(String, bool)> = Vec::new();
        let row = |name: &str, value: String, note: String| {
            println!("  {name:<34} {value:<22} {note}");
        };
        let target = |met: bool, text: &str| {
            format!("target {text}: {}", if met { "met" } else { "MISSED" })
        };

        println!();
        println!(
            "campgrid-loadgen: {} participants, {} listeners, {} sessions, {} votes/s for {} s against {}",
            a.participants, a.listeners, a.sessions, a.rate, a.duration, a.base_url
        );
        println!(
            "  camp /c/{}; setup {:.1} s, listeners connected in {:.1} s",
            self.camp.slug, self.setup_secs, self.listen_secs
        );
        println!();
        println!("votes (open loop; latency from the scheduled send to the full answer)");
        let fives: u64 = v.refused.range(500..).map(|(_, n)| n).sum();
        let refused_4xx: u64 = v.refused.range(..500).map(|(_, n)| n).sum();
        row("sent", v.sent.to_string(), String::new());
        row("acknowledged (200)", v.acked.to_string(), String::new());
        let by_status = v
            .refused
            .iter()
            .map(|(s, n)| format!("{s}: {n}"))
            .collect::<Vec<_>>()
            .join(", ");
        row(
            "refused (by status)",
            (refused_4xx + fives).to_string(),
            by_status,
        );
        let errors = fives + v.transport_errors + v.timeouts;
        row(
            "5xx / transport errors / timeouts",
            format!("{fives} / {} / {}", v.transport_errors, v.timeouts),
            [v.first_error.clone(), v.first_transport_error.clone()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join("; "),
        );
        checks.push(("no 5xx, transport errors or timeouts".into(), errors == 0));
        let achieved = v.acked as f64 / (self.burst_ns as f64 / 1e9).max(1e-9);
        row(
            "achieved",
            format!("{achieved:.1} acked/s"),
            format!(
                "offered {}/s; scheduler lag max {}",
                a.rate,
                ms(self.max_lag.as_micros() as u64)
            ),
        );
        let p99 = sorted_quantile(&v.latencies_us, 0.99);
        row(
            "latency p50",
            ms(sorted_quantile(&v.latencies_us, 0.5)),
            String::new(),
        );
        row("latency p99", ms(p99), target(p99 < 100_000, "< 100 ms"));
        row(
            "latency max",
            ms(v.latencies_us.last().copied().unwrap_or(0)),
            String::new(),
        );
        if v.no_count > 0 || v.repeated_counts > 0 {
            row(
                "answers without count / repeated",
                format!("{} / {}", v.no_count, v.repeated_counts),
                "every mark should get a fresh count".into(),
            );
        }
        checks.push((
            "every answer a fresh count".into(),
            v.repeated_counts == 0 && v.no_count == 0,
        ));

        println!();
        println!("listeners (live channel)");
        let mut hist = Hist::default();
        let (mut lost, mut dup, mut resyncs, mut unmatched, mut other) =
            (0u64, 0u64, 0u64, 0u64, 0u64);
        let (mut events, mut not_seen, mut ended, mut chunks) = (0u64, 0u64, 0usize, 0u64);
        let mut counts = 0u64;
        let max_seq = self.listeners.iter().map(|l| l.last_seq).max().unwrap_or(0);
        let mut behind = 0u64;
        for l in &self.listeners {
            if l.connect_error.is_some() {
                continue;
            }
            hist.merge(&l.hist);
            lost += l.lost;
            dup += l.duplicated;
            resyncs += l.resyncs;
            unmatched += l.unmatched;
            other += l.other_kinds;
            events += l.events;
            counts += l.counts;
            chunks += l.chunks;
            behind += max_seq - l.last_seq;
            not_seen += v.acked.saturating_sub(l.matched);
            ended += l.ended_early.is_some() as usize;
        }
        row(
            "connected",
            format!("{} of {}", self.connected, a.listeners),
            if self.connect_failures > 0 {
                format!(
                    "{} failed: {}",
                    self.connect_failures,
                    self.listeners
                        .iter()
                        .find_map(|l| l.connect_error.clone())
                        .unwrap_or_default()
                )
            } else {
                String::new()
            },
        );
        checks.push((
            "all listeners connected".into(),
            self.connected == a.listeners,
        ));
        row(
            "streams ended early",
            ended.to_string(),
            self.listeners
                .iter()
                .find_map(|l| l.ended_early.clone())
                .unwrap_or_default(),
        );
        checks.push(("no stream ended early".into(), ended == 0));
        row(
            "events received (all listeners)",
            events.to_string(),
            format!(
                "{:.1} per chunk read, carrying {counts} session counts; catch-up after the last answer {:.1} s",
                events as f64 / chunks.max(1) as f64,
                self.drain_secs
            ),
        );
        row(
            "lost (seq gaps + behind at end)",
            (lost + behind).to_string(),
            format!("resyncs {resyncs}"),
        );
        row(
            "duplicated (seq seen twice)",
            dup.to_string(),
            String::new(),
        );
        row(
            "acked votes a listener never saw",
            not_seen.to_string(),
            format!("events without acked vote {unmatched}, other kinds {other}"),
        );
        checks.push((
            "nothing lost".into(),
            lost + behind == 0 && resyncs == 0 && not_seen == 0,
        ));
        checks.push(("nothing duplicated".into(), dup == 0));
        let p99 = hist.quantile(0.99);
        row(
            "vote-to-listener samples",
            hist.count().to_string(),
            "from scheduled send to the event's arrival".into(),
        );
        row(
            "vote-to-listener p50",
            ms(hist.quantile(0.5)),
            String::new(),
        );
        row(
            "vote-to-listener p99",
            ms(p99),
            target(p99 < 500_000, "< 500 ms"),
        );
        row("vote-to-listener max", ms(hist.max()), String::new());

        println!();
        println!("database (moderator's board)");
        match &self.db_counts {
            Some(counts) => {
                let sum: i64 = counts.values().sum();
                let mismatched = self
                    .camp
                    .session_ids
                    .iter()
                    .zip(&v.per_session)
                    .filter(|(id, n)| counts.get(*id).copied() != Some(**n as i64))
                    .count();
                row(
                    "sum of counts = acked marks",
                    format!("{sum} vs {}", v.acked),
                    format!("sessions differing: {mismatched}"),
                );
                checks.push((
                    "database counts = acked marks".into(),
                    sum == v.acked as i64 && mismatched == 0,
                ));
            }
            None => {
                row("sum of counts", "unreadable".into(), String::new());
                checks.push(("database counts = acked marks".into(), false));
            }
        }

        println!();
        match &self.server {
            Some(s) => {
                println!("server (pid {})", s.pid);
                if let (Some((_, setup)), Some((_, rss))) = (s.after_setup, s.before) {
                    row(
                        "VmRSS after setup / + listeners",
                        format!("{} / {}", mb(setup), mb(rss)),
                        format!(
                            "{:.0} kB per open live channel",
                            rss.saturating_sub(setup) as f64 / a.listeners.max(1) as f64
                        ),
                    );
                }
                if let Some((hwm, rss)) = s.after {
                    row(
                        "VmHWM (peak) / VmRSS at end",
                        format!("{} / {}", mb(hwm), mb(rss)),
                        target(hwm < 200 * 1024, "< 200 MB"),
                    );
                }
                row(
                    "VmRSS peak sampled during burst",
                    mb(s.sampled_peak_kb),
                    String::new(),
                );
                if let Some(t) = s.cpu_ticks {
                    let pct = |ticks: u64| ticks as f64 / self.window_secs.max(1e-9);
                    let own = self.self_cpu_ticks.unwrap_or(0);
                    let others = self.machine_ticks.unwrap_or(0).saturating_sub(t + own);
                    row(
                        "CPU during burst + catch-up",
                        format!("{:.0} % of one core", pct(t)),
                        format!(
                            "loadgen {:.0} %, other processes {:.0} % ({} cores)",
                            pct(own),
                            pct(others),
                            std::thread::available_parallelism().map_or(0, |n| n.get())
                        ),
                    );
                }
            }
            None => println!("server: no --server-pid, no memory figures"),
        }

        println!();
        let failed: Vec<&str> = checks
            .iter()
            .filter(|(_, ok)| !ok)
            .map(|(name, _)| name.as_str())
            .collect();
        if failed.is_empty() {
            println!(
                "RESULT: PASS ({} checks; latency and memory targets are reported, not checked)",
                checks.len()
            );
            true
        } else {
            println!("RESULT: FAIL: {}", failed.join("; "));
            false
        }
    }
}
