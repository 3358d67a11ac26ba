//! Asking first before an action that cannot be taken back: a modal `<dialog>` opened with
//! `showModal()`, so the keyboard focus stays inside it, Escape cancels and the page behind
//! it is inert for everyone, screen readers included. The dialog is named by its question
//! and described by what will happen; "Abbrechen" gets the focus first, and closing it, by
//! either button or Escape, returns the focus to where it was.
//!
//! One dialog serves any number of triggers (a list of 120 members has one): the page keeps
//! what the dialog is about in a signal and fills title, text and the hidden fields of the
//! confirming form from it.
use leptos::prelude::*;

use crate::i18n::{tr, Msg};

/// Opens and closes one [`ConfirmDialog`]; cheap to copy into event handlers.
#[derive(Clone, Copy)]
pub struct Confirm {
    dialog: NodeRef<leptos::html::Dialog>,
    cancel: NodeRef<leptos::html::Button>,
    /// False until the page is interactive: a trigger cannot open the dialog before, so it
    /// is disabled (rather than a button that silently does nothing).
    ready: RwSignal<bool>,
    /// The element that had the focus when the dialog opened.
    #[cfg(feature = "hydrate")]
    opener: StoredValue<Option<web_sys::HtmlElement>, LocalStorage>,
}

impl Default for Confirm {
    fn default() -> Self {
        Self::new()
    }
}

impl Confirm {
    pub fn new() -> Self {
        Confirm {
            dialog: NodeRef::new(),
            cancel: NodeRef::new(),
            ready: RwSignal::new(false),
            #[cfg(feature = "hydrate")]
            opener: StoredValue::new_local(None),
        }
    }

    /// For a trigger's `disabled`: true until the dialog can open.
    pub fn unavailable(self) -> bool {
        !self.ready.get()
    }

    /// Shows the dialog with the focus on "Abbrechen"; the element that has the focus now
    /// gets it back when the dialog closes.
    pub fn open(self) {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let active = document()
                .active_element()
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
            self.opener.set_value(active);
            if let Some(dialog) = self.dialog.get_untracked() {
                if !dialog.open() {
                    let _ = dialog.show_modal();
                }
            }
            if let Some(cancel) = self.cancel.get_untracked() {
                let _ = cancel.focus();
            }
        }
    }

    pub fn close(self) {
        #[cfg(feature = "hydrate")]
        if let Some(dialog) = self.dialog.get_untracked() {
            dialog.close();
        }
    }

    /// After the dialog closed, however it closed.
    fn restore_focus(self) {
        #[cfg(feature = "hydrate")]
        if let Some(Some(el)) = self.opener.try_update_value(Option::take) {
            if el.is_connected() {
                let _ = el.focus();
            }
        }
    }
}

/// The dialog. `children` is the form that does the action, its submit button the confirm
/// button (placed after "Abbrechen"); submitting it closes the dialog.
#[component]
pub fn ConfirmDialog(
    confirm: Confirm,
    /// Unique on the page: the dialog's id and the prefix of its title's and text's ids.
    id: &'static str,
    /// The question, e.g. "Anna Muster aus dem Camp entfernen?".
    #[prop(into)]
    title: Signal<String>,
    /// What happens then, in a sentence or two.
    #[prop(into)]
    text: Signal<String>,
    children: Children,
) -> impl IntoView {
    let title_id = format!("{id}-title");
    let text_id = format!("{id}-text");
    let (heading_id, para_id) = (title_id.clone(), text_id.clone());
    // Effects run only in the browser, once the page is interactive.
    Effect::new(move |_| confirm.ready.set(true));
    view! {
        <dialog
            node_ref=confirm.dialog
            id=id
            class="confirm"
            aria-labelledby=title_id
            aria-describedby=text_id
            on:close=move |_| confirm.restore_focus()
            on:submit=move |_| confirm.close()
        >
            <h2 id=heading_id>{move || title.get()}</h2>
            <p id=para_id>{move || text.get()}</p>
            <div class="button-row confirm-actions">
                <button
                    type="button"
                    class="btn btn-secondary"
                    node_ref=confirm.cancel
                    on:click=move |_| confirm.close()
                >
                    {tr(Msg::Cancel)}
                </button>
                {children()}
            </div>
        </dialog>
    }
    .into_any()
}
