//! The frame around every page: header with navigation, language switch and sign-out, footer.
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::me;
use crate::i18n::{tr, use_lang, Msg};

/// One row on every screen: the brand, the language switch and the menu. On a laptop the
/// menu's content (navigation, who is signed in, sign-out) stands in the row itself; on a phone
/// it folds behind "Menü" (a `<details>`, so it opens before and without wasm too).
#[component]
pub fn Header() -> impl IntoView {
    let me = Resource::new(|| (), |_| me());
    let me = move || me.get().and_then(|r| r.ok()).flatten();
    let lang = use_lang();
    let menu: NodeRef<leptos::html::Details> = NodeRef::new();
    // A link followed inside the menu closes it: the header stays across page changes.
    let close = move |_| {
        if let Some(menu) = menu.get_untracked() {
            menu.set_open(false);
        }
    };
    view! {
        <header class="site-header">
            <a class="brand" href="/">{tr(Msg::AppName)}</a>
            <form class="lang-switch" method="post" action="/lang">
                <input type="hidden" name="lang" value=lang.other().code()/>
                <button class="btn-link" type="submit" lang=lang.other().code()>
                    {tr(Msg::SwitchLanguage)}
                </button>
            </form>
            <details class="site-menu" node_ref=menu>
                <summary class="menu-toggle">{tr(Msg::Menu)}</summary>
                <div class="site-menu-items" on:click=close>
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
                    <div class="user-menu">
                        <Suspense>
                            {move || match me() {
                                Some(m) => {
                                    view! {
                                        <span class="muted">
                                            <span class="sr-only">{tr(Msg::SignedInAs)} " "</span>
                                            {m.display_name}
                                        </span>
                                        <A href="/account">{tr(Msg::NavAccount)}</A>
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
                </div>
            </details>
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
