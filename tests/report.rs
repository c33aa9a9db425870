//! `crossread report`: the HTML file parses as HTML without a single error and asks for nothing
//! over the network; the Markdown reads as the snapshot says; selections and their errors; and
//! the seeds' report as a real browser sees it (every passage, outlet and tag there, the
//! legitimacy paragraph highlighted in each article carrying it, a screenshot that is not blank).

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use html5ever::tendril::TendrilSink as _;
use markup5ever_rcdom::{Handle, NodeData, RcDom};

const WIRE: &str = "Putin has repeatedly raised doubts about Zelenskiy's legitimacy as his term in \
    office was due to expire in May 2024 but the war means no new presidential election has yet \
    been held. Kyiv says Zelenskiy remains the legitimate president.";

fn crossread(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_crossread"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the binary runs")
}

fn text_of(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("UTF-8")
}

/// A folder holding a config for the seeds (read in place) and a tags file: one tag on the
/// legitimacy paragraph, one orphan.
fn seeds_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = std::fs::read_to_string(root.join("config.toml")).expect("config.toml");
    let seeds = root.join("seeds");
    let config = config.replace(
        "dir = \"seeds\"",
        &format!("dir = {:?}", seeds.to_string_lossy()),
    );
    assert!(config.contains(&*seeds.to_string_lossy()), "{config}");
    std::fs::write(dir.path().join("config.toml"), config).expect("write config");
    std::fs::write(
        dir.path().join("tags.toml"),
        r#"[labels]
"wire copy" = { color = "yellow", description = "Taken from Reuters or AFP" }

[[tag]]
id = "legit1"
article = "003_36cbbe6c1411a271.txt"
labels = ["wire copy"]
note = "Reuters wording"
quote = "Putin has repeatedly raised doubts about Zelenskiy's legitimacy"

[[tag]]
id = "gone1"
article = "002_bf921deb08cbc33a.txt"
labels = ["check"]
quote = "A sentence no article holds, so this tag is an orphan"
"#,
    )
    .expect("write tags");
    dir
}

/// A corpus of three short articles: a wire paragraph, a rewrite of it, and one that shares
/// nothing; outlets and dates in the config, one tag.
fn small_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let articles = dir.path().join("articles");
    std::fs::create_dir(&articles).expect("mkdir");
    std::fs::write(
        articles.join("a.txt"),
        format!("Wire story\n\nThe talks stalled on Thursday.\n\n{WIRE}\n"),
    )
    .expect("write");
    let rewrite = WIRE
        .replace("Putin has", "Russian President Vladimir Putin has")
        .replace("Zelenskiy's", "Zelenskyy's")
        .replace("legitimate president", "lawful president")
        .replace(" in May 2024", "");
    std::fs::write(
        articles.join("b.txt"),
        format!("Local paper\n\n{rewrite}\n\nA line of its own, with *stars* and <tags>.\n"),
    )
    .expect("write");
    std::fs::write(
        articles.join("c.txt"),
        "Other news\n\nNothing here is shared with anyone.\n",
    )
    .expect("write");
    std::fs::write(
        dir.path().join("config.toml"),
        r#"[corpus]
dir = "articles"
[[source]]
file = "a.txt"
outlet = "Wire"
date = "2025-08-21"
[[source]]
file = "b.txt"
outlet = "Gazette"
date = "2025-08-22"
"#,
    )
    .expect("write config");
    std::fs::write(
        dir.path().join("tags.toml"),
        r#"[[tag]]
id = "t1"
article = "b.txt"
labels = ["rewrite"]
note = "Drops the date"
quote = "Kyiv says Zelenskiy remains the lawful president."
"#,
    )
    .expect("write tags");
    dir
}

fn parse(html: &str) -> RcDom {
    html5ever::parse_document(RcDom::default(), Default::default())
        .from_utf8()
        .read_from(&mut html.as_bytes())
        .expect("parse")
}

fn elements(node: &Handle, out: &mut Vec<Handle>) {
    for child in node.children.borrow().iter() {
        if matches!(child.data, NodeData::Element { .. }) {
            out.push(child.clone());
        }
        elements(child, out);
    }
}

fn all_elements(dom: &RcDom) -> Vec<Handle> {
    let mut out = Vec::new();
    elements(&dom.document, &mut out);
    out
}

fn name(node: &Handle) -> String {
    match &node.data {
        NodeData::Element { name, .. } => name.local.to_string(),
        _ => String::new(),
    }
}

fn attr(node: &Handle, key: &str) -> Option<String> {
    match &node.data {
        NodeData::Element { attrs, .. } => attrs
            .borrow()
            .iter()
            .find(|a| &*a.name.local == key)
            .map(|a| a.value.to_string()),
        _ => None,
    }
}

fn text(node: &Handle) -> String {
    let mut out = String::new();
    if let NodeData::Text { contents } = &node.data {
        out.push_str(&contents.borrow());
    }
    for child in node.children.borrow().iter() {
        out.push_str(&text(child));
    }
    out
}

fn descendants(node: &Handle) -> Vec<Handle> {
    let mut out = Vec::new();
    elements(node, &mut out);
    out
}

fn by_id(dom: &RcDom, id: &str) -> Option<Handle> {
    all_elements(dom)
        .into_iter()
        .find(|e| attr(e, "id").as_deref() == Some(id))
}

fn report_html(project: &Path, extra: &[&str]) -> String {
    let out = project.join("out.html");
    let mut args = vec![
        "report",
        "--no-cache",
        "-o",
        out.to_str().expect("utf-8 path"),
    ];
    args.extend_from_slice(extra);
    let output = crossread(project, &args);
    assert_eq!(output.status.code(), Some(0), "{}", text_of(&output.stderr));
    assert!(text_of(&output.stderr).contains("crossread: wrote "));
    std::fs::read_to_string(out).expect("the report was written")
}

#[test]
fn the_html_report_parses_without_errors_and_names_nothing_on_the_network() {
    let project = seeds_project();
    let html = report_html(project.path(), &[]);
    let dom = parse(&html);
    assert_eq!(dom.errors.borrow().len(), 0, "{:?}", dom.errors.borrow());
    let elements = all_elements(&dom);
    assert!(elements.len() > 100);
    for e in &elements {
        for key in ["src", "href", "action", "poster", "data"] {
            if let Some(url) = attr(e, key) {
                let lower = url.to_ascii_lowercase();
                assert!(
                    !lower.starts_with("http:")
                        && !lower.starts_with("https:")
                        && !lower.starts_with("//"),
                    "<{} {key}={url:?}> reaches the network",
                    name(e)
                );
            }
        }
        // Style and script are inline: nothing names a file to load.
        assert!(
            !(name(e) == "script" && attr(e, "src").is_some()),
            "a script is loaded"
        );
        assert!(name(e) != "link" && name(e) != "img" && name(e) != "iframe");
        if name(e) == "style" {
            let css = text(e);
            assert!(!css.contains("@import") && !css.contains("url("), "{css}");
            assert!(!css.contains("@font-face"));
        }
    }
}

#[test]
fn the_markdown_report_reads_as_reviewed() {
    let project = small_project();
    let output = crossread(
        project.path(),
        &["report", "--no-cache", "--format", "md", "-o", "-"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", text_of(&output.stderr));
    insta::assert_snapshot!("report_small_md", text_of(&output.stdout));
}

#[test]
fn the_small_report_marks_every_difference_and_the_tag() {
    let project = small_project();
    let html = report_html(project.path(), &[]);
    let dom = parse(&html);
    assert_eq!(dom.errors.borrow().len(), 0, "{:?}", dom.errors.borrow());
    let passage = by_id(&dom, "p-1").expect("passage 1");
    let marks: Vec<(String, String)> = descendants(&passage)
        .iter()
        .filter(|e| ["ins", "del", "i"].contains(&name(e).as_str()))
        .map(|e| (name(e), text(e)))
        .collect();
    let has = |tag: &str, words: &str| marks.contains(&(tag.to_owned(), words.to_owned()));
    assert!(has("ins", "Russian President Vladimir"), "{marks:?}");
    assert!(has("i", "Zelenskyy"), "{marks:?}");
    assert!(has("del", "in May 2024"), "{marks:?}");
    assert!(
        has("del", "legitimate") && has("ins", "lawful"),
        "{marks:?}"
    );
    // The summary: dates from the config, both outlets, the borrower first.
    let summary = text(&by_id(&dom, "summary").expect("summary"));
    assert!(
        summary.contains("2025-08-21 to 2025-08-22 (1 undated)"),
        "{summary}"
    );
    assert!(summary.contains("1 passage, 2 copies in all"), "{summary}");
    // The matrix: the Gazette took from the Wire (dated a day earlier), the same share the
    // reader's matrix gives.
    let matrix = text(&by_id(&dom, "matrix").expect("the matrix"));
    assert!(matrix.contains("Gazette78% ←"), "{matrix}");
    assert!(matrix.contains("Wire85% →"), "{matrix}");
    let passage_text = text(&passage);
    assert!(
        passage_text.contains("Source: Wire (a.txt), 1 day earlier (rule: earliest_date)"),
        "{passage_text}"
    );
    // The tag underlines its passage in b.txt, after its label, linked to the tag's entry.
    let b = by_id(&dom, "a-1").expect("article b");
    let tagged: Vec<String> = descendants(&b)
        .iter()
        .filter(|e| name(e) == "u")
        .map(text)
        .collect();
    assert_eq!(
        tagged.concat(),
        "◆rewriteKyiv says Zelenskiy remains the lawful president."
    );
    let tag = by_id(&dom, "t-0").expect("tag entry");
    assert!(text(&tag).contains("Note: Drops the date"));
    // Markup in an article is text, never markup.
    assert!(text(&b).contains("with *stars* and <tags>."));
}

#[test]
fn a_selection_narrows_the_report_and_a_bad_one_is_an_error() {
    let project = seeds_project();
    let one = parse(&report_html(project.path(), &["--cluster", "4"]));
    let ids: Vec<String> = all_elements(&one)
        .iter()
        .filter_map(|e| attr(e, "id"))
        .filter(|id| id.starts_with("p-") || id.starts_with("a-"))
        .collect();
    assert_eq!(ids, ["p-4", "a-1", "a-3"]);
    let tagged = parse(&report_html(project.path(), &["--label", "wire copy"]));
    let ids: Vec<String> = all_elements(&tagged)
        .iter()
        .filter_map(|e| attr(e, "id"))
        .filter(|id| ["p-", "a-", "t-"].iter().any(|p| id.starts_with(p)))
        .collect();
    assert_eq!(ids, ["p-4", "a-3", "t-0"]);
    let named = parse(&report_html(
        project.path(),
        &["--articles", "002_bf921deb08cbc33a.txt"],
    ));
    let ids: Vec<String> = all_elements(&named)
        .iter()
        .filter_map(|e| attr(e, "id"))
        .filter(|id| ["p-", "a-"].iter().any(|p| id.starts_with(p)))
        .collect();
    assert_eq!(ids, ["p-2", "p-3", "a-2"]);

    let output = crossread(project.path(), &["report", "--no-cache", "--cluster", "9"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text_of(&output.stderr).ends_with("no shared passage 9: there are 5 (numbered from 1)\n"),
        "{}",
        text_of(&output.stderr)
    );
    let output = crossread(
        project.path(),
        &["report", "--no-cache", "--articles", "nope.txt"],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(text_of(&output.stderr).contains("no article nope.txt in the corpus"));
    assert!(!project.path().join("report.html").exists());
}

// ---- In a real browser -------------------------------------------------------------------

/// Set to run without a browser; the test then says loudly that it checked nothing.
const SKIP_VAR: &str = "CROSSREAD_SKIP_BROWSER";

/// Chromium from `CROSSREAD_CHROMIUM`, else the first of the usual names on PATH.
fn browser() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("CROSSREAD_CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    let names = [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ];
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
        .find(|p| p.is_file())
}

/// Runs the browser headless on `url` with `mode` (`--dump-dom` or `--screenshot=…`), with a
/// deadline; returns its stdout.
fn headless(browser: &Path, mode: &str, url: &str) -> String {
    let profile = tempfile::tempdir().expect("profile dir");
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--hide-scrollbars",
            "--window-size=1000,1400",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(mode)
        .arg(url)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the browser starts");
    let mut stdout = child.stdout.take().expect("piped stdout");
    let reader = std::thread::spawn(move || {
        let mut out = String::new();
        std::io::Read::read_to_string(&mut stdout, &mut out).map(|_| out)
    });
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            assert!(
                status.success(),
                "{} {mode} failed: {status}",
                browser.display()
            );
            break;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("{} {mode} {url} took over two minutes", browser.display());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    reader.join().expect("reader").expect("stdout is UTF-8")
}

#[test]
fn the_seeds_report_in_a_real_browser() {
    let Some(browser) = browser() else {
        if std::env::var_os(SKIP_VAR).is_some() {
            eprintln!(
                "\n!!! SKIPPED: no Chromium found, and {SKIP_VAR} is set: the report was NOT \
                 checked in a browser !!!\n"
            );
            return;
        }
        panic!(
            "no Chromium to check the report in: install it (apt-get install chromium), name it \
             in CROSSREAD_CHROMIUM, or set {SKIP_VAR}=1 to skip this check knowingly"
        );
    };
    let project = seeds_project();
    report_html(project.path(), &[]);
    let file = project.path().join("out.html");
    let url = format!("file://{}", file.display());
    let dumped = headless(&browser, "--dump-dom", &url);
    let dom = parse(&dumped);
    assert!(dumped.len() > 20_000, "{dumped}");

    // What the library says the page must hold.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let project_config =
        crossread::Project::open(Some(&project.path().join("config.toml"))).expect("project");
    let (corpus, _) =
        crossread::Corpus::load(&root.join("seeds"), &project_config.config).expect("seeds");
    let reuse = crossread::detect(&corpus, &project_config.config.detect);
    let elements = all_elements(&dom);
    let clusters: Vec<String> = elements
        .iter()
        .filter(|e| attr(e, "class").as_deref() == Some("cluster"))
        .filter_map(|e| attr(e, "id"))
        .collect();
    let expected: Vec<String> = (1..=reuse.clusters.len())
        .map(|n| format!("p-{n}"))
        .collect();
    assert_eq!(clusters, expected);
    let outlets = text(&by_id(&dom, "outlets").expect("outlets table"));
    for article in &corpus.articles {
        assert!(
            outlets.contains(&article.outlet),
            "{} missing",
            article.outlet
        );
    }
    let tags = text(&by_id(&dom, "tags").expect("tags section"));
    assert!(tags.contains("Putin has repeatedly raised doubts about Zelenskiy's legitimacy"));
    assert!(tags.contains("A sentence no article holds") && tags.contains("orphaned"));
    assert!(tags.contains("wire copy") && tags.contains("Taken from Reuters or AFP"));

    // The legitimacy paragraph: its passage, every article carrying it, a highlight in each.
    let passage = elements
        .iter()
        .filter(|e| attr(e, "class").as_deref() == Some("cluster"))
        .find(|e| text(e).contains("raised doubts about"))
        .expect("a passage holds the legitimacy paragraph");
    let number = attr(passage, "id")
        .expect("id")
        .trim_start_matches("p-")
        .to_owned();
    let carriers: Vec<String> = descendants(passage)
        .iter()
        .filter(|e| name(e) == "a")
        .filter_map(|e| attr(e, "href"))
        .filter_map(|h| h.strip_prefix('#').map(str::to_owned))
        .collect();
    assert!(carriers.len() >= 2, "{carriers:?}");
    for carrier in &carriers {
        let article = by_id(&dom, carrier).expect("each carrier has its section");
        let highlighted = descendants(&article).into_iter().any(|e| {
            name(&e) == "mark"
                && attr(&e, "data-cluster").is_some_and(|c| c.split(' ').any(|n| n == number))
                && text(&e).contains("raised doubts about")
        });
        assert!(highlighted, "the paragraph is not highlighted in {carrier}");
    }

    // A screenshot of the report of the first carrier alone (its one article shown open):
    // not blank, and drawn in the outlets' colours.
    let first: usize = carriers[0].trim_start_matches("a-").parse().expect("a-N");
    let name = &corpus.articles[first].name;
    report_html(project.path(), &["--articles", name]);
    let shot = project.path().join("shot.png");
    headless(&browser, &format!("--screenshot={}", shot.display()), &url);
    let decoder = png::Decoder::new(std::io::BufReader::new(
        std::fs::File::open(&shot).expect("a screenshot"),
    ));
    let mut reader = decoder.read_info().expect("a PNG");
    let mut pixels = vec![0; reader.output_buffer_size().expect("size")];
    let info = reader.next_frame(&mut pixels).expect("a frame");
    let step = info.color_type.samples();
    let rgb: Vec<[u8; 3]> = pixels[..info.buffer_size()]
        .chunks(step)
        .map(|p| [p[0], p[1], p[2]])
        .collect();
    let inked = rgb.iter().filter(|p| p.iter().any(|&c| c < 200)).count();
    assert!(
        inked * 100 > rgb.len(),
        "the screenshot is blank: {inked} dark pixels"
    );
    let hex = |c: &[u8; 3]| format!("#{:02x}{:02x}{:02x}", c[0], c[1], c[2]);
    let colours: std::collections::BTreeSet<String> = rgb.iter().map(hex).collect();
    let highlights = ["#ffd39b", "#a6dcf7", "#b5ebc9", "#fff09a", "#d3c2f2"];
    let drawn = highlights.iter().filter(|c| colours.contains(**c)).count();
    assert!(drawn >= 2, "no outlet colours on screen: {drawn}");
}
