//! Does a step of `cargo xtask test` leave the source tree as it found it? A test that writes
//! into the tree (a golden file rewritten, a regression file added, Cargo.lock updated) would
//! pass in CI while the change is lost, so `cargo xtask test` fails when a step changes the
//! tree, naming the files.
//!
//! The state of the tree is `git status --porcelain` (untracked files one by one) plus the
//! contents of every file it lists, so a file already changed before the step and changed
//! again by it is caught too. Outside a git checkout there is nothing to compare: the check
//! is skipped, and says so.

use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::Path;
use std::process::{Command, Stdio};

/// The changed files of a work tree: path → (porcelain status, hash of the contents).
#[derive(Debug, PartialEq, Eq)]
pub struct Snapshot(BTreeMap<String, (String, Option<u64>)>);

/// Why there is no snapshot: not a git checkout (the check is skipped), or git failed.
pub enum NoSnapshot {
    NotACheckout(String),
    Failed(String),
}

impl Snapshot {
    /// The tree as it is now.
    pub fn take() -> Result<Snapshot, NoSnapshot> {
        let inside = Command::new("git")
            .args(["rev-parse", "--is-inside-work-tree"])
            .stdin(Stdio::null())
            .stderr(Stdio::null())
            .output();
        match inside {
            Ok(o) if o.status.success() && o.stdout.starts_with(b"true") => {}
            Ok(_) => return Err(NoSnapshot::NotACheckout("this is not a git checkout".to_string())),
            Err(e) => return Err(NoSnapshot::NotACheckout(format!("git could not be run ({e})"))),
        }
        let out = Command::new("git")
            .args(["status", "--porcelain=v1", "-z", "--untracked-files=all", "--ignore-submodules"])
            .stdin(Stdio::null())
            .output()
            .map_err(|e| NoSnapshot::Failed(format!("`git status` could not be run: {e}")))?;
        if !out.status.success() {
            let err = String::from_utf8_lossy(&out.stderr);
            return Err(NoSnapshot::Failed(format!("`git status` failed ({}): {}", out.status, err.trim())));
        }
        Ok(Snapshot::parse(&out.stdout, |path| contents_hash(Path::new(path))))
    }

    /// Reads `git status --porcelain=v1 -z` output: `XY PATH\0`, and for a rename or copy
    /// `XY NEW\0OLD\0`.
    fn parse(porcelain: &[u8], hash: impl Fn(&str) -> Option<u64>) -> Snapshot {
        let mut entries = BTreeMap::new();
        let mut fields = porcelain.split(|&b| b == 0).filter(|f| !f.is_empty());
        while let Some(field) = fields.next() {
            let field = String::from_utf8_lossy(field);
            let (status, path) = (field.get(..2).unwrap_or("").to_string(), field.get(3..).unwrap_or("").to_string());
            if status.starts_with('R') || status.starts_with('C') {
                fields.next();
            }
            let h = hash(&path);
            entries.insert(path, (status, h));
        }
        Snapshot(entries)
    }

    /// What changed between `self` (before) and `after`: one line per file, `STATUS PATH`
    /// as `git status --short` shows it now (`gone` once it is back as committed).
    pub fn changes(&self, after: &Snapshot) -> Vec<(String, String)> {
        let mut paths: Vec<&String> = self.0.keys().chain(after.0.keys()).collect();
        paths.sort();
        paths.dedup();
        paths
            .into_iter()
            .filter(|p| self.0.get(*p) != after.0.get(*p))
            .map(|p| {
                let now = after.0.get(p).map_or("  (restored)".to_string(), |(s, _)| s.clone());
                (p.clone(), now)
            })
            .collect()
    }
}

/// A hash of a file's bytes (`None` when it cannot be read: deleted, or a folder).
fn contents_hash(path: &Path) -> Option<u64> {
    let bytes = std::fs::read(path).ok()?;
    let mut h = DefaultHasher::new();
    bytes.hash(&mut h);
    Some(h.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snap(porcelain: &str, contents: &[(&str, u64)]) -> Snapshot {
        Snapshot::parse(porcelain.as_bytes(), |p| contents.iter().find(|(q, _)| *q == p).map(|(_, h)| *h))
    }

    #[test]
    fn a_clean_tree_has_no_changes() {
        assert_eq!(snap("", &[]).changes(&snap("", &[])), vec![]);
    }

    #[test]
    fn a_new_modified_or_restored_file_is_a_change() {
        let before = snap(" M a.rs\0?? b.txt\0", &[("a.rs", 1), ("b.txt", 2)]);
        let after = snap(" M a.rs\0?? c.json\0R  new.rs\0old.rs\0", &[("a.rs", 1), ("c.json", 3), ("new.rs", 4)]);
        let changes = before.changes(&after);
        assert_eq!(
            changes,
            vec![
                ("b.txt".to_string(), "  (restored)".to_string()),
                ("c.json".to_string(), "??".to_string()),
                ("new.rs".to_string(), "R ".to_string()),
            ]
        );
    }

    #[test]
    fn a_file_changed_again_is_a_change() {
        let before = snap(" M a.rs\0", &[("a.rs", 1)]);
        let after = snap(" M a.rs\0", &[("a.rs", 2)]);
        assert_eq!(before.changes(&after), vec![("a.rs".to_string(), " M".to_string())]);
    }
}
