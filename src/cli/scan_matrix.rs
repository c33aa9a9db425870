//! `crossread scan --format matrix`: the outlet × outlet matrix ([`OutletMatrix`]) as CSV, for a
//! spreadsheet. One row per outlet, biggest borrowers first; one column per outlet, biggest
//! lenders first. A cell is the share of the row outlet's words it shares with the column
//! outlet (0 to 1); `took_from` says, from the source hints, whom the row took words from.

use std::io::{self, Write};

use crossread::Corpus;
use crossread::detect::reuse::Reuse;
use crossread::detect::source::SourceHint;
use crossread::view::matrix::OutletMatrix;

use crate::cli::csv::csv_field;

/// A share with four decimals (0.0123 is 1.23%), without trailing noise.
fn share(value: f64) -> String {
    let rounded = (value * 10_000.0).round() / 10_000.0;
    format!("{rounded}")
}

/// Writes the matrix of `corpus` as CSV.
pub fn write(
    out: &mut impl Write,
    corpus: &Corpus,
    reuse: &Reuse,
    hints: &[SourceHint],
) -> io::Result<()> {
    let matrix = OutletMatrix::build(corpus, reuse, hints);
    let mut header = vec![
        "outlet".to_owned(),
        "articles".to_owned(),
        "words".to_owned(),
        "shared".to_owned(),
        "took".to_owned(),
        "took_from".to_owned(),
    ];
    header.extend(
        matrix
            .columns
            .iter()
            .map(|&c| csv_field(&matrix.outlets[c].name)),
    );
    writeln!(out, "{}", header.join(","))?;
    for &row in &matrix.rows {
        let outlet = &matrix.outlets[row];
        let mut took_from: Vec<(usize, usize)> = (0..matrix.outlets.len())
            .filter(|&c| c != row)
            .map(|c| (c, matrix.cell(row, c).took_words))
            .filter(|&(_, words)| words > 0)
            .collect();
        took_from.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
        let took_from = took_from
            .iter()
            .map(|&(c, words)| {
                format!(
                    "{} {}",
                    matrix.outlets[c].name,
                    share(words as f64 / outlet.words.max(1) as f64)
                )
            })
            .collect::<Vec<_>>()
            .join("; ");
        let mut fields = vec![
            csv_field(&outlet.name),
            outlet.articles.len().to_string(),
            outlet.words.to_string(),
            share(outlet.shared_share()),
            share(outlet.took_share()),
            csv_field(&took_from),
        ];
        fields.extend(
            matrix
                .columns
                .iter()
                .map(|&c| share(matrix.cell(row, c).share)),
        );
        writeln!(out, "{}", fields.join(","))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_have_four_decimals_at_most() {
        assert_eq!(share(0.0), "0");
        assert_eq!(share(1.0), "1");
        assert_eq!(share(0.123_456), "0.1235");
        assert_eq!(share(2.0 / 3.0), "0.6667");
    }
}
