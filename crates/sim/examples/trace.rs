//! Developer aid: prints a scenario's outcome, each thread's segments and the events in a
//! compact text form (`cargo run -p threadlab-sim --example trace -- FILE [--events]`).

use threadlab_sim::trace::CoreActivity;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: trace FILE [--events]");
        std::process::exit(1);
    };
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let r = match threadlab_sim::run(&text) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{path}:{e}");
            std::process::exit(2);
        }
    };
    println!(
        "outcome {:?}\nmakespan {} switches {} gil_handoffs {} io_busy {}",
        r.outcome, r.makespan, r.context_switches, r.gil_handoffs, r.io_busy
    );
    for (i, t) in r.threads.iter().enumerate() {
        let segs: Vec<String> = r
            .segments_of(i as u32)
            .iter()
            .map(|s| {
                let what = match (s.state, s.cause, s.core) {
                    (_, Some(c), _) => format!(
                        "{}{}",
                        c.as_str(),
                        s.object.map(|o| format!(" {}", r.object_name(o))).unwrap_or_default()
                    ),
                    (_, _, Some(c)) => {
                        format!("run@{c}{}", s.task.map(|k| format!(" {}", r.tasks[k as usize])).unwrap_or_default())
                    }
                    (st, _, _) => st.as_str().to_string(),
                };
                format!("{}-{} {}", s.start, s.end, what)
            })
            .collect();
        println!("{:>10} [{}] {}", t.name, t.fate.as_str(), segs.join(", "));
    }
    for c in 0..r.cores.len() {
        let segs: Vec<String> = r
            .core_segments
            .iter()
            .filter(|g| g.core as usize == c)
            .map(|g| match g.activity {
                CoreActivity::Run(t) => format!("{}-{} {}", g.start, g.end, r.thread_name(t)),
                CoreActivity::Switch(t) => format!("{}-{} ~{}", g.start, g.end, r.thread_name(t)),
            })
            .collect();
        println!("{:>10} {}", format!("core {c}"), segs.join(", "));
    }
    if args.iter().any(|a| a == "--events") {
        let j: serde_json::Value = serde_json::from_str(&r.to_json()).expect("json");
        for e in j["events"].as_array().into_iter().flatten() {
            println!("{e}");
        }
    }
}
