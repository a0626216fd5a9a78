//! Issue 15, state is never lost: a page opened without a link comes back as it was left (the
//! scenario, the view, an unparseable edit included: the text typed is kept, with its error);
//! a link says otherwise and wins; an embed neither reads nor writes the page's state.

mod harness;

use harness::{check_eq, App, REACT_TIMEOUT};
use threadlab_share::link::{encode, LinkState};

/// The page's stored state (its link fragment), empty when none.
async fn stored(app: &App) -> Result<String, String> {
    let v = app.js("return localStorage.getItem('threadlab.last') || '';", vec![]).await?;
    Ok(v.as_str().unwrap_or_default().to_string())
}

/// Waits until the page has written a new state (`before` was the last one) that holds the
/// text shown: the address follows the state after a short delay, local storage with it.
async fn stored_text(app: &App, before: &str, text: &str) -> harness::Outcome {
    let expr = format!(
        "(() => {{ const s = localStorage.getItem('threadlab.last'); \
         return s !== null && s !== {} && s === location.hash.slice(1) \
         && document.querySelector('#editor').value === {}; }})()",
        harness::js_str(before),
        harness::js_str(text)
    );
    app.wait_js("the state kept", &expr, REACT_TIMEOUT).await.map(|_| ())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_page_comes_back_as_it_was_left_unless_a_link_says_otherwise() {
    let app = App::open("state_never_lost").await;
    let outcome = app
        .run(async {
            app.load("", true).await?;
            let mine = "title \"Mine\"\ncores 2\nthread a { cpu 3 }\nthread b { cpu 5; io 2 }\n";
            let before = stored(&app).await?;
            app.set_text("#editor", mine).await?;
            stored_text(&app, &before, mine).await?;
            let before = stored(&app).await?;
            app.select("#view", "cores").await?;
            stored_text(&app, &before, mine).await?;
            // Opened again without a link: the same text and view.
            app.load("", true).await?;
            check_eq("the text after a reload", mine.to_string(), app.value("#editor").await?)?;
            check_eq("the view after a reload", "cores".to_string(), app.value("#view").await?)?;
            // An edit that does not parse is kept as typed, with its error.
            let broken = "title \"Mine\"\ncores 2\nthread a { cpu 3 }\nthread b { cpu 5; io";
            let before = stored(&app).await?;
            app.set_text("#editor", broken).await?;
            app.wait_js("the error", "document.querySelector('#editor-error') !== null", REACT_TIMEOUT).await?;
            stored_text(&app, &before, broken).await?;
            app.load("", true).await?;
            check_eq("the unparseable text after a reload", broken.to_string(), app.value("#editor").await?)?;
            app.wait_js("the error again", "document.querySelector('#editor-error') !== null", REACT_TIMEOUT).await?;
            // A link wins over the stored state.
            let linked = "thread z { cpu 4 }\n";
            let link = format!("#{}", encode(&LinkState { text: linked.into(), ..LinkState::default() }));
            let before = stored(&app).await?;
            app.load(&link, true).await?;
            check_eq("the link's text", linked.to_string(), app.value("#editor").await?)?;
            stored_text(&app, &before, linked).await?;
            // An embed neither reads nor writes it.
            let embedded = "thread e { cpu 2 }\n";
            let link =
                format!("?embed&editor=1#{}", encode(&LinkState { text: embedded.into(), ..LinkState::default() }));
            app.load(&link, true).await?;
            tokio::time::sleep(std::time::Duration::from_millis(800)).await;
            app.load("", true).await?;
            check_eq("the text after an embed", linked.to_string(), app.value("#editor").await?)?;
            // A stored state that no longer reads is dropped without a word.
            app.js("localStorage.setItem('threadlab.last', 'v1:%%%'); return true;", vec![]).await?;
            app.load("", true).await?;
            check_eq("no link problem shown", 0, app.count("#link-problem").await?)?;
            Ok(())
        })
        .await;
    app.finish(outcome).await;
}
