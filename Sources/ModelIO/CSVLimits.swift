// Data sets as CSV text (SPEC §6.2, §9, §11.2: `../shared/data/breast_cancer.csv`).
//
// One reader, one rule, for every command that takes `--data CSV`: a header
// line of distinct, non-empty column names, then rows with exactly as many
// cells; every cell an exact finite number (a decimal or `p/q`, within
// binary64's range: data sets are float64 arrays), none empty, no NaN or ±Inf.
// Blank lines are skipped but counted: every line number in a message is the
// physical, 1-based line of the file. Quoting is not supported.
//
// Limits no real data set reaches, so that a hostile file cannot take
// unbounded time or memory: 1 GiB of text, 1 000 000 columns, 10 000 000 rows,
// 10 000 characters a cell, 20 000 000 cells held as exact rationals (about
// 100 bytes each; only `verify lie` asks), and the decimal exponent budget of
// `DecimalExponentBudget` over the whole file.

/// The limits above, none of which a real data set reaches.
public enum CSVLimits {
    public static let columns = 1_000_000
    public static let rows = 10_000_000
    public static let cellCharacters = 10_000
    public static let exactCells = 20_000_000
}
