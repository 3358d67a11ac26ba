//! The removed members of a camp on its settings page, folded away, each with "take back in":
//! a removal can be undone, marks included.
use leptos::prelude::*;

use crate::api::{removed_members, RestoreMember};
use crate::components::form::{action_error, action_ok, FormStatus};
use crate::i18n::{tr, tr_with, Arg, Msg, Phrase};

#[component]
pub fn RemovedMembers(
    slug: String,
    changes: RwSignal<u32>,
    restore: ServerAction<RestoreMember>,
) -> impl IntoView {
    let list_slug = slug.clone();
    let removed = Resource::new(
        move || (list_slug.clone(), changes.get()),
        |(s, _)| removed_members(s),
    );
    let error = action_error(restore);
    let ok = action_ok(restore);
    view! {
        <Transition>
            {move || removed.get().and_then(|r| r.ok()).filter(|m| !m.is_empty()).map(|members| {
                let slug = slug.clone();
                view! {
                    <section class="card" aria-labelledby="settings-removed">
                        <h2 id="settings-removed">
                            {tr_with(Phrase::RemovedMembers, &[Arg::Num("n", members.len() as i64)])}
                        </h2>
                        <p class="hint">{tr(Msg::RemovedMembersHint)}</p>
                        <FormStatus error ok ok_msg=Msg::MemberRestored/>
                        <ul class="list member-list">
                            {members.into_iter().map(|m| {
                                let slug = slug.clone();
                                view! {
                                    <li class="list-row member-row">
                                        <span>
                                            <span class="member-name">{m.display_name.clone()}</span>
                                            {m.email.clone().map(|e| view! { <span class="muted">" · " {e}</span> })}
                                        </span>
                                        <ActionForm action=restore>
                                            <input type="hidden" name="camp" value=slug/>
                                            <input type="hidden" name="person" value=m.person_id.to_string()/>
                                            // The visible words first, then whom: the name a
                                            // screen reader hears contains what is seen.
                                            <button class="btn btn-secondary" type="submit">
                                                {tr(Msg::Restore)}
                                                <span class="sr-only">": " {m.display_name.clone()}</span>
                                            </button>
                                        </ActionForm>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    </section>
                }
            })}
        </Transition>
    }
}
