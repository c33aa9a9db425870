use super::write::{new_table_text, table_text, write_tag};
use super::*;
use crate::tags::anchor::TagAnchor;

fn tag(quote: &str, note: Option<&str>, labels: &[&str], span: std::ops::Range<usize>) -> Tag {
    Tag {
        id: TagId("k3x9q2vd".to_owned()),
        article: "Le Monde/été \"1\".txt".to_owned(),
        anchor: TagAnchor {
            quote: quote.to_owned(),
            prefix: "before\t".to_owned(),
            suffix: String::new(),
            stored_span: span,
        },
        labels: labels.iter().map(|l| (*l).to_owned()).collect(),
        note: note.map(str::to_owned),
        created: Timestamp::from_unix_seconds(1_755_772_200),
        updated: None,
    }
}

#[test]
fn a_new_table_is_written_as_toml_edit_writes_it() {
    let tags = [
        tag("plain", Some("a note"), &["wire copy", "check"], 10..15),
        tag("say \"hi\"\nthen 'bye'", None, &[], 0..0),
        tag("", Some("multi\nline \u{1b}"), &["é"], 0..0),
        tag("it's", Some("'single' and \"double\""), &["a,b"], 3..7),
    ];
    for tag in &tags {
        let mut table = Table::new();
        table.decor_mut().set_prefix("\n");
        write_tag(&mut table, tag);
        assert_eq!(new_table_text(tag), table_text(&table, None), "{tag:?}");
    }
}
