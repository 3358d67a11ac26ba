//! The outbox on a camp's settings page: while no mail relay is configured, the mails campgrid
//! would have sent about the camp (join links), so that a camp can be tried out without one.
use leptos::prelude::*;

use crate::api::outbox;
use crate::i18n::{tr, Msg};

#[component]
pub fn Outbox(slug: String) -> impl IntoView {
    let reloads = RwSignal::new(0u32);
    let mails = Resource::new(move || (slug.clone(), reloads.get()), |(s, _)| outbox(s));
    view! {
        <Transition>
            {move || mails.get().and_then(|r| r.ok()).flatten().map(|mails| view! {
                <section class="card" aria-labelledby="settings-outbox">
                    <h2 id="settings-outbox">{tr(Msg::OutboxTitle)}</h2>
                    <p class="hint">{tr(Msg::OutboxLead)}</p>
                    {if mails.is_empty() {
                        view! { <p class="empty">{tr(Msg::OutboxEmpty)}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="list outbox">
                                {mails.into_iter().map(|m| view! {
                                    <li class="outbox-mail">
                                        <details>
                                            <summary>
                                                <span class="outbox-subject">{m.subject}</span>
                                                <span class="muted">" · " {tr(Msg::OutboxTo)} " " {m.to}</span>
                                            </summary>
                                            <pre class="outbox-text">{m.text}</pre>
                                        </details>
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                    <button class="btn btn-secondary" type="button" on:click=move |_| reloads.update(|n| *n += 1)>
                        {tr(Msg::Reload)}
                    </button>
                </section>
            })}
        </Transition>
    }
}
