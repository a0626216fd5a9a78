//! Entry point of the web app (built by Trunk into `dist/`).

fn main() {
    yew::Renderer::<threadlab_web::app::App>::new().render();
}
