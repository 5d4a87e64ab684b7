//! The source's shape, held by tests: the crate's top-level modules import
//! one another without a cycle (so the core never depends on what draws or
//! serves it), and no source file grows past 750 lines without its module
//! doc saying why.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The crate's source files that are not tests, each with its text up to
/// its unit-test module (`#[cfg(test)]` then `mod`, at the top level; a
/// test-only field or function inside the code does not end it).
fn code() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&root, &mut files);
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let rel = p
                .strip_prefix(&root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let text = fs::read_to_string(&p).unwrap();
            let end = text
                .find("\n#[cfg(test)]\nmod ")
                .or_else(|| text.find("\n#[cfg(test)]\n#[path"))
                .unwrap_or(text.len());
            let code = text[..end].to_owned();
            (rel, code)
        })
        .filter(|(rel, _)| !rel.ends_with("tests.rs"))
        .collect()
}

/// Which top-level modules each one names (`crate::x`), doc comments
/// aside.
fn imports() -> BTreeMap<String, BTreeSet<String>> {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (rel, code) in code() {
        let top = rel
            .split('/')
            .next()
            .unwrap()
            .trim_end_matches(".rs")
            .to_owned();
        if top == "main" || top == "lib" {
            continue;
        }
        let names = graph.entry(top.clone()).or_default();
        for line in code.lines().filter(|l| !l.trim_start().starts_with("//")) {
            for (at, _) in line.match_indices("crate::") {
                let name: String = line[at + 7..]
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() && name != top {
                    names.insert(name);
                }
            }
        }
    }
    graph
}

fn path_back(
    graph: &BTreeMap<String, BTreeSet<String>>,
    from: &str,
    to: &str,
    seen: &mut BTreeSet<String>,
) -> Option<Vec<String>> {
    for next in graph.get(from).into_iter().flatten() {
        if next == to {
            return Some(vec![from.to_owned(), to.to_owned()]);
        }
        if seen.insert(next.clone())
            && let Some(mut rest) = path_back(graph, next, to, seen)
        {
            rest.insert(0, from.to_owned());
            return Some(rest);
        }
    }
    None
}

#[test]
fn the_modules_import_one_another_without_a_cycle() {
    let graph = imports();
    // The core is there, and what draws and serves it imports it.
    assert!(graph["console"].contains("run"), "{graph:?}");
    assert!(graph["web"].contains("run"), "{graph:?}");
    for module in graph.keys() {
        let cycle = path_back(&graph, module, module, &mut BTreeSet::new());
        assert!(
            cycle.is_none(),
            "an import cycle: {}",
            cycle.unwrap().join(" -> ")
        );
    }
    for core in ["run", "plan", "time", "text"] {
        for above in [
            "console", "web", "screens", "shell", "report", "recovery", "moment",
        ] {
            assert!(
                !graph[core].contains(above),
                "the core module {core} imports {above}"
            );
        }
    }
}

#[test]
fn no_source_file_is_over_750_lines_without_saying_why() {
    let files = code();
    // Not a vacuous pass: the whole crate is read.
    assert!(
        files.iter().any(|(rel, _)| rel == "run/mod.rs"),
        "{}",
        files.len()
    );
    let mut long = Vec::new();
    for (rel, code) in files {
        let lines = code.lines().count();
        let doc: String = code
            .lines()
            .take_while(|l| l.starts_with("//!") || l.is_empty())
            .collect();
        if lines > 750 && !doc.contains("750") {
            long.push(format!("src/{rel}: {lines} lines"));
        }
    }
    assert!(
        long.is_empty(),
        "too long, with no reason in the module doc: {long:?}"
    );
}
