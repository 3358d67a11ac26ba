//! Keyboard focus across redraws. A page that draws a part anew (a live update, the outcome
//! of an action) replaces the element a person is on; without help the focus falls to the
//! top of the page and a keyboard or screen-reader user loses their place.

/// Moves keyboard focus to the element with `id`, once the page has drawn it.
pub fn focus(id: &str) {
    #[cfg(feature = "hydrate")]
    {
        let id = id.to_string();
        leptos::prelude::request_animation_frame(move || focus_now(&id));
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = id;
}

/// Moves keyboard focus to the element with `id` that is on the page already.
pub fn focus_now(id: &str) {
    #[cfg(feature = "hydrate")]
    if let Some(el) = leptos::prelude::document().get_element_by_id(id) {
        use wasm_bindgen::JsCast;
        if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
            let _ = el.focus();
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = id;
}

/// Whether the focus is nowhere: on the page's body, or on an element a redraw removed.
pub fn focus_lost() -> bool {
    #[cfg(feature = "hydrate")]
    {
        leptos::prelude::document()
            .active_element()
            .is_none_or(|el| el.tag_name() == "BODY" || !el.is_connected())
    }
    #[cfg(not(feature = "hydrate"))]
    false
}

/// Called where a part of the page is built anew, before the old one goes: remembers the
/// element with the focus (by its id) and, once the new part is drawn, focuses the element
/// with the same id if the focus fell to nowhere meanwhile. Elements without an id are not
/// followed; an element that is gone for good is not replaced by a guess.
pub fn keep_across_redraw() {
    #[cfg(feature = "hydrate")]
    {
        let id = leptos::prelude::document()
            .active_element()
            .map(|el| el.id())
            .filter(|id| !id.is_empty());
        if let Some(id) = id {
            leptos::prelude::request_animation_frame(move || {
                if focus_lost() {
                    focus_now(&id);
                }
            });
        }
    }
}
