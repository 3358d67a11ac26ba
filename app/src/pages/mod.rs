//! One module per route.
pub mod account;
pub mod agenda;
pub mod camp;
pub mod camp_new;
pub mod camp_settings;
pub mod confirm;
pub mod device;
pub mod grid;
pub mod home;
pub mod join;
pub mod login;
pub mod not_found;
pub mod plenary;
pub mod reset;
pub mod schedule;
pub mod session;
pub mod setup;

use leptos::prelude::*;

use crate::error::AppError;
use crate::i18n::{tr, Msg};

/// A full page load (not a client-side navigation) after signing in, out or joining, so that
/// every part of the page sees the new identity.
pub fn go_to(path: String) {
    #[cfg(feature = "hydrate")]
    {
        let _ = window().location().assign(&path);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = path;
}

/// Shows what went wrong while loading a page's data, as a page of its own.
#[component]
pub fn LoadError(error: AppError) -> impl IntoView {
    match error {
        AppError::NotFound => view! { <not_found::NotFound/> }.into_any(),
        AppError::Unauthorized => view! {
            <div class="page-head">
                <h1>{tr(Msg::ErrUnauthorized)}</h1>
                <p class="page-actions">
                    <a class="btn btn-primary" href="/login">{tr(Msg::NavLogin)}</a>
                </p>
            </div>
        }
        .into_any(),
        other => view! {
            <div class="page-head">
                <h1>{tr(other.summary())}</h1>
                <p>
                    <a href="/">{tr(Msg::BackHome)}</a>
                </p>
            </div>
        }
        .into_any(),
    }
}
