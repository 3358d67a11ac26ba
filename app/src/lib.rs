//! campgrid: the whole Leptos application, compiled with `ssr` into the server and with `hydrate`
//! into the browser's wasm.
#![recursion_limit = "256"]

pub mod api;
pub mod components;
pub mod cookies;
pub mod domain;
pub mod error;
pub mod i18n;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod server;
pub mod view;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};

use crate::components::layout::{Footer, Header};
use crate::i18n::{provide_lang, tr, Msg};
use crate::pages::{
    account::AccountPage,
    agenda::AgendaPage,
    camp::CampPage,
    camp_new::NewCampPage,
    camp_settings::CampSettingsPage,
    confirm::ConfirmPage,
    device::DevicePage,
    grid::GridPage,
    home::HomePage,
    join::JoinPage,
    login::LoginPage,
    not_found::NotFound,
    plenary::PlenaryPage,
    reset::ResetPage,
    schedule::{RoomPlanPage, SchedulePage, ScheduleSessionPage},
    session::SessionPageView,
    setup::SetupPage,
};

/// The HTML document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let lang = i18n::request_lang();
    view! {
        <!DOCTYPE html>
        <html lang=lang.code()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light dark"/>
                <link rel="icon" href="data:,"/>
                <HashedStylesheet options=options.clone()/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let lang = provide_lang();
    mark_hydrated();
    view! {
        <Title text=Msg::AppName.text(lang)/>
        <Router>
            <div class="app">
                <a class="skip-link" href="#main">{tr(Msg::SkipToContent)}</a>
                <Header/>
                <main id="main" class="site-main" tabindex="-1">
                    <Routes fallback=|| view! { <NotFound/> }>
                        <Route path=path!("/") view=HomePage ssr=SsrMode::Async/>
                        <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async/>
                        <Route path=path!("/setup") view=SetupPage ssr=SsrMode::Async/>
                        <Route path=path!("/confirm") view=ConfirmPage ssr=SsrMode::Async/>
                        <Route path=path!("/account") view=AccountPage ssr=SsrMode::Async/>
                        <Route path=path!("/reset") view=ResetPage ssr=SsrMode::Async/>
                        <Route path=path!("/device") view=DevicePage ssr=SsrMode::Async/>
                        <Route path=path!("/camps/new") view=NewCampPage ssr=SsrMode::Async/>
                        <Route path=path!("/c/:slug") view=CampPage ssr=SsrMode::Async/>
                        <Route
                            path=path!("/c/:slug/settings")
                            view=CampSettingsPage
                            ssr=SsrMode::Async
                        />
                        <Route path=path!("/c/:slug/join") view=JoinPage ssr=SsrMode::Async/>
                        <Route path=path!("/c/:slug/s/:id") view=SessionPageView ssr=SsrMode::Async/>
                        <Route path=path!("/c/:slug/grid") view=GridPage ssr=SsrMode::Async/>
                        <Route path=path!("/c/:slug/schedule") view=SchedulePage ssr=SsrMode::Async/>
                        <Route
                            path=path!("/c/:slug/schedule/room/:room")
                            view=RoomPlanPage
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/c/:slug/schedule/s/:id")
                            view=ScheduleSessionPage
                            ssr=SsrMode::Async
                        />
                        <Route path=path!("/c/:slug/agenda") view=AgendaPage ssr=SsrMode::Async/>
                        <Route path=path!("/c/:slug/plenary") view=PlenaryPage ssr=SsrMode::Async/>
                    </Routes>
                </main>
                <Footer/>
            </div>
        </Router>
    }
}

/// Tests (and people) must not click before hydration: clicks before it are lost. The attribute
/// tells Playwright when the page has become interactive.
fn mark_hydrated() {
    #[cfg(feature = "hydrate")]
    Effect::new(|_| {
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-hydrated", "true");
        }
    });
}
