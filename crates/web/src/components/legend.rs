//! The legend: every colour and pattern with its meaning (the chart model's entries, in its
//! order: states, causes, waits that never end, end marks with their glyphs); clicking an
//! entry hides or shows it in the charts. Below, the markers' glyphs and what they mean.

use crate::i18n::{tr, Key, Lang};
use crate::palette::{legend_keys, style, Pattern};
use crate::state::{LegendKey, LegendSet};
use threadlab_share::chart::MarkerKind;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LegendProps {
    pub hidden: LegendSet,
    pub lang: Lang,
    pub on_toggle: Callback<LegendKey>,
}

/// The words of a legend entry.
pub fn label(lang: Lang, k: LegendKey) -> &'static str {
    crate::i18n::legend(lang, k)
}

fn swatch_class(p: Pattern) -> &'static str {
    match p {
        Pattern::Solid => "sw solid",
        Pattern::Stripes => "sw stripes",
        Pattern::BackStripes => "sw backstripes",
        Pattern::Lines => "sw lines",
        Pattern::Dots => "sw dots",
        Pattern::Cross => "sw cross",
        Pattern::Bars => "sw bars",
        Pattern::Checks => "sw checks",
        Pattern::Outline => "sw outline",
        Pattern::Grid => "sw grid",
        Pattern::Forever => "sw forever",
        Pattern::Glyph => "sw glyph",
    }
}

#[component]
pub fn Legend(props: &LegendProps) -> Html {
    let items = legend_keys().into_iter().map(|k| {
        let (colour, pattern) = style(k);
        let hidden = props.hidden.contains(k);
        let onclick = {
            let cb = props.on_toggle.clone();
            Callback::from(move |_: MouseEvent| cb.emit(k))
        };
        // An end mark shows its glyph, as drawn on the chart.
        let glyph = match k {
            LegendKey::End(f) => threadlab_share::chart::end_glyph(f).0,
            _ => "",
        };
        html! {
            <li>
                <button class={classes!("legend-item", hidden.then_some("off"))} aria-pressed={if hidden { "false" } else { "true" }} {onclick}>
                    <span class={swatch_class(pattern)} style={format!("--c:{colour}")} aria-hidden="true">{ glyph }</span>
                    { label(props.lang, k) }
                </button>
            </li>
        }
    });
    let markers = MarkerKind::ALL.into_iter().map(|m| {
        html! {
            <li class="legend-marker" data-kind={m.code()}>
                <span class="pin" aria-hidden="true">{ m.glyph() }</span>
                { crate::i18n::marker(props.lang, m) }
            </li>
        }
    });
    html! {
        <section class="legend" aria-label={tr(props.lang, Key::Legend)}>
            <h2>{ tr(props.lang, Key::Legend) }<small>{ " — " }{ tr(props.lang, Key::LegendHint) }</small></h2>
            <ul id="legend">{ for items }</ul>
            <h3>{ tr(props.lang, Key::Markers) }</h3>
            <ul id="legend-markers">{ for markers }</ul>
        </section>
    }
}
