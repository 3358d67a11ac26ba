//! Command line and environment: where to listen, where the data lives, which database.
use app::server::invites::InviteKey;
use app::server::mail::Mailer;
use app::server::site::PublicUrl;
use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

#[derive(Parser, Debug)]
#[command(
    name = "campgrid",
    version,
    about = "Session planning for virtual barcamps"
)]
pub struct Cli {
    /// Address to listen on.
    #[arg(
        long,
        env = "CAMPGRID_LISTEN",
        default_value = "127.0.0.1:3000",
        global = true
    )]
    pub listen: String,

    /// Database URL: sqlite://FILE or postgres://USER@HOST/DB. Default: a SQLite file in the
    /// data directory.
    #[arg(long, env = "DATABASE_URL", global = true)]
    pub database_url: Option<String>,

    /// Directory for the SQLite database.
    #[arg(
        long,
        env = "CAMPGRID_DATA_DIR",
        default_value = "./data",
        global = true
    )]
    pub data_dir: PathBuf,

    /// Directory with the built site (pkg/campgrid.js, .wasm, .css).
    #[arg(
        long,
        env = "LEPTOS_SITE_ROOT",
        default_value = "target/site",
        global = true
    )]
    pub site_root: String,

    /// The list of content-hashed file names that `cargo leptos build` writes (hash-files).
    /// Default: hash.txt beside this binary, where cargo-leptos puts it; without the file the
    /// site's files are served by their plain names.
    #[arg(long, env = "CAMPGRID_HASH_FILE", global = true)]
    pub hash_file: Option<PathBuf>,

    /// How people reach campgrid, e.g. https://camp.example.de (behind a TLS proxy): the
    /// address in links and the only origin accepted for changes; https switches on `Secure`
    /// and `__Host-` cookies and HSTS. Default: http:// and the listen address.
    #[arg(long, env = "CAMPGRID_PUBLIC_URL", global = true)]
    pub public_url: Option<String>,

    /// The SMTP relay for mails, e.g. smtps://user:pass@mail.example.de or
    /// smtp://mail.example.de:587?tls=required. Without one, mails go to the outbox that the
    /// camp's settings page shows (and to standard output): fine for trying campgrid out.
    #[arg(long, env = "CAMPGRID_SMTP_URL", global = true, hide_env_values = true)]
    pub smtp_url: Option<String>,

    /// Keep mails in the outbox even though --public-url says this is a real deployment
    /// (without --public-url, no --smtp-url means the outbox anyway). The camp's moderators
    /// can read the links in them; nothing is printed.
    #[arg(long, env = "CAMPGRID_MAIL_OUTBOX", global = true)]
    pub mail_outbox: bool,

    /// The file with the server's secret key, which invite links are derived from (no link is
    /// stored in the database). Created on first start. Several instances of one deployment
    /// (PostgreSQL) need the same file; a new key makes every invite link new.
    /// Default: secret.key in the data directory.
    #[arg(long, env = "CAMPGRID_SECRET_FILE", global = true)]
    pub secret_file: Option<PathBuf>,

    /// The sender of mails. Default: campgrid <campgrid@HOST> with the public URL's host.
    #[arg(long, env = "CAMPGRID_MAIL_FROM", global = true)]
    pub mail_from: Option<String>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Serve the web app (the default).
    Serve,
    /// Create a moderator account; the password comes from CAMPGRID_PASSWORD or a prompt.
    CreateModerator {
        #[arg(long)]
        email: String,
        /// The name shown to others.
        #[arg(long, default_value = "Moderation")]
        name: String,
    },
    /// Create a demo camp with rooms, slots, 120 participants, 25 sessions and votes.
    SeedDemo {
        /// The e-mail of an existing moderator to own the demo camp.
        #[arg(long)]
        moderator: Option<String>,
    },
}

impl Cli {
    pub fn listen_addr(&self) -> Result<SocketAddr, String> {
        self.listen.parse().map_err(|_| {
            format!(
                "invalid listen address '{}' (expected e.g. 127.0.0.1:3000)",
                self.listen
            )
        })
    }

    pub fn public_url(&self) -> Result<PublicUrl, String> {
        match &self.public_url {
            Some(url) => PublicUrl::parse(url),
            None => Ok(PublicUrl::for_listen(self.listen_addr()?)),
        }
    }

    pub fn mailer(&self, public: &PublicUrl) -> Result<Mailer, String> {
        let Some(url) = &self.smtp_url else {
            // Trying campgrid out on one machine: the outbox, printed. A real deployment
            // (--public-url) must say how mail goes out: links printed to a service's log,
            // or read by co-moderators, must not happen by default there.
            return match (public.is_configured(), self.mail_outbox) {
                (false, _) => Ok(Mailer::outbox()),
                (true, true) => Ok(Mailer::quiet_outbox()),
                (true, false) => Err(
                    "--public-url is set but --smtp-url is not: configure the mail relay, \
                     or start with --mail-outbox to keep mails in the settings page's outbox"
                        .into(),
                ),
            };
        };
        let from = match &self.mail_from {
            Some(from) => from.clone(),
            None => format!("campgrid <campgrid@{}>", mail_domain(public.origin())),
        };
        Mailer::relay(url, &from)
    }

    /// The invite-link key (`--secret-file`, or secret.key in the data directory).
    pub fn invite_key(&self) -> Result<InviteKey, String> {
        let path = match &self.secret_file {
            Some(path) => path.clone(),
            None => self.data_dir.join("secret.key"),
        };
        InviteKey::load_or_create(&path)
    }

    /// The database URL; for the SQLite default the data directory is created and checked
    /// for writing first, so that a bad directory fails with a clear message.
    pub fn database_url(&self) -> Result<String, String> {
        if let Some(url) = &self.database_url {
            let known = ["sqlite:", "postgres://", "postgresql://"];
            if !known.iter().any(|p| url.starts_with(p)) {
                return Err(
                    "invalid database URL: use sqlite://FILE or postgres://USER@HOST/DB".into(),
                );
            }
            return Ok(url.clone());
        }
        let dir = &self.data_dir;
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create data directory {}: {e}", dir.display()))?;
        let probe = dir.join(".write-test");
        std::fs::write(&probe, b"ok")
            .and_then(|_| std::fs::remove_file(&probe))
            .map_err(|e| format!("data directory {} is not writable: {e}", dir.display()))?;
        Ok(format!("sqlite://{}", dir.join("campgrid.db").display()))
    }
}

/// The host of an origin, for a sender address; an IP address (a server tried out on one
/// machine) gives `localhost`, since `campgrid@127.0.0.1` is no address.
fn mail_domain(origin: &str) -> &str {
    let authority = origin.split_once("://").map_or(origin, |(_, rest)| rest);
    let host = match authority.rsplit_once(':') {
        Some((host, port)) if port.chars().all(|c| c.is_ascii_digit()) => host,
        _ => authority,
    };
    if host.parse::<std::net::IpAddr>().is_ok() || host.starts_with('[') {
        "localhost"
    } else {
        host
    }
}

#[cfg(test)]
mod tests {
    use super::{mail_domain, Cli};
    use clap::Parser;

    // A runtime: the relay's connection pool lives on tokio.
    #[tokio::test]
    async fn a_real_deployment_must_say_how_mail_goes_out() {
        let cli = |args: &[&str]| Cli::parse_from([&["campgrid"], args].concat());
        let mailer = |c: Cli| c.public_url().and_then(|u| c.mailer(&u));
        assert!(mailer(cli(&[])).unwrap().is_outbox());
        let err = mailer(cli(&["--public-url", "https://camp.example.de"]))
            .err()
            .unwrap();
        assert!(err.contains("--smtp-url"), "{err}");
        let kept = mailer(cli(&[
            "--public-url",
            "https://camp.example.de",
            "--mail-outbox",
        ]));
        assert!(kept.unwrap().is_outbox());
        let relay = cli(&[
            "--public-url",
            "https://camp.example.de",
            "--smtp-url",
            "smtp://127.0.0.1:2525",
        ]);
        assert!(!mailer(relay).unwrap().is_outbox());
    }

    #[test]
    fn the_sender_domain_is_the_public_host() {
        assert_eq!(mail_domain("https://camp.example.de"), "camp.example.de");
        assert_eq!(
            mail_domain("http://camp.example.de:8080"),
            "camp.example.de"
        );
        assert_eq!(mail_domain("http://127.0.0.1:3000"), "localhost");
        assert_eq!(mail_domain("http://[::1]:3000"), "localhost");
    }
}
