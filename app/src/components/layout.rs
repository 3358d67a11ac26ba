//! The frame around every page: header with navigation, language switch and sign-out, footer.
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::me;
use crate::i18n::{tr, use_lang, Msg};

#[component]
pub fn Header() -> impl IntoView {
    let me = Resource::new(|| (), |_| me());
    let me = move || me.get().and_then(|r| r.ok()).flatten();
    let lang = use_lang();
    view! {
        <header class="site-header">
            <a class="brand" href="/">{tr(Msg::AppName)}</a>
            <nav class="site-nav" aria-label=tr(Msg::NavMain)>
                <ul>
                    <li>
                        <A href="/" exact=true>{tr(Msg::NavMyCamps)}</A>
                    </li>
                    <Suspense>
                        {move || {
                            me()
                                .filter(|m| m.is_moderator)
                                .map(|_| {
                                    view! {
                                        <li>
                                            <A href="/camps/new">{tr(Msg::NavNewCamp)}</A>
                                        </li>
                                    }
                                })
                        }}
                    </Suspense>
                </ul>
            </nav>
            <form class="lang-switch" method="post" action="/lang">
                <input type="hidden" name="lang" value=lang.other().code()/>
                <button class="btn-link" type="submit" lang=lang.other().code()>
                    {tr(Msg::SwitchLanguage)}
                </button>
            </form>
            <div class="user-menu">
                <Suspense>
                    {move || match me() {
                        Some(m) => {
                            view! {
                                <span class="muted">
                                    <span class="sr-only">{tr(Msg::SignedInAs)} " "</span>
                                    {m.display_name}
                                </span>
                                <form method="post" action="/logout">
                                    <button class="btn-link" type="submit">{tr(Msg::Logout)}</button>
                                </form>
                            }
                                .into_any()
                        }
                        None => view! { <a href="/login">{tr(Msg::NavLogin)}</a> }.into_any(),
                    }}
                </Suspense>
            </div>
        </header>
    }
}

#[component]
pub fn Footer() -> impl IntoView {
    view! {
        <footer class="site-footer">
            <p>{tr(Msg::FooterText)}</p>
        </footer>
    }
}
