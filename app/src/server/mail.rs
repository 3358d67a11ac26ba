//! Outgoing mail. With an SMTP relay configured (`--smtp-url`) mails go through it; without
//! one (the embedded default of `make run`) they go to an outbox in memory, which the camp's
//! moderators see on the settings page and which is printed to standard output, so that every
//! flow can be tried without a relay. Plain text plus the same text as HTML; no images, no
//! tracking links.
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use uuid::Uuid;

use crate::i18n::{Arg, Lang, Phrase};

/// One mail to one person, already in their language.
#[derive(Clone, Debug)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// The camp the mail is about: its moderators see it in the outbox.
    pub camp: Option<Uuid>,
}

impl Mail {
    /// A mail from a subject and a body phrase (paragraphs separated by blank lines), both
    /// filled with `args`; the paragraph that is exactly `link` becomes the HTML's link.
    pub fn compose(
        lang: Lang,
        to: &str,
        (subject, body): (Phrase, Phrase),
        args: &[Arg],
        link: &str,
    ) -> Mail {
        let text = body.fill(lang, args);
        let html = text
            .split("\n\n")
            .map(|p| {
                if p == link {
                    let href = html_escape(link);
                    format!("<p><a href=\"{href}\">{href}</a></p>")
                } else {
                    format!("<p>{}</p>", html_escape(p).replace('\n', "<br>"))
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        Mail {
            to: to.to_string(),
            subject: subject.fill(lang, args),
            html: format!(
                "<!DOCTYPE html><html lang=\"{}\"><body>\n{html}\n</body></html>",
                lang.code()
            ),
            text,
            camp: None,
        }
    }

    pub fn about(mut self, camp: Uuid) -> Mail {
        self.camp = Some(camp);
        self
    }
}

/// A mail kept in the outbox.
#[derive(Clone, Debug)]
pub struct OutboxMail {
    pub mail: Mail,
    pub at: DateTime<Utc>,
}

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("recipient address not accepted")]
    Address,
    #[error("mail relay: {0}")]
    Relay(String),
}

#[derive(Clone)]
pub enum Mailer {
    Relay(Arc<Relay>),
    Outbox(Arc<Outbox>),
}

pub struct Relay {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

/// The last mails sent without a relay, newest last.
#[derive(Default)]
pub struct Outbox {
    mails: Mutex<VecDeque<OutboxMail>>,
    /// Also print each mail (trying campgrid out on one machine).
    print: bool,
}

/// Enough for trying out a camp; older mails fall out.
const OUTBOX_KEEP: usize = 100;
/// A relay that does not answer must not hold a request for long.
const RELAY_TIMEOUT: Duration = Duration::from_secs(15);

impl Mailer {
    /// A relay by URL (`smtps://user:pass@host`, `smtp://host:587?tls=required`, ...; see
    /// lettre's `from_url`), sending as `from` (`Name <address>`).
    pub fn relay(url: &str, from: &str) -> Result<Mailer, String> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| format!("invalid SMTP URL: {e}"))?
            .timeout(Some(RELAY_TIMEOUT))
            .build();
        let from = from
            .parse()
            .map_err(|e| format!("invalid sender address '{from}': {e}"))?;
        Ok(Mailer::Relay(Arc::new(Relay { transport, from })))
    }

    /// The outbox, each mail also printed to standard output.
    pub fn outbox() -> Mailer {
        Mailer::Outbox(Arc::new(Outbox {
            print: true,
            ..Outbox::default()
        }))
    }

    /// The outbox, nothing printed (`--mail-outbox` on a real deployment).
    pub fn quiet_outbox() -> Mailer {
        Mailer::Outbox(Arc::default())
    }

    pub fn is_outbox(&self) -> bool {
        matches!(self, Mailer::Outbox(_))
    }

    pub async fn send(&self, mail: Mail) -> Result<(), MailError> {
        match self {
            Mailer::Relay(relay) => relay.send(&mail).await,
            Mailer::Outbox(outbox) => {
                outbox.keep(mail);
                Ok(())
            }
        }
    }

    /// The outbox's mails about `camp`, newest first (none when a relay sends them).
    pub fn outbox_for(&self, camp: Uuid) -> Vec<OutboxMail> {
        match self {
            Mailer::Relay(_) => Vec::new(),
            Mailer::Outbox(outbox) => outbox.about(camp),
        }
    }
}

impl Relay {
    async fn send(&self, mail: &Mail) -> Result<(), MailError> {
        let to: Mailbox = mail.to.parse().map_err(|_| MailError::Address)?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(&mail.subject)
            .multipart(MultiPart::alternative_plain_html(
                mail.text.clone(),
                mail.html.clone(),
            ))
            .map_err(|_| MailError::Address)?;
        self.transport
            .send(message)
            .await
            .map(|_| ())
            .map_err(|e| MailError::Relay(relay_error_kind(&e)))
    }
}

impl Outbox {
    fn keep(&self, mail: Mail) {
        // Printed, not logged: without a relay this is how a person trying campgrid out on
        // one machine gets the link. Log lines never carry links or addresses.
        if self.print {
            println!(
                "campgrid outbox (no --smtp-url): to {} | {}\n{}\n",
                masked(&mail.to),
                mail.subject,
                mail.text
            );
        }
        let mut mails = self.mails.lock().unwrap_or_else(|e| e.into_inner());
        if mails.len() == OUTBOX_KEEP {
            mails.pop_front();
        }
        mails.push_back(OutboxMail {
            mail,
            at: Utc::now(),
        });
    }

    fn about(&self, camp: Uuid) -> Vec<OutboxMail> {
        let mails = self.mails.lock().unwrap_or_else(|e| e.into_inner());
        mails
            .iter()
            .rev()
            .filter(|m| m.mail.camp == Some(camp))
            .cloned()
            .collect()
    }
}

/// What went wrong, for the log: the kind and the SMTP status only, since a relay's reply text
/// may quote the recipient's address.
fn relay_error_kind(e: &lettre::transport::smtp::Error) -> String {
    let kind = if e.is_timeout() {
        "timeout"
    } else if e.is_permanent() {
        "permanent error"
    } else if e.is_transient() {
        "transient error"
    } else if e.is_tls() {
        "TLS error"
    } else {
        "connection or protocol error"
    };
    match e.status() {
        Some(code) => format!("{kind} ({code})"),
        None => kind.to_string(),
    }
}

/// `a…@bund.de`: enough to tell one's own mail apart on a terminal.
fn masked(address: &str) -> String {
    match address.split_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}…@{domain}")
        }
        None => "…".into(),
    }
}

fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mail_has_the_same_text_as_html_with_the_link_and_markup_escaped() {
        let link = "https://camp.example.de/confirm?t=abc&x=1";
        let mail = Mail::compose(
            Lang::En,
            "a@bund.de",
            (Phrase::MailLinkSubject, Phrase::MailLinkBody),
            &[Arg::Text("camp", "<NExT>"), Arg::Text("link", link)],
            link,
        );
        assert!(mail.subject.contains("<NExT>"));
        assert!(mail.text.contains(link));
        assert!(mail.html.contains("&lt;NExT&gt;"));
        assert!(mail.html.contains(
            "<a href=\"https://camp.example.de/confirm?t=abc&amp;x=1\">https://camp.example.de/confirm?t=abc&amp;x=1</a>"
        ));
        assert!(!mail.html.contains("<img"));
    }

    #[test]
    fn the_outbox_keeps_the_newest_mails_per_camp() {
        let mailer = Mailer::outbox();
        let (a, b) = (Uuid::new_v4(), Uuid::new_v4());
        let mail = |n: usize, camp| Mail {
            to: format!("p{n}@x.de"),
            subject: n.to_string(),
            text: String::new(),
            html: String::new(),
            camp: Some(camp),
        };
        for n in 0..OUTBOX_KEEP + 5 {
            let rt = tokio::runtime::Builder::new_current_thread()
                .build()
                .unwrap();
            rt.block_on(mailer.send(mail(n, if n % 2 == 0 { a } else { b })))
                .unwrap();
        }
        let of_a = mailer.outbox_for(a);
        assert_eq!(of_a[0].mail.subject, (OUTBOX_KEEP + 4).to_string());
        assert!(of_a.iter().all(|m| m.mail.camp == Some(a)));
        assert_eq!(of_a.len() + mailer.outbox_for(b).len(), OUTBOX_KEEP);
    }

    #[test]
    fn addresses_are_masked_on_the_terminal() {
        assert_eq!(masked("alex.muster@bund.de"), "a…@bund.de");
        assert_eq!(masked("nonsense"), "…");
    }
}
