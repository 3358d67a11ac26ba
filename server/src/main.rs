//! `campgrid`: serve, create-moderator, seed-demo. Bad configuration ends with one clear line
//! and a non-zero exit code, never a panic.
use std::io::{IsTerminal, Read};
use std::process::ExitCode;

use app::server::schedule::cache::ScheduleCache;
use app::server::{store::Store, AppState};
use clap::Parser;
use leptos::config::{Env, LeptosOptions};
use server::config::{Cli, Command};
use server::demo;

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .init();
    match run(Cli::parse()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("campgrid: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> Result<(), String> {
    let addr = cli.listen_addr()?;
    let url = cli.database_url()?;
    let store = Store::connect(&url)
        .await
        .map_err(|e| format!("cannot open database {}: {e}", redact(&url)))?;
    let options = LeptosOptions::builder()
        .output_name("campgrid")
        .site_root(cli.site_root.as_str())
        .site_pkg_dir("pkg")
        .site_addr(addr)
        .env(Env::PROD)
        .build();
    let hash_file = cli
        .hash_file
        .clone()
        .or_else(server::assets::default_hash_file);
    let options = server::assets::with_hash_file(options, hash_file.as_deref());
    let (schedule_cache, push) = ScheduleCache::with_push(app::server::push::LocalHub::shared());
    let public_url = cli.public_url()?;
    let state = AppState {
        store,
        mailer: cli.mailer(&public_url)?,
        invite_key: cli.invite_key()?,
        public_url,
        leptos_options: options,
        login_limiter: Default::default(),
        mail_limiter: app::server::limit::Limiter::for_mails(),
        invite_limiter: app::server::limit::Limiter::for_invites(),
        push,
        schedule_cache,
    };
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(state, addr).await,
        Command::CreateModerator { email, name } => {
            let password = read_password()?;
            server::create_moderator(&state, &name, &email, &password).await?;
            println!("moderator {email} created");
            Ok(())
        }
        Command::SeedDemo { moderator } => {
            let summary = demo::seed(&state.store, moderator.as_deref())
                .await
                .map_err(|e| format!("seed-demo failed: {e}"))?;
            if summary.already_there {
                println!("demo camp /c/{} exists already", summary.slug);
            } else {
                println!("demo camp created: /c/{}", summary.slug);
            }
            if let Some((email, password)) = summary.moderator_login {
                println!("demo moderator: {email} / password: {password}");
            }
            Ok(())
        }
    }
}

async fn serve(state: AppState, addr: std::net::SocketAddr) -> Result<(), String> {
    let store = state.store.clone();
    let setup_token = server::open_setup(&state).await?;
    let origin = state.public_url.origin().to_string();
    let state_has_outbox = state.mailer.is_outbox();
    let router = server::build_router(state)?;
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    tracing::info!("campgrid listening on http://{addr} ({})", store.backend());
    if state_has_outbox {
        tracing::info!("no --smtp-url: mails go to the outbox (settings page, standard output)");
    }
    if let Some(token) = setup_token {
        // Printed, not logged: the one secret an operator must read off the terminal, and it
        // is used up by the first moderator (log lines never carry tokens).
        println!(
            "campgrid: no moderator yet. Create the first one at {origin}/setup?token={token}"
        );
    }
    axum::serve(listener, router.into_make_service())
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(|e| format!("server error: {e}"))?;
    store.close().await;
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
            .expect("SIGTERM handler");
        tokio::select! { _ = ctrl_c => {}, _ = term.recv() => {} }
    }
    #[cfg(not(unix))]
    let _ = ctrl_c.await;
}

/// From CAMPGRID_PASSWORD, a terminal prompt, or the first line of standard input.
fn read_password() -> Result<String, String> {
    if let Ok(p) = std::env::var("CAMPGRID_PASSWORD") {
        return Ok(p);
    }
    if std::io::stdin().is_terminal() {
        return rpassword::prompt_password("Password (at least 10 characters): ")
            .map_err(|e| format!("cannot read password: {e}"));
    }
    let mut input = String::new();
    std::io::stdin()
        .read_to_string(&mut input)
        .map_err(|e| format!("cannot read password: {e}"))?;
    Ok(input.lines().next().unwrap_or("").to_string())
}

/// A database URL without its password, for error messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let user_pass = &url[scheme + 3..at];
            let user = user_pass.split(':').next().unwrap_or("");
            format!("{}{}@{}", &url[..scheme + 3], user, &url[at + 1..])
        }
        _ => url.to_string(),
    }
}
