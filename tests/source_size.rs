//! The size of `src/`: no file longer than [`MAX_FILE_LINES`] lines (past that it holds two
//! ideas), and no function longer than [`MAX_LINES`] lines unless the comment just above it
//! says why, with a line containing [`MARKER`]: a function that long is usually several steps
//! that want names of their own, and one that is not (an event loop, a driver that reads best
//! as one list) says so where the reader meets it.
//!
//! Read from the source text: comments, strings and character literals are blanked, then
//! every `fn` with a body is measured from its `fn` line to its closing brace. Test code in
//! `src/` counts too.

use std::fs;
use std::path::{Path, PathBuf};

/// Longest a function may be, in lines from `fn` to its closing brace, without a reason.
const MAX_LINES: usize = 100;

/// The words that give a long function its reason, in the comment just above it (its doc
/// comment, or a `//` comment between its attributes and the `fn`), followed by the reason.
const MARKER: &str = "Long on purpose:";

/// Files with long functions that the detection and loading work going on beside this check
/// is changing (`src/detect/`, `src/corpus/`, the scan's text output): `normalize::scan_words`,
/// `refresh::refresh` (its doc comment gives a reason, in other words than [`MARKER`]),
/// `reuse::group`, `wide::cluster_runs` and `scan_output::write_text`. They are measured once
/// that work lands; every other file of `src/` is held to [`MAX_LINES`] now.
const MEASURED_AFTER_DETECTION_WORK: &[&str] = &[
    "src/cli/scan_output.rs",
    "src/detect/chain.rs",
    "src/detect/normalize.rs",
    "src/detect/refresh/mod.rs",
    "src/detect/reuse.rs",
    "src/detect/wide.rs",
];

/// Longest a file of `src/` may be, in lines.
const MAX_FILE_LINES: usize = 600;

/// Folders and files whose size the detection and loading work going on beside this check is
/// changing; held to [`MAX_FILE_LINES`] once that work lands.
const FILES_MEASURED_AFTER_DETECTION_WORK: &[&str] =
    &["src/detect/", "src/corpus/", "src/cli/scan_output.rs"];

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

/// `text` with comments, string literals and character literals replaced by spaces (line
/// breaks kept, so line numbers still hold), and lifetimes left as they are.
fn blank(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let keep = |c: char| if c == '\n' { '\n' } else { ' ' };
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        let prev = i.checked_sub(1).map(|p| chars[p]);
        let in_word = prev.is_some_and(|p| p.is_alphanumeric() || p == '_');
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                out.push(' ');
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    out.push_str("  ");
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    out.push_str("  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    out.push(keep(chars[i]));
                    i += 1;
                }
            }
        } else if let Some(hashes) = raw_string_start(&chars, i).filter(|_| !in_word) {
            // `r"…"`, `r#"…"#`, `br#"…"#`: no escapes; ends at a quote and as many `#`.
            let open = chars[i..].iter().position(|&c| c == '"').unwrap_or(0) + 1;
            for _ in 0..open {
                out.push(' ');
            }
            i += open;
            while i < chars.len() {
                if chars[i] == '"' && (0..hashes).all(|h| chars.get(i + 1 + h) == Some(&'#')) {
                    for _ in 0..=hashes {
                        out.push(' ');
                    }
                    i += 1 + hashes;
                    break;
                }
                out.push(keep(chars[i]));
                i += 1;
            }
        } else if c == '"' {
            out.push(' ');
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    out.push(' ');
                    i += 1;
                }
                if let Some(&c) = chars.get(i) {
                    out.push(keep(c));
                }
                i += 1;
            }
            out.push(' ');
            i += 1;
        } else if c == '\'' && (next == Some('\\') || chars.get(i + 2) == Some(&'\'')) {
            // A character literal (`'{'`, `'\n'`, `'\u{7b}'`); a lifetime has no closing quote.
            out.push(' ');
            i += 1;
            while i < chars.len() && chars[i] != '\'' {
                if chars[i] == '\\' {
                    out.push(' ');
                    i += 1;
                }
                out.push(' ');
                i += 1;
            }
            out.push(' ');
            i += 1;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// How many `#` a raw string starting at `i` has, if one starts there.
fn raw_string_start(chars: &[char], i: usize) -> Option<usize> {
    let mut j = i;
    if chars.get(j) == Some(&'b') || chars.get(j) == Some(&'c') {
        j += 1;
    }
    if chars.get(j) != Some(&'r') {
        return None;
    }
    j += 1;
    let hashes = chars[j..].iter().take_while(|&&c| c == '#').count();
    (chars.get(j + hashes) == Some(&'"')).then_some(hashes)
}

/// A function with a body: its name, first line (the `fn` line, 1-based) and length in lines.
#[derive(Debug, PartialEq)]
struct Function {
    name: String,
    line: usize,
    lines: usize,
}

/// Every function with a body in `text`, nested ones too, in source order.
fn functions(text: &str) -> Vec<Function> {
    let code = blank(text);
    let bytes = code.as_bytes();
    let line_of = |at: usize| code[..at].matches('\n').count() + 1;
    let is_word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = code[from..].find("fn").map(|a| from + a) {
        from = at + 2;
        if at > 0 && is_word(bytes[at - 1]) || bytes.get(at + 2).is_none_or(|&b| is_word(b)) {
            continue;
        }
        let rest = code[at + 2..].trim_start();
        let name: String = rest
            .chars()
            .take_while(|&c| c.is_alphanumeric() || c == '_')
            .collect();
        if name.is_empty() {
            continue; // `fn(u8) -> u8`, a pointer type.
        }
        let Some(open) = body_start(&code, at) else {
            continue;
        };
        let Some(close) = matching_brace(bytes, open) else {
            continue;
        };
        let line = line_of(at);
        found.push(Function {
            name,
            line,
            lines: line_of(close) - line + 1,
        });
    }
    found
}

/// Where the body of the `fn` at `at` opens: the first `{` outside parentheses and brackets,
/// unless a `;` ends the declaration first (a trait method without a default).
fn body_start(code: &str, at: usize) -> Option<usize> {
    let mut depth = 0i32;
    for (i, b) in code.bytes().enumerate().skip(at) {
        match b {
            b'(' | b'[' => depth += 1,
            b')' | b']' => depth -= 1,
            b'{' if depth == 0 => return Some(i),
            b';' if depth == 0 => return None,
            _ => {}
        }
    }
    None
}

/// The `}` that closes the `{` at `open`.
fn matching_brace(bytes: &[u8], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, &b) in bytes.iter().enumerate().skip(open) {
        match b {
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// Whether the comment just above line `line` (1-based; attribute lines between are skipped)
/// holds [`MARKER`].
fn has_reason(lines: &[&str], line: usize) -> bool {
    lines[..line - 1]
        .iter()
        .rev()
        .map(|l| l.trim())
        .skip_while(|l| l.starts_with("#["))
        .take_while(|l| l.starts_with("//"))
        .any(|l| l.contains(MARKER))
}

/// `file:line name (n lines)` for every function of `src/` longer than [`MAX_LINES`] without
/// a reason, files of [`MEASURED_AFTER_DETECTION_WORK`] left out.
fn unexplained() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    let mut found = Vec::new();
    for file in &files {
        let rel = file
            .strip_prefix(root)
            .expect("file under the crate")
            .to_string_lossy()
            .replace('\\', "/");
        if MEASURED_AFTER_DETECTION_WORK.contains(&rel.as_str()) {
            continue;
        }
        let text = fs::read_to_string(file).expect("readable source");
        let lines: Vec<&str> = text.lines().collect();
        for f in functions(&text) {
            if f.lines > MAX_LINES && !has_reason(&lines, f.line) {
                found.push(format!("  {rel}:{} {} ({} lines)", f.line, f.name, f.lines));
            }
        }
    }
    found
}

/// `file (n lines)` for every file of `src/` longer than [`MAX_FILE_LINES`], those of
/// [`FILES_MEASURED_AFTER_DETECTION_WORK`] left out.
fn long_files() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    let mut found = Vec::new();
    for file in &files {
        let rel = file
            .strip_prefix(root)
            .expect("file under the crate")
            .to_string_lossy()
            .replace('\\', "/");
        if FILES_MEASURED_AFTER_DETECTION_WORK
            .iter()
            .any(|p| rel.starts_with(p))
        {
            continue;
        }
        let lines = fs::read_to_string(file)
            .expect("readable source")
            .lines()
            .count();
        if lines > MAX_FILE_LINES {
            found.push(format!("  {rel} ({lines} lines)"));
        }
    }
    found
}

#[test]
fn files_hold_one_idea() {
    let found = long_files();
    assert!(
        found.is_empty(),
        "files over {MAX_FILE_LINES} lines: split them where a second idea starts (unit tests \
         go to a `tests.rs` beside the module)\n{}",
        found.join("\n")
    );
}

#[test]
fn long_functions_say_why() {
    let found = unexplained();
    assert!(
        found.is_empty(),
        "functions over {MAX_LINES} lines: split them into named steps, or say why not in a \
         comment above the `fn` containing {MARKER:?}\n{}",
        found.join("\n")
    );
}

#[test]
fn the_scanner_measures_bodies_past_strings_comments_and_literals() {
    let text = r##"
trait T {
    fn declared(&self) -> [u8; 2];
}
fn outer<'a>(x: &'a str) -> usize {
    let open = '{';
    let s = "}}}";
    let r = r#"fn fake() { "#;
    // fn commented() {
    /* } */
    fn inner() {}
    let f: fn(u8) -> u8 = |b| b;
    x.len()
}
"##;
    let found = functions(text);
    let found: Vec<(&str, usize, usize)> = found
        .iter()
        .map(|f| (f.name.as_str(), f.line, f.lines))
        .collect();
    assert_eq!(found, [("outer", 5, 10), ("inner", 11, 1)]);
    let lines: Vec<&str> = "/// Does it.\n///\n/// Long on purpose: one list.\n#[must_use]\nfn a() {}\n// Other.\nfn b() {}"
        .lines()
        .collect();
    assert!(has_reason(&lines, 5));
    assert!(!has_reason(&lines, 7));
}
