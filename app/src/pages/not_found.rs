use leptos::prelude::*;
use leptos_meta::Title;

use crate::i18n::{tr, Msg};

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text=tr(Msg::NotFoundTitle)/>
        <section class="not-found">
            <h1>{tr(Msg::NotFoundTitle)}</h1>
            <p class="lead">{tr(Msg::NotFoundLead)}</p>
            <p>
                <a class="btn btn-primary" href="/">{tr(Msg::BackHome)}</a>
            </p>
        </section>
    }
}
