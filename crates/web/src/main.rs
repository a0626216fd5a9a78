//! Entry point of the web app (built by Trunk into `dist/`): the app on the page's body,
//! mounted by `extras::render_first` (the modules loaded later mount theirs with
//! `extras::render_in`, which numbers their apps after it).

fn main() {
    let Some(body) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body()) else { return };
    // The app lives as long as the page.
    std::mem::forget(threadlab_web::extras::render_first::<threadlab_web::app::App>(body.into(), ()));
}
