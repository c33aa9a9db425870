//! The shape of `src/`: no two modules import each other, directly or around a circle, and a
//! screen of the reader never imports another screen (screens talk through the router in
//! `tui/app/update/`). Read from the source text: every `crate::…` and `super::…` path outside
//! test code, resolved to the module file it names.
//!
//! Test code (from a file's first `#[cfg(test)]` on, and files declared as test modules) is
//! left out: tests drive a screen through the whole reader, so they may import anything.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Every `.rs` file under `dir`.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module path of a file under `src/` (`tui/app/state.rs` → `tui::app::state`; a crate
/// root is the empty path).
fn module_of(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).expect("file under src");
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let last = parts.pop().unwrap_or_default();
    let stem = last.trim_end_matches(".rs");
    if !matches!(stem, "mod" | "lib" | "main") {
        parts.push(stem.to_owned());
    }
    parts
}

/// The file's text before its first `#[cfg(test)]` line (unit tests sit at the bottom), and the
/// names of the test-only child modules it declares (`#[cfg(test)] mod tests;`).
fn split_tests(text: &str) -> (String, Vec<String>) {
    let mut code = String::new();
    let mut test_children = Vec::new();
    let mut in_tests = false;
    let mut after_cfg_test = false;
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed == "#[cfg(test)]" {
            in_tests = true;
            after_cfg_test = true;
            continue;
        }
        if after_cfg_test {
            if let Some(name) = trimmed
                .strip_prefix("mod ")
                .and_then(|r| r.strip_suffix(';'))
            {
                test_children.push(name.trim().to_owned());
            }
            if !trimmed.starts_with("#[") {
                after_cfg_test = false;
            }
        }
        if !in_tests {
            code.push_str(line);
            code.push('\n');
        }
    }
    (code, test_children)
}

/// Drops `//` comments (doc comments too: they name paths in prose) and string literals.
fn strip_comments(code: &str) -> String {
    code.lines()
        .map(|line| {
            let mut out = String::new();
            let mut in_string = false;
            let mut chars = line.chars().peekable();
            while let Some(c) = chars.next() {
                match c {
                    '"' => in_string = !in_string,
                    '\\' if in_string => {
                        chars.next();
                    }
                    '/' if !in_string && chars.peek() == Some(&'/') => break,
                    _ if in_string => {}
                    _ => out.push(c),
                }
            }
            out
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Expands `a::{b, c::{d, e}}` into `a::b`, `a::c::d`, `a::c::e`.
fn expand(path: &str) -> Vec<String> {
    let path: String = path.chars().filter(|c| !c.is_whitespace()).collect();
    let Some(open) = path.find('{') else {
        return vec![path];
    };
    let prefix = &path[..open];
    let inner = &path[open + 1..path.rfind('}').unwrap_or(path.len())];
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    parts
        .into_iter()
        .filter(|p| !p.is_empty())
        .flat_map(|p| expand(&format!("{prefix}{p}")))
        .collect()
}

/// Every path starting `crate::` or `super::` in `code`: whole `use` trees, and paths used
/// inline in expressions and types.
fn paths_in(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = code;
    // `use` trees, which may span lines and hold groups.
    while let Some(at) = rest.find("use ") {
        let before = rest[..at].chars().last();
        let tail = &rest[at + 4..];
        rest = tail;
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let Some(end) = tail.find(';') else { break };
        let tree = &tail[..end];
        if tree.trim_start().starts_with("crate::") || tree.trim_start().starts_with("super::") {
            out.extend(expand(tree));
        }
    }
    // Inline paths.
    for start in ["crate::", "super::"] {
        let mut from = 0;
        while let Some(at) = code[from..].find(start) {
            let at = from + at;
            let before = code[..at].chars().last();
            let end = code[at..]
                .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                .map_or(code.len(), |e| at + e);
            from = end.max(at + start.len());
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            if code[..at].trim_end().ends_with("use") {
                continue;
            }
            out.push(code[at..end].trim_end_matches(':').to_owned());
        }
    }
    out
}

/// The module a path names: its longest prefix that is a module of `modules`.
fn resolve(path: &str, here: &[String], modules: &BTreeSet<Vec<String>>) -> Option<Vec<String>> {
    let mut segments: Vec<&str> = path.split("::").filter(|s| !s.is_empty()).collect();
    let mut base: Vec<String> = Vec::new();
    match segments.first() {
        Some(&"crate") => {
            segments.remove(0);
        }
        Some(&"super") => {
            base = here.to_vec();
            while segments.first() == Some(&"super") {
                segments.remove(0);
                base.pop();
            }
        }
        _ => return None,
    }
    let mut best = None;
    let mut candidate = base.clone();
    if modules.contains(&candidate) {
        best = Some(candidate.clone());
    }
    for segment in segments {
        if segment == "self" || segment == "*" {
            break;
        }
        candidate.push(segment.to_owned());
        if modules.contains(&candidate) {
            best = Some(candidate.clone());
        }
    }
    best
}

/// Module → the modules it imports (itself, its ancestors and crate roots left out).
fn import_graph() -> BTreeMap<Vec<String>, BTreeSet<Vec<String>>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut texts = BTreeMap::new();
    let mut test_only = BTreeSet::new();
    for file in &files {
        let module = module_of(&src, file);
        let text = fs::read_to_string(file).expect("readable source");
        let (code, children) = split_tests(&text);
        for child in children {
            let mut path = module.clone();
            path.push(child);
            test_only.insert(path);
        }
        texts.insert(module, code);
    }
    // A module under a test-only one is test code too.
    let is_test = |m: &Vec<String>| (1..=m.len()).any(|n| test_only.contains(&m[..n]));
    let modules: BTreeSet<Vec<String>> = texts.keys().cloned().collect();
    let mut graph = BTreeMap::new();
    for (module, code) in &texts {
        if is_test(module) || module.is_empty() {
            continue;
        }
        let mut imports = BTreeSet::new();
        for path in paths_in(&strip_comments(code)) {
            if let Some(target) = resolve(&path, module, &modules)
                && !target.is_empty()
                && !module.starts_with(&target)
            {
                imports.insert(target);
            }
        }
        graph.insert(module.clone(), imports);
    }
    graph
}

fn name(module: &[String]) -> String {
    module.join("::")
}

/// The strongly connected components with more than one module (Tarjan's algorithm).
fn cycles(graph: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>) -> Vec<Vec<String>> {
    struct Walk<'a> {
        graph: &'a BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
        index: BTreeMap<&'a [String], usize>,
        low: BTreeMap<&'a [String], usize>,
        stack: Vec<&'a [String]>,
        on_stack: BTreeSet<&'a [String]>,
        found: Vec<Vec<String>>,
    }
    impl<'a> Walk<'a> {
        fn visit(&mut self, v: &'a [String]) {
            let n = self.index.len();
            self.index.insert(v, n);
            self.low.insert(v, n);
            self.stack.push(v);
            self.on_stack.insert(v);
            let graph = self.graph;
            for w in graph.get(v).into_iter().flatten() {
                let w = w.as_slice();
                if !self.index.contains_key(w) {
                    if graph.contains_key(w) {
                        self.visit(w);
                        let low = self.low[w].min(self.low[v]);
                        self.low.insert(v, low);
                    }
                } else if self.on_stack.contains(w) {
                    let low = self.index[w].min(self.low[v]);
                    self.low.insert(v, low);
                }
            }
            if self.low[v] == self.index[v] {
                let mut component = Vec::new();
                while let Some(w) = self.stack.pop() {
                    self.on_stack.remove(w);
                    component.push(name(w));
                    if w == v {
                        break;
                    }
                }
                if component.len() > 1 {
                    component.sort();
                    self.found.push(component);
                }
            }
        }
    }
    let mut walk = Walk {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        found: Vec::new(),
    };
    for v in graph.keys() {
        if !walk.index.contains_key(v.as_slice()) {
            walk.visit(v);
        }
    }
    walk.found
}

/// Circles in the library that are known and being taken apart (the hashes move to one
/// module). A circle not listed fails the test, and so does a listed one that is gone, so
/// this list only shrinks.
const KNOWN_CYCLES: &[&[&str]] = &[];

#[test]
fn no_module_imports_itself_around_a_circle() {
    let graph = import_graph();
    assert!(
        graph.contains_key(&vec![
            "tui".to_owned(),
            "app".to_owned(),
            "state".to_owned()
        ]),
        "the graph must see the reader's modules"
    );
    let mut found = cycles(&graph);
    let before = found.len();
    found.retain(|c| {
        !KNOWN_CYCLES
            .iter()
            .any(|k| c.iter().map(String::as_str).eq(k.iter().copied()))
    });
    assert_eq!(
        before - found.len(),
        KNOWN_CYCLES.len(),
        "a known circle is gone: take it off KNOWN_CYCLES"
    );
    assert!(
        found.is_empty(),
        "modules that import each other (directly or around a circle):\n{}",
        found
            .iter()
            .map(|c| format!("  {}", c.join(" ↔ ")))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn no_screen_imports_another_screen() {
    let graph = import_graph();
    let screens = ["tui", "screens"].map(str::to_owned);
    let screen_of = |m: &[String]| m.starts_with(&screens).then(|| m.get(2).cloned()).flatten();
    let mut found = Vec::new();
    for (module, imports) in &graph {
        let Some(mine) = screen_of(module) else {
            continue;
        };
        for target in imports {
            if let Some(theirs) = screen_of(target)
                && theirs != mine
            {
                found.push(format!("  {} imports {}", name(module), name(target)));
            }
        }
    }
    assert!(
        found.is_empty(),
        "screens that import another screen:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_parser_sees_groups_inline_paths_and_super() {
    assert_eq!(
        expand("crate::tui::{app::state::{State, Pane}, screens::picker}"),
        [
            "crate::tui::app::state::State",
            "crate::tui::app::state::Pane",
            "crate::tui::screens::picker"
        ]
    );
    let code = "use crate::a::b;\nfn f() { crate::c::d::e(); super::x::y(); }\n";
    let mut paths = paths_in(code);
    paths.sort();
    assert_eq!(paths, ["crate::a::b", "crate::c::d::e", "super::x::y"]);
    let modules: BTreeSet<Vec<String>> =
        [vec!["a".to_owned()], vec!["a".to_owned(), "x".to_owned()]]
            .into_iter()
            .collect();
    let here = ["a".to_owned(), "b".to_owned()];
    assert_eq!(
        resolve("super::x::y", &here, &modules),
        Some(vec!["a".to_owned(), "x".to_owned()])
    );
    let graph: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = [
        (
            vec!["p".to_owned()],
            [vec!["q".to_owned()]].into_iter().collect(),
        ),
        (
            vec!["q".to_owned()],
            [vec!["p".to_owned()]].into_iter().collect(),
        ),
    ]
    .into_iter()
    .collect();
    assert_eq!(cycles(&graph), [vec!["p".to_owned(), "q".to_owned()]]);
}
